import { useTranslation } from 'react-i18next';
import { QUEUE_SERVICES, type HallSessionView } from '@yaofang/shared/hall-session';
import { HallFrame } from './hall-frame.tsx';

export type QueueService = (typeof QUEUE_SERVICES)[number];

/** 取号: pick a service, the agent prints the ticket; the number is shown big. */
export function QueueScreen(props: {
  session: HallSessionView;
  onTake: (service: QueueService) => void;
  onHome: () => void;
}) {
  const { t } = useTranslation();
  const { ticket } = props.session;
  const serviceName = (service: string) => t(`hall.queue.services.${service}`, { defaultValue: service });
  return (
    <HallFrame page="queue" title={t('hall.queue.title')} session={props.session} onHome={props.onHome}>
      {ticket && (
        <div className="hall-ticket" data-testid="ticket" role="status">
          <span className="sub">{t('hall.queue.yourNumber')}</span>
          <strong className="ticket-number" data-testid="ticket-number">
            {ticket.number}
          </strong>
          <span className="sub" data-testid="ticket-service">
            {serviceName(ticket.service)}
          </span>
          <span className="sub">{t('hall.queue.wait')}</span>
        </div>
      )}
      <p className="sub">{t('hall.queue.hint')}</p>
      <div className="hall-grid" role="group" aria-label={t('hall.queue.label')}>
        {QUEUE_SERVICES.map((service) => (
          <button
            key={service}
            type="button"
            className="hall-tile"
            data-testid={`queue-${service}`}
            onClick={() => props.onTake(service)}
          >
            <span className="tile-name">{serviceName(service)}</span>
          </button>
        ))}
      </div>
    </HallFrame>
  );
}
