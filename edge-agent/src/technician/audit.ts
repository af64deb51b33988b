import { randomUUID } from 'node:crypto';
import type { TechnicianAction, TechnicianActionEvent, TechnicianOutcome } from '@yaofang/shared/technician';
import type { Db } from '../store/database.ts';
import type { Outbox } from '../store/outbox.ts';

export interface AuditEntry {
  action: TechnicianAction;
  /** The technician card's cardKey. */
  actor: string;
  outcome: TechnicianOutcome;
  detail: string;
  target?: string | null;
}

/**
 * The technician audit trail: each entry is a row in `audit` and a
 * `technician.action` event for the central platform, in one transaction, so
 * the terminal's trail and the central's never disagree.
 */
export class AuditTrail {
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      'INSERT INTO audit (id, at, actor, action, details) VALUES (@id, @at, @actor, @action, @details)',
    );
  }

  record(entry: AuditEntry): TechnicianActionEvent {
    const data: TechnicianActionEvent = {
      auditId: randomUUID(),
      action: entry.action,
      actor: entry.actor,
      outcome: entry.outcome,
      detail: entry.detail.slice(0, 500),
      target: entry.target?.slice(0, 200) ?? null,
    };
    this.db.transaction(() => {
      this.insert.run({
        id: data.auditId,
        at: this.now(),
        actor: data.actor,
        action: data.action,
        details: JSON.stringify({ outcome: data.outcome, detail: data.detail, target: data.target }),
      });
      this.outbox.append('technician.action', data);
    })();
    return data;
  }
}
