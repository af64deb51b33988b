import { useTranslation } from 'react-i18next';
import type { WasteNotice } from '@yaofang/shared/waste-session';
import { noticeText } from '../waste/waste-text.ts';

/** Why something did not happen (a closed category, a card not bound, a scale that did not settle). */
export function WasteNoticeBox(props: { notice: WasteNotice; testId?: string }) {
  const { t } = useTranslation();
  return (
    <p
      className="waste-notice"
      role="alert"
      data-testid={props.testId ?? 'waste-notice'}
      data-code={props.notice.code}
    >
      {noticeText(props.notice, t)}
    </p>
  );
}
