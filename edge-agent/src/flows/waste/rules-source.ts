import { DEFAULT_WASTE_RULES, parseWasteRules, type WasteRules } from '@yaofang/shared/waste';
import type { Logger } from 'pino';
import type { StoredRules } from '../../sync/sync-store.ts';

/** What the flow needs of the SyncStore for its rules. */
export interface RulesStore {
  storedRules(): { district: StoredRules | null; station: StoredRules | null };
}

/**
 * The rules in force: the station's own signed rules, else the district's,
 * else `DEFAULT_WASTE_RULES`. A stored document that is not valid waste rules
 * is skipped (and logged once per version), never half-applied.
 */
export class ActiveRules {
  private readonly warned = new Set<string>();

  constructor(
    private readonly store: RulesStore,
    private readonly log: Logger,
  ) {}

  current(): WasteRules {
    const { station, district } = this.store.storedRules();
    for (const [scope, stored] of [
      ['station', station],
      ['district', district],
    ] as const) {
      if (!stored) continue;
      const parsed = parseWasteRules(stored.data);
      if (parsed.ok) return parsed.value;
      const key = `${scope}:${stored.version}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.log.warn(
          { scope, version: stored.version, problems: parsed.error.map((p) => p.message).slice(0, 5) },
          'stored rules are not valid waste rules; using the next ones',
        );
      }
    }
    return DEFAULT_WASTE_RULES;
  }
}
