import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { failCheck, okCheck, type CheckResult } from './check.ts';

/**
 * `integrity_check` on the agent's database, read-only so it is safe while
 * the agent runs. A missing database is fine: the agent creates it.
 */
export function checkDatabase(file: string): CheckResult {
  if (!existsSync(file))
    return okCheck('database', `${file} does not exist yet; the agent creates it on its first start`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      return failCheck(
        'database',
        `${file} failed integrity_check (${String(integrity).split('\n')[0]}): stop the agent and restore the last backup (docs/operations.md "Restore")`,
      );
    }
    return okCheck('database', `${file} passed integrity_check`);
  } catch (error) {
    return failCheck(
      'database',
      `${file} cannot be read as SQLite (${(error as Error).message}): stop the agent and restore the last backup (docs/operations.md "Restore")`,
    );
  } finally {
    db?.close();
  }
}
