/**
 * Named crash points for the fault suites. `YF_FAILPOINT=after-outbox-commit`
 * makes the agent SIGKILL itself right after that step, exactly as a power cut
 * there would. Unset in production: `hit()` is then a no-op.
 *
 * - `after-outbox-commit`: a card presentation's event is committed.
 * - `after-drop-commit`: a waste drop (drop, ledger, event) is committed, before the screen hears of it.
 * - `after-timebank-commit`: a time-bank operation is committed, before the screen hears of it.
 */
export type Failpoint = 'after-outbox-commit' | 'after-drop-commit' | 'after-timebank-commit';

const armed = new Set((process.env.YF_FAILPOINT ?? '').split(',').filter(Boolean));

export function hitFailpoint(name: Failpoint): void {
  if (armed.has(name)) process.kill(process.pid, 'SIGKILL');
}
