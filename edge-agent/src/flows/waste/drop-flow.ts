import { randomUUID } from 'node:crypto';
import type {
  Disposer,
  DropResult,
  KioskToAgent,
  WasteCategory,
  WasteNotice,
  WasteSessionView,
} from '@yaofang/shared';
import { hitFailpoint } from '../../failpoints.ts';
import { writeWithRoom } from '../../store/capacity.ts';
import { depositOf } from './deposit.ts';
import { closeLid, waitForLid, weigh, whileOpen, type WeighFailure } from './device-steps.ts';
import {
  BUSY,
  DEFAULT_DROP_FLOW_TIMING,
  RECOVER,
  RESULT_RESET,
  type DropFlowDeps,
  type DropFlowTiming,
} from './drop-flow-deps.ts';
import { printDropReceipt } from './drop-receipt.ts';
import { persistedPart } from './flow-store.ts';
import { refusalFor } from './refusal.ts';
import { maskHousehold, newSession, outcomeNotice, sessionView, type ActiveSession } from './views.ts';
import { localDay } from './windows.ts';

/**
 * Flow `waste-drop` (ARCHITECTURE.md "Data flow of one waste drop"): one
 * resident session at a time, several drops per session. Each drop goes
 * choose-category → weighing-before → opening → dropping → closing →
 * weighing-after → result, and the session row is rewritten on every step,
 * so a restart finishes a drop whose lid may have opened exactly once.
 */
export class WasteDropFlow {
  private session: ActiveSession | null = null;
  private endWhenDone: 'idle' | 'finished' | null = null;
  private cancelIdle: Disposer | null = null;
  private endDropping: (() => void) | null = null;
  private storageFullUntil = 0;
  private stopped = false;
  private readonly timing: DropFlowTiming;
  private readonly now: () => number;

  constructor(private readonly deps: DropFlowDeps) {
    this.timing = { ...DEFAULT_DROP_FLOW_TIMING, ...deps.timing };
    this.now = deps.now ?? Date.now;
  }

  /** Finish a drop a crash interrupted; forget sessions that had none in flight. */
  start(): void {
    const rows = this.deps.store.sessions();
    const inFlight = rows.filter((row) => RECOVER.includes(row.step) && row.dropId !== null).at(-1);
    for (const row of rows) if (row !== inFlight) this.deps.store.deleteSession(row.sessionId);
    if (!inFlight) return;
    this.deps.log.warn(
      { sessionId: inFlight.sessionId, step: inFlight.step },
      'finishing a drop interrupted by a restart',
    );
    const session: ActiveSession = { ...inFlight, drops: [], notice: null };
    this.session = session;
    void this.guard(session, () => this.closeAndRecord(session, true));
  }

  /** Leaves a drop in flight to the next start's recovery: its row stays. */
  stop(): void {
    this.stopped = true;
    this.cancelIdle?.();
    this.endDropping?.();
  }

  view(): WasteSessionView | null {
    const s = this.session;
    if (!s) return null;
    const compartments = this.deps.binWatch?.views(this.deps.rules(), this.now()) ?? [];
    return sessionView(s, compartments, this.deps.scale?.latest()?.grams ?? null);
  }

  /** A resident identified (card or ID card): start a session, or continue theirs. */
  signIn(residentKey: string, household: string | null): void {
    const current = this.session;
    if (current?.residentKey === residentKey) return this.touch(current);
    if (current && BUSY.includes(current.step)) {
      this.deps.log.info('another resident signed in during a drop: ignored until it is done');
      return;
    }
    if (current) this.end(current, 'finished');
    const session = newSession(randomUUID(), residentKey, household, this.now());
    this.session = session;
    this.deps.log.info({ sessionId: session.sessionId }, 'waste session started');
    this.update(session, {});
  }

  intent(intent: KioskToAgent): void {
    const s = this.session;
    if (!s) return;
    switch (intent.type) {
      case 'waste.choose':
        return this.choose(s, intent.category);
      case 'waste.done':
        if (s.step === 'dropping') this.endDropping?.();
        return this.touch(s);
      case 'receipt.print':
        return this.printReceipt(s, intent.dropId);
      case 'session.end':
        if (intent.sessionId !== undefined && intent.sessionId !== s.sessionId) return;
        return this.end(s, intent.reason);
      case 'ping':
        return;
      default:
        // Hall and time-bank intents belong to the hall flow.
        return;
    }
  }

  /** An alarm was raised: the bin watch closes every lid; the drop in flight ends and says why. */
  alarmRaised(): void {
    const s = this.session;
    if (!s) return;
    this.endDropping?.();
    s.notice = { code: 'station-alarm' };
    this.refresh();
  }

  private choose(s: ActiveSession, category: WasteCategory): void {
    if (s.step !== 'choose-category' && s.step !== 'result') return;
    const refused = refusalFor(category, {
      watch: this.deps.binWatch,
      scale: this.deps.scale,
      rules: this.deps.rules(),
      now: this.now(),
      storageFull: this.now() < this.storageFullUntil,
    });
    if (refused) return this.update(s, { notice: refused });
    const compartment = this.deps.binWatch!.compartmentOf(category)!;
    void this.guard(s, () => this.drop(s, category, compartment));
  }

  private async drop(s: ActiveSession, category: WasteCategory, compartment: number): Promise<void> {
    const { timing } = this;
    const bin = this.deps.binWatch!.bin;
    const dropId = randomUUID();
    this.update(s, {
      step: 'weighing-before',
      category,
      compartment,
      dropId,
      grossBeforeGrams: null,
      notice: null,
    });
    const before = await weigh(this.deps.scale, timing.stableTimeoutMs, 1);
    if (!this.alive(s)) return;
    if (!before.ok) return this.backToChoose(s, this.weighNotice(before.error));
    if (this.deps.binWatch!.hasAlarm()) return this.backToChoose(s, { code: 'station-alarm' });
    this.update(s, { step: 'opening', grossBeforeGrams: before.value });
    const opened = await bin.openLid(compartment);
    if (!this.alive(s)) return;
    if (opened.code !== 'ok') {
      // The command may have landed although its reply was lost: close to be sure.
      void bin.closeLid(compartment);
      this.deps.log.warn({ compartment, failure: opened.code }, 'lid did not take the open command');
      return this.backToChoose(s, { code: 'device-fault', device: bin.id });
    }
    if (await waitForLid(bin, compartment, 'open', timing.lidTimeoutMs)) {
      if (!this.alive(s)) return;
      const autoCloseSeconds = bin.lastKnown(compartment)?.autoCloseSeconds ?? 0;
      const dropMs = autoCloseSeconds > 0 ? autoCloseSeconds * 1000 : timing.defaultDropMs;
      this.update(s, { step: 'dropping', closesAt: this.now() + dropMs });
      const open = whileOpen(bin, compartment, dropMs + timing.closeGraceMs);
      this.endDropping = open.end;
      if (this.deps.binWatch!.hasAlarm()) open.end();
      await open.closed;
      this.endDropping = null;
    }
    if (!this.alive(s)) return;
    await this.closeAndRecord(s, false);
  }

  private async closeAndRecord(s: ActiveSession, recovered: boolean): Promise<void> {
    const existing = this.deps.store.drop(s.dropId!);
    if (existing) {
      // Committed just before the crash: show it, write nothing again.
      return this.showResult(s, existing, null);
    }
    const bin = this.deps.binWatch?.bin;
    this.update(s, { step: 'closing', closesAt: null });
    const closed = bin ? await closeLid(bin, s.compartment!, this.timing.lidTimeoutMs) : false;
    if (!this.alive(s)) return;
    this.update(s, { step: 'weighing-after' });
    const after = await weigh(this.deps.scale, this.timing.stableTimeoutMs, this.timing.weighAfterAttempts);
    if (!this.alive(s)) return;
    this.record(s, after.ok ? after.value : after.error, closed, recovered);
  }

  /** Assess and commit the drop, its ledger entry and its event in one transaction. */
  private record(
    s: ActiveSession,
    after: number | WeighFailure,
    lidClosed: boolean,
    recovered: boolean,
  ): void {
    const rules = this.deps.rules();
    const now = this.now();
    const day = localDay(rules, now);
    const data = depositOf(rules, {
      session: s,
      after,
      latestGrams: this.deps.scale?.latest()?.grams ?? null,
      lidClosed,
      recovered,
      householdPointsToday: this.deps.store.pointsToday(s.residentKey, s.household, day),
      now,
    });
    const { outcome } = data;
    const reliable = typeof after === 'number';
    const next = persistedPart({ ...s, ...RESULT_RESET });
    const written = writeWithRoom(this.deps.db, () => this.deps.store.recordDrop(data, day, next, now));
    if (!written.ok) {
      this.deps.log.error({ dropId: data.dropId, reason: written.error.message }, 'drop NOT recorded');
      this.storageFullUntil = now + this.timing.storageFullHoldMs;
      return this.update(s, { ...RESULT_RESET, notice: { code: 'storage-full' } });
    }
    hitFailpoint('after-drop-commit');
    if (written.value.written) this.deps.onEventWritten();
    this.deps.log.info(
      { dropId: data.dropId, netGrams: data.netGrams, points: data.points, outcome, recovered },
      'drop recorded',
    );
    const notice: WasteNotice | null = reliable ? null : { code: 'scale-unstable' };
    this.showResult(s, written.value.drop, notice);
  }

  private showResult(
    s: ActiveSession,
    drop: Pick<DropResult, 'dropId' | 'category' | 'netGrams' | 'points' | 'outcome' | 'recovered'>,
    notice: WasteNotice | null,
  ): void {
    const day = localDay(this.deps.rules(), this.now());
    s.drops.push({
      dropId: drop.dropId,
      category: drop.category,
      netGrams: drop.netGrams,
      points: drop.points,
      outcome: drop.outcome,
      recovered: drop.recovered,
      todayPoints: this.deps.store.pointsToday(s.residentKey, s.household, day),
      balance: this.deps.store.balanceView(
        s.residentKey,
        this.deps.balances.balance(s.residentKey, 'points')?.balance ?? 0,
      ),
    });
    this.update(s, { ...RESULT_RESET, notice: outcomeNotice(drop.outcome) ?? notice });
    if (this.endWhenDone) this.end(s, this.endWhenDone);
  }

  private printReceipt(s: ActiveSession, dropId: string): void {
    this.touch(s);
    const drop = s.drops.find((d) => d.dropId === dropId);
    if (!drop) return;
    const { printer, buildReceipt, stationId, log } = this.deps;
    printDropReceipt(
      { printer, buildReceipt, log },
      {
        stationName: stationId,
        stationId,
        at: this.now(),
        timezoneOffsetMinutes: this.deps.rules().timezoneOffsetMinutes,
        household: maskHousehold(s.household),
        drop,
      },
    ).then(
      (failure) => {
        if (failure && this.session === s) this.update(s, { notice: failure });
      },
      (error: unknown) => log.error({ err: error }, 'receipt printing failed'),
    );
  }

  private end(s: ActiveSession, reason: 'idle' | 'finished'): void {
    if (BUSY.includes(s.step)) {
      this.endWhenDone = reason;
      return;
    }
    this.cancelIdle?.();
    this.cancelIdle = null;
    this.endWhenDone = null;
    this.session = null;
    this.deps.store.deleteSession(s.sessionId);
    this.deps.log.info({ sessionId: s.sessionId, reason, drops: s.drops.length }, 'waste session ended');
    this.deps.onSessionChange(null);
  }

  private touch(s: ActiveSession): void {
    this.cancelIdle?.();
    const timer = setTimeout(() => {
      if (this.session === s && !BUSY.includes(s.step)) this.end(s, 'idle');
    }, this.timing.idleMs);
    this.cancelIdle = () => clearTimeout(timer);
    this.refresh();
  }

  private backToChoose(s: ActiveSession, notice: WasteNotice): void {
    this.update(s, { ...RESULT_RESET, step: s.drops.length > 0 ? 'result' : 'choose-category', notice });
    if (this.endWhenDone) this.end(s, this.endWhenDone);
  }

  private weighNotice(failure: WeighFailure): WasteNotice {
    return failure === 'unstable'
      ? { code: 'scale-unstable' }
      : { code: 'device-fault', device: this.deps.scale?.id ?? 'scale' };
  }

  /** Apply a step change, persist it, tell the screen, and restart the idle clock. */
  private update(s: ActiveSession, patch: Partial<ActiveSession>): void {
    Object.assign(s, patch);
    if (this.session !== s || this.stopped) return;
    try {
      this.deps.store.saveSession(persistedPart(s), this.now());
    } catch (error) {
      this.deps.log.error({ err: error, sessionId: s.sessionId }, 'session state not persisted');
    }
    this.touch(s);
  }

  /** Send the session view again (the compartments or rules changed). */
  refresh(): void {
    if (!this.stopped && this.session) this.deps.onSessionChange(this.view());
  }

  private alive(s: ActiveSession): boolean {
    return !this.stopped && this.session === s;
  }

  /** A bug in a drop must not leave the station stuck: log it and show a fault. */
  private async guard(s: ActiveSession, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.deps.log.error({ err: error, sessionId: s.sessionId, step: s.step }, 'waste drop failed');
      if (this.alive(s)) this.backToChoose(s, { code: 'device-fault', device: 'edge-agent' });
    }
  }
}
