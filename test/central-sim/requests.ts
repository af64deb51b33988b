import { topics, type Disposer } from '@yaofang/shared';
import { firstIssue, requestSchema, type CentralResponse, type RequestKind } from '@yaofang/shared/sync';
import type { CentralLog } from './central-log.ts';

export type RequestAnswer = { status: 'ok'; data: unknown } | { status: 'error'; error: string };
export type RequestHandler = (
  args: Record<string, unknown>,
  context: { station: string; kind: RequestKind; id: string },
) => RequestAnswer | Promise<RequestAnswer>;

export interface RequestResponderDeps {
  publish: (topic: string, payload: string) => Promise<boolean>;
  log: CentralLog;
  /** Artificial delay before answering (deadline tests); read per request. */
  delayMs: () => number;
}

/**
 * Answers `yf/v1/{station}/req` on `…/res` through handlers registered per
 * kind. A request whose deadline has already passed is ignored: the edge has
 * answered its caller from the cache by then.
 */
export class RequestResponder {
  private readonly handlers = new Map<RequestKind, RequestHandler>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Requests dropped unanswered, with why. */
  readonly ignored: Array<{ station: string; id: string | null; reason: string }> = [];

  constructor(private readonly deps: RequestResponderDeps) {}

  on(kind: RequestKind, handler: RequestHandler): Disposer {
    this.handlers.set(kind, handler);
    return () => {
      if (this.handlers.get(kind) === handler) this.handlers.delete(kind);
    };
  }

  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async receive(station: string, payload: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return this.ignore(station, null, 'request is not JSON');
    }
    const parsed = requestSchema.safeParse(json);
    if (!parsed.success) {
      const id = (json as { id?: unknown } | null)?.id;
      const problem = `request is not valid: ${firstIssue(parsed.error)}`;
      if (typeof id !== 'string') return this.ignore(station, null, problem);
      // An id to answer: tell the edge what was wrong instead of letting it wait.
      return this.answer(station, { v: 1, id, status: 'error', error: problem });
    }
    const request = parsed.data;
    if (Date.parse(request.deadline) <= Date.now()) {
      return this.ignore(station, request.id, `deadline ${request.deadline} has passed`);
    }
    const handler = this.handlers.get(request.kind);
    await this.sleep(this.deps.delayMs());
    if (this.stopped) return;
    let answer: RequestAnswer;
    try {
      answer = handler
        ? await handler(request.args, { station, kind: request.kind, id: request.id })
        : { status: 'error', error: `this central answers no ${request.kind} requests` };
    } catch (error) {
      answer = { status: 'error', error: `handler failed: ${(error as Error).message}` };
    }
    await this.answer(station, { v: 1, id: request.id, ...answer });
  }

  private async answer(station: string, response: CentralResponse): Promise<void> {
    if (this.stopped) return;
    const sent = await this.deps.publish(topics.response(station), JSON.stringify(response));
    if (!sent) this.deps.log('warn', 'response not published: not connected', { station, id: response.id });
  }

  private ignore(station: string, id: string | null, reason: string): void {
    this.ignored.push({ station, id, reason });
    this.deps.log('warn', 'request ignored', { station, id, reason });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
