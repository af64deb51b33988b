import { balanceArgsSchema, type RequestKind } from '@yaofang/shared/sync';
import type { RequestFallback } from './request-client.ts';
import type { SyncStore } from './sync-store.ts';

/**
 * The station's cached answers for `RequestClient`: a balance from the last
 * central snapshot. Approval status and history are not cached (yet).
 */
export function cachedAnswers(store: SyncStore): RequestFallback {
  return (kind: RequestKind, args: Record<string, unknown>) => {
    switch (kind) {
      case 'balance': {
        const parsed = balanceArgsSchema.safeParse(args);
        if (!parsed.success) return undefined;
        const snapshot = store.balance(parsed.data.residentKey, parsed.data.account);
        if (!snapshot) return undefined;
        const { residentKey, account, balance, asOf } = snapshot;
        return { residentKey, account, balance, asOf };
      }
      case 'approval.status':
      case 'approval.list':
      case 'history':
      case 'family':
        return undefined;
      default:
        return kind satisfies never;
    }
  };
}
