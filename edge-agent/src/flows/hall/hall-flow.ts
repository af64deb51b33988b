import {
  uuidv7,
  type AgentToKiosk,
  type Disposer,
  type HallSessionView,
  type KioskToAgent,
} from '@yaofang/shared';
import type { TimebankRules } from '@yaofang/shared/timebank';
import type { Logger } from 'pino';
import type { Db } from '../../store/database.ts';
import type { Outbox } from '../../store/outbox.ts';
import { maskHousehold } from '../waste/views.ts';
import { CardBinder } from './card-binding.ts';
import { HallServices } from './hall-services.ts';
import { HallStore } from './hall-store.ts';
import type { HallPrinter, HallRequests, HallSync, IdCardRead, IdCardSource, UplinkState } from './ports.ts';
import { serviceView, type HallNotice, type HallSession, type Tap } from './session.ts';
import { idCardSignIn } from './sign-in.ts';
import { defaultTimebankRules, TimebankOps } from './timebank-ops.ts';
import { balancesOf, refusalView } from './views.ts';

export interface HallFlowDeps {
  stationId: string;
  db: Db;
  outbox: Outbox;
  sync: HallSync;
  requests: HallRequests;
  uplink: UplinkState;
  printer?: HallPrinter | undefined;
  idCardReader?: IdCardSource | undefined;
  districtKey: Uint8Array;
  broadcast: (message: AgentToKiosk) => void;
  onEventWritten: () => void;
  log: Logger;
  now?: () => number;
  /** Local time minus UTC (default +480, China Standard Time): local days for quotas and tickets. */
  utcOffsetMinutes?: number;
  rules?: () => TimebankRules;
  timing?: {
    /** A session nobody touches ends after this (the kiosk usually ends it first). */
    idleMs?: number;
    /** How long a refusal without a session stays on screen. */
    noticeMs?: number;
    /** How often pending operations and bindings are checked against acks and synced cards. */
    pollMs?: number;
    requestTimeoutMs?: number;
  };
}

/**
 * The self-service hall (24 小时自助服务区): sign-in with the resident ID card
 * or a bound RFID card, balances and history, card binding, the time bank,
 * approvals, queue tickets and statements. The session lives in memory; the
 * facts it creates are durable (hall-store.ts).
 */
export class HallFlow {
  private session: HallSession | null = null;
  private readonly store: HallStore;
  private readonly timebank: TimebankOps;
  private readonly services: HallServices;
  private readonly binder: CardBinder;
  private readonly now: () => number;
  private readonly offset: number;
  private idleTimer: NodeJS.Timeout | null = null;
  private noticeTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private disposers: Disposer[] = [];

  constructor(private readonly deps: HallFlowDeps) {
    this.now = deps.now ?? Date.now;
    this.offset = deps.utcOffsetMinutes ?? 480;
    this.store = new HallStore(deps.db, deps.outbox);
    const log = deps.log.child({ flow: 'hall' });
    this.timebank = new TimebankOps({
      db: deps.db,
      store: this.store,
      sync: deps.sync,
      uplink: deps.uplink,
      now: this.now,
      utcOffsetMinutes: this.offset,
      rules: deps.rules ?? defaultTimebankRules,
      onEventWritten: deps.onEventWritten,
      log,
    });
    this.binder = new CardBinder({
      store: this.store,
      sync: deps.sync,
      now: this.now,
      onEventWritten: deps.onEventWritten,
      log,
    });
    this.services = new HallServices({
      stationId: deps.stationId,
      store: this.store,
      requests: deps.requests,
      printer: deps.printer,
      now: this.now,
      utcOffsetMinutes: this.offset,
      requestTimeoutMs: deps.timing?.requestTimeoutMs ?? 3_000,
      onEventWritten: deps.onEventWritten,
      log,
    });
  }

  start(): void {
    if (this.deps.idCardReader)
      this.disposers.push(
        this.deps.idCardReader.onEvent((event) => {
          if (event.type === 'idcard.read') this.idCardRead(event);
        }),
      );
    this.pollTimer = setInterval(() => this.poll(), this.deps.timing?.pollMs ?? 1_000);
    this.pollTimer.unref();
  }

  stop(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const timer of [this.idleTimer, this.noticeTimer]) if (timer) clearTimeout(timer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.session = null;
  }

  greeting(): AgentToKiosk[] {
    return [{ type: 'hall.session', session: this.view() }];
  }

  /** True while a session is open: card taps then belong to the hall. */
  active(): boolean {
    return this.session !== null;
  }

  /** An ID card read: the number and name become the residentKey and masks here, then go out of scope. */
  idCardRead(read: IdCardRead): void {
    const signIn = idCardSignIn(read, this.deps.districtKey, this.now(), this.offset);
    if (!signIn.ok) return this.refuse({ code: signIn.code });
    const tap: Tap = { residentKey: signIn.residentKey, cardKey: null };
    if (this.tapInSession(tap)) return;
    this.signIn(signIn.residentKey, null, {
      signedInWith: 'idcard',
      maskedName: signIn.maskedName,
      maskedIdNumber: signIn.maskedIdNumber,
      household: null,
    });
  }

  /** An RFID card (its keyed hash): binding, a service tap, or a sign-in. */
  cardPresented(cardKey: string): void {
    const s = this.session;
    if (s?.binding.state === 'waiting-card') {
      this.touch();
      this.binder.tap(s, cardKey);
      return this.publish();
    }
    const binding = this.deps.sync.cardBinding(cardKey);
    if (!binding?.residentKey) return this.refuse({ code: 'unbound-card' });
    if (this.tapInSession({ residentKey: binding.residentKey, cardKey })) return;
    const household = maskHousehold(binding.household);
    this.signIn(binding.residentKey, binding.household, {
      signedInWith: 'rfid',
      maskedName: null,
      maskedIdNumber: null,
      household,
    });
  }

  intent(intent: KioskToAgent): void {
    const s = this.session;
    if (!s) {
      if (intent.type === 'queue.take') void this.services.takeTicket(null, intent.service);
      return;
    }
    // A late "finish" for a session that already ended does not end this one.
    if (intent.type === 'session.end' && intent.sessionId !== undefined && intent.sessionId !== s.sessionId)
      return;
    this.touch();
    s.notice = null;
    switch (intent.type) {
      case 'session.end':
        return this.end();
      case 'hall.bind.start':
        this.binder.start(s);
        break;
      case 'timebank.service.start':
        s.notice = this.timebank.startService(s, intent.serviceType);
        break;
      case 'timebank.service.end':
        this.timebank.endService(s);
        break;
      case 'timebank.withdraw':
        s.notice = this.timebank.debit(s, {
          kind: 'withdraw',
          minutes: intent.minutes,
          serviceType: intent.serviceType,
        });
        break;
      case 'timebank.donate':
        s.notice = this.timebank.debit(s, { kind: 'donate', minutes: intent.minutes });
        break;
      case 'timebank.transfer':
        s.notice = this.timebank.debit(s, { kind: 'transfer', minutes: intent.minutes, toKey: intent.toKey });
        break;
      case 'hall.history.load':
      case 'hall.statement.print':
      case 'timebank.family.load':
      case 'approval.lookup':
      case 'approval.mine':
      case 'approval.slip.print':
      case 'queue.take':
        this.services.handle(s, intent, this.balances(s.residentKey)).then(
          () => this.publish(),
          (error: unknown) => this.deps.log.error({ err: error, intent: intent.type }, 'hall intent failed'),
        );
        break;
      default:
        return; // waste intents and pings are not the hall's
    }
    this.publish();
  }

  view(): HallSessionView | null {
    const s = this.session;
    if (!s) return null;
    return {
      sessionId: s.sessionId,
      resident: { ...s.resident },
      balances: this.balances(s.residentKey),
      history: s.history,
      binding: { state: s.binding.state },
      service: serviceView(s.service),
      operations: this.store.operations(s.residentKey),
      family: s.family,
      approvals: s.approvals,
      ticket: s.ticket,
      notice: s.notice,
    };
  }

  /** Apply acks and synced cards that arrived: answers to operations, binding outcomes. */
  poll(): void {
    const changed = this.store.settleAnswered(this.now()) > 0;
    const s = this.session;
    if (s) this.binder.check(s);
    if (changed || s) this.publish(true);
  }

  /** A tap the open session is waiting for (a service's recipient or end taps). */
  private tapInSession(tap: Tap): boolean {
    const s = this.session;
    if (!s) return false;
    const { used, notice } = this.timebank.serviceTap(s, tap);
    if (!used) return tap.residentKey === s.residentKey; // the same resident again: nothing new
    this.touch();
    s.notice = notice;
    this.publish();
    return true;
  }

  private signIn(residentKey: string, household: string | null, resident: HallSessionView['resident']): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.session = {
      sessionId: uuidv7(this.now()),
      residentKey,
      household,
      resident,
      binding: { state: 'idle', opId: null, cardKey: null },
      service: null,
      history: null,
      family: null,
      approvals: null,
      ticket: null,
      notice: null,
    };
    this.timebank.resumeService(this.session);
    this.deps.log.info({ signedInWith: resident.signedInWith }, 'hall session started');
    this.touch();
    this.publish();
  }

  private end(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.session = null;
    this.deps.broadcast({ type: 'hall.session', session: null });
  }

  /**
   * A refusal: inside an open session it is the session's notice; without one
   * it is shown in an empty session (no resident) that clears itself.
   */
  private refuse(notice: HallNotice): void {
    if (this.session) {
      this.session.notice = notice;
      return this.publish();
    }
    this.deps.broadcast({
      type: 'hall.session',
      session: refusalView(`notice-${uuidv7(this.now())}`, notice),
    });
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      if (!this.session) this.deps.broadcast({ type: 'hall.session', session: null });
    }, this.deps.timing?.noticeMs ?? 8_000);
    this.noticeTimer.unref();
  }

  private balances(residentKey: string): HallSessionView['balances'] {
    return balancesOf(this.deps.sync, this.store, residentKey);
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.end(), this.deps.timing?.idleMs ?? 180_000);
    this.idleTimer.unref();
  }

  private lastSent = '';

  /** Send the view; `onlyIfChanged` for the poll, so an idle session is not re-sent every second. */
  private publish(onlyIfChanged = false): void {
    const session = this.view();
    const text = JSON.stringify(session);
    if (onlyIfChanged && text === this.lastSent) return;
    this.lastSent = text;
    this.deps.broadcast({ type: 'hall.session', session });
  }
}
