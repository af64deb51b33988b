import { topics, uuidv7, type Disposer } from '@yaofang/shared';
import { firstIssue, responseSchema, type CentralRequest, type RequestKind } from '@yaofang/shared/sync';
import type { Logger } from 'pino';
import type { MqttLink } from '../uplink/uplink.ts';

/** Why the central platform's own answer is not what the caller got. */
export type FallbackReason = 'offline' | 'deadline' | 'error';

export type RequestOutcome =
  | { source: 'central'; data: unknown }
  /** The last synced value, labelled stale on screen. `error` is the central's, when it answered one. */
  | { source: 'cache'; stale: true; data: unknown; reason: FallbackReason; error?: string }
  | { source: 'none'; reason: FallbackReason; error?: string };

/** What the station holds locally for a request; `undefined`/`null` when nothing is cached. */
export type RequestFallback = (kind: RequestKind, args: Record<string, unknown>) => unknown;

export interface RequestClientDeps {
  link: MqttLink;
  stationId: string;
  log: Logger;
  fallback: RequestFallback;
  clock?: () => number;
}

interface Pending {
  kind: RequestKind;
  args: Record<string, unknown>;
  timer: NodeJS.Timeout;
  settle: (outcome: RequestOutcome) => void;
}

/** Ids of requests given up recently, so a late answer is logged as late, not unknown. */
const EXPIRED_MEMORY = 256;

/**
 * Asks the central platform (`req` → `res`, correlated by id) and never keeps
 * a resident waiting past the deadline: offline, too late or refused, the
 * caller gets the cached value flagged stale, or `none`.
 */
export class RequestClient {
  private readonly pending = new Map<string, Pending>();
  private readonly expired = new Map<string, RequestKind>();
  private disposers: Disposer[] = [];
  private readonly clock: () => number;

  constructor(private readonly deps: RequestClientDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  start(): void {
    if (this.disposers.length > 0) return;
    const { link, stationId } = this.deps;
    this.disposers = [
      link.subscribe(topics.response(stationId), (_topic, payload) => this.receive(payload)),
      link.onConnection((connected) => {
        if (!connected) for (const id of [...this.pending.keys()]) this.giveUp(id, 'offline');
      }),
    ];
  }

  stop(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    for (const id of [...this.pending.keys()]) this.giveUp(id, 'offline');
  }

  request(
    kind: RequestKind,
    args: Record<string, unknown>,
    options: { timeoutMs: number },
  ): Promise<RequestOutcome> {
    if (this.disposers.length === 0) throw new Error('RequestClient.request called before start()');
    const { link, stationId, log } = this.deps;
    if (!link.isConnected()) return Promise.resolve(this.fallback(kind, args, 'offline'));
    const now = this.clock();
    const request: CentralRequest = {
      v: 1,
      id: uuidv7(now),
      kind,
      deadline: new Date(now + options.timeoutMs).toISOString(),
      args,
    };
    return new Promise<RequestOutcome>((resolve) => {
      const timer = setTimeout(() => this.giveUp(request.id, 'deadline'), options.timeoutMs);
      this.pending.set(request.id, { kind, args, timer, settle: resolve });
      link.publish(topics.request(stationId), JSON.stringify(request), { qos: 1 }).then(
        (sent) => {
          if (!sent) this.giveUp(request.id, 'offline');
        },
        (error: unknown) => {
          log.warn({ err: error, kind }, 'request could not be published');
          this.giveUp(request.id, 'offline');
        },
      );
    });
  }

  private receive(payload: Buffer): void {
    const { log } = this.deps;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      log.warn('response ignored: not JSON');
      return;
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      log.warn({ problem: firstIssue(parsed.error) }, 'response ignored: not a v1 response');
      return;
    }
    const response = parsed.data;
    const entry = this.pending.get(response.id);
    if (!entry) {
      const kind = this.expired.get(response.id);
      if (kind)
        log.info({ id: response.id, kind }, 'late response ignored: the caller already has the cache');
      else log.warn({ id: response.id }, 'response ignored: no request with that id is waiting');
      return;
    }
    this.forget(response.id, entry, false);
    switch (response.status) {
      case 'ok':
        entry.settle({ source: 'central', data: response.data });
        return;
      case 'error':
        log.warn({ kind: entry.kind, error: response.error }, 'central answered the request with an error');
        entry.settle(this.fallback(entry.kind, entry.args, 'error', response.error));
        return;
      default:
        response satisfies never;
    }
  }

  private giveUp(id: string, reason: FallbackReason): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.forget(id, entry, true);
    this.deps.log.info({ kind: entry.kind, reason }, 'request answered from the cache');
    entry.settle(this.fallback(entry.kind, entry.args, reason));
  }

  private forget(id: string, entry: Pending, givenUp: boolean): void {
    clearTimeout(entry.timer);
    this.pending.delete(id);
    if (!givenUp) return;
    this.expired.set(id, entry.kind);
    if (this.expired.size > EXPIRED_MEMORY) this.expired.delete(this.expired.keys().next().value!);
  }

  private fallback(
    kind: RequestKind,
    args: Record<string, unknown>,
    reason: FallbackReason,
    error?: string,
  ): RequestOutcome {
    const extra = error === undefined ? {} : { error };
    let data: unknown;
    try {
      data = this.deps.fallback(kind, args);
    } catch (failure) {
      this.deps.log.error({ err: failure, kind }, 'cache lookup failed');
      data = undefined;
    }
    if (data === undefined || data === null) return { source: 'none', reason, ...extra };
    return { source: 'cache', stale: true, data, reason, ...extra };
  }
}
