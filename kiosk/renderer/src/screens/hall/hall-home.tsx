import { useTranslation } from 'react-i18next';
import type { HallSessionView } from '@yaofang/shared/hall-session';
import type { HallPage } from '../../state/kiosk-state.ts';
import { HallNoticeBox } from './hall-frame.tsx';
import { SettingsButton } from '../../components/settings-button.tsx';

/**
 * The hall home after sign-in: who is signed in (masked only), then one big
 * tile per service. 绑定卡片 only after an ID-card sign-in.
 */
export function HallHome(props: {
  session: HallSessionView;
  onOpen: (page: Exclude<HallPage, 'home'>) => void;
  onBind: () => void;
  onFinish: () => void;
  onSettings: () => void;
}) {
  const { t } = useTranslation();
  const { session } = props;
  const { resident } = session;
  const binding = session.binding.state;
  const tiles: Array<{ page: Exclude<HallPage, 'home'>; label: string; hint: string }> = [
    {
      page: 'points',
      label: t('hall.home.points'),
      hint: t('hall.home.pointsHint', { points: session.balances.points.shown }),
    },
    {
      page: 'timebank',
      label: t('hall.home.timebank'),
      hint: t('hall.home.timebankHint', { minutes: session.balances.minutes.shown }),
    },
    { page: 'approvals', label: t('hall.home.approvals'), hint: t('hall.home.approvalsHint') },
    { page: 'queue', label: t('hall.home.queue'), hint: t('hall.home.queueHint') },
  ];
  return (
    <section className="screen-body hall-home" data-testid="hall-home-screen">
      <div className="hall-resident" data-testid="hall-resident">
        {resident.signedInWith === 'idcard' ? (
          <>
            <span className="hall-name" data-testid="hall-name">
              {t('hall.home.greeting', { name: resident.maskedName ?? '' })}
            </span>
            <span className="hall-id" data-testid="hall-id">
              {t('hall.home.idNumber', { id: resident.maskedIdNumber ?? '' })}
            </span>
          </>
        ) : (
          <span className="hall-name" data-testid="hall-household">
            {t('hall.home.household', { household: resident.household ?? '' })}
          </span>
        )}
      </div>
      <h1>{t('hall.home.title')}</h1>
      {session.notice && <HallNoticeBox notice={session.notice} />}
      {binding === 'waiting-card' && (
        <p className="hall-info" role="status" data-testid="bind-waiting">
          {t('hall.bind.waiting')}
        </p>
      )}
      <div className="hall-grid" role="group" aria-label={t('hall.home.label')}>
        {tiles.map((tile) => (
          <button
            key={tile.page}
            type="button"
            className={`hall-tile tile-${tile.page}`}
            data-testid={`tile-${tile.page}`}
            onClick={() => props.onOpen(tile.page)}
          >
            <span className="tile-name">{tile.label}</span>
            <span className="tile-state">{tile.hint}</span>
          </button>
        ))}
        {resident.signedInWith === 'idcard' && (
          <button
            type="button"
            className="hall-tile tile-bind"
            data-testid="tile-bind"
            disabled={binding === 'waiting-card' || binding === 'pending'}
            onClick={props.onBind}
          >
            <span className="tile-name">{t('hall.home.bind')}</span>
            <span className="tile-state">{t(`hall.bind.state.${binding}`)}</span>
          </button>
        )}
        <button
          type="button"
          className="hall-tile tile-exit"
          data-testid="hall-finish"
          onClick={props.onFinish}
        >
          <span className="tile-name">{t('hall.home.exit')}</span>
          <span className="tile-state">{t('hall.home.exitHint')}</span>
        </button>
      </div>
      <div className="actions">
        <SettingsButton onSettings={props.onSettings} />
      </div>
    </section>
  );
}
