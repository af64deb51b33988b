import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { previewLines, type PreviewLine } from '@yaofang/shared/receipt';
import { wasteReceipt } from '@yaofang/shared/waste-receipt';
import type { DropResult } from '@yaofang/shared/waste-session';

/** A text line that is one character repeated (a receipt separator) is drawn as a rule. */
const SEPARATOR = /^([-=_*.~])\1{7,}$/;

/**
 * What the printed receipt will say, from the same model the printer gets
 * (`shared/src/waste-receipt.ts`). The paper is Chinese whatever the screen
 * language, so it is marked `lang="zh-CN"`.
 *
 * The session view carries neither the drop's time nor the district's
 * timezone, so the preview uses the moment it was first shown and this
 * machine's clock; the printed receipt has the agent's own values.
 */
export function ReceiptPreview(props: { drop: DropResult; station: string; household: string | null }) {
  const { t } = useTranslation();
  const [shownAt] = useState(() => Date.now());
  const lines = withoutTail(
    previewLines(
      wasteReceipt({
        stationName: props.station,
        stationId: props.station,
        at: shownAt,
        timezoneOffsetMinutes: -new Date(shownAt).getTimezoneOffset(),
        household: props.household,
        drop: props.drop,
      }),
    ),
  );
  return (
    <section className="receipt" aria-labelledby="receipt-label" data-testid="receipt-preview">
      <h2 id="receipt-label" className="receipt-label">
        {t('waste.receipt.label')}
      </h2>
      <div className="receipt-paper" lang="zh-CN" data-testid="receipt-paper">
        {lines.map((line, index) => (
          <ReceiptLine key={index} line={line} />
        ))}
      </div>
    </section>
  );
}

/** The feed and cut after the last printed line: the paper's edge on screen is the box's edge. */
function withoutTail(lines: PreviewLine[]): PreviewLine[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1]?.type === 'blank' || lines[end - 1]?.type === 'cut')) end--;
  return lines.slice(0, end);
}

function ReceiptLine({ line }: { line: PreviewLine }) {
  switch (line.type) {
    case 'text':
      if (SEPARATOR.test(line.text)) return <hr className="receipt-rule" />;
      return (
        <p
          className={`receipt-line align-${line.align} ${line.bold ? 'bold' : ''} ${line.height > 1 || line.width > 1 ? 'large' : ''}`}
        >
          {line.text}
        </p>
      );
    case 'qr':
      // No QR encoder in the renderer: a placeholder where the code will print.
      return (
        <div className={`receipt-line align-${line.align}`} aria-hidden="true">
          <svg className="receipt-qr" viewBox="0 0 21 21" focusable="false">
            <path d="M0 0h7v7H0zM14 0h7v7h-7zM0 14h7v7H0zM2 2v3h3V2zM16 2v3h3V2zM2 16v3h3v-3zM9 0h2v2H9zM9 4h3v3H9zM8 9h5v2H8zM14 9h3v3h-3zM9 13h2v4H9zM13 14h4v2h-4zM18 14h3v3h-3zM14 18h2v3h-2zM18 19h3v2h-3z" />
          </svg>
        </div>
      );
    case 'blank':
      return <div className="receipt-blank" />;
    case 'cut':
      return <hr className="receipt-cut" />;
  }
}
