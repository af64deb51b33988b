import { performance } from 'node:perf_hooks';
import type { IdCardEvent } from '@yaofang/firmware-bridge';
import {
  residentKey,
  type AgentToKiosk,
  type Disposer,
  type KioskToAgent,
  type StationView,
  type WasteNotice,
} from '@yaofang/shared';
import type { Logger } from 'pino';
import type { Db } from '../../store/database.ts';
import type { Outbox } from '../../store/outbox.ts';
import type { StoredBalance, StoredCardBinding } from '../../sync/sync-store.ts';
import { BinWatch } from './bin-watch.ts';
import { WasteDropFlow } from './drop-flow.ts';
import type { DropFlowTiming } from './drop-flow-deps.ts';
import type { ReceiptBuilder } from './drop-receipt.ts';
import { WasteFlowStore } from './flow-store.ts';
import type { BinPort, PrinterPort, ScalePort, StationFault } from './ports.ts';
import { RepeatTapFilter } from './rules.ts';
import { ActiveRules, type RulesStore } from './rules-source.ts';

export interface WasteStationDeps {
  role: StationView['role'];
  stationId: string;
  db: Db;
  outbox: Outbox;
  /** The SyncStore: card bindings, balance snapshots, stored rules. */
  sync: RulesStore & {
    cardBinding(cardKey: string): StoredCardBinding | null;
    balance(residentKey: string, account: 'points'): StoredBalance | null;
  };
  bin?: BinPort | undefined;
  scale?: ScalePort | undefined;
  printer?: PrinterPort | undefined;
  /** An ID card reader on a waste station may sign a resident in too. */
  idCardReader?: { onEvent(listener: (event: IdCardEvent) => void): Disposer } | undefined;
  districtKey: Buffer;
  /** Current device faults (from the device supervisor). */
  faults: () => StationFault[];
  broadcast: (message: AgentToKiosk) => void;
  onEventWritten: () => void;
  buildReceipt?: ReceiptBuilder | undefined;
  log: Logger;
  timing?: Partial<DropFlowTiming> & {
    /** How long a station notice (unbound card, …) stays on the attract screen. */
    noticeMs?: number;
    /** The station view is sent again this often: windows open and close with the clock. */
    refreshMs?: number;
  };
  now?: () => number;
  /** For the repeat-tap filter: a wall-clock step must not lock a card out. */
  monotonicNow?: () => number;
}

/**
 * The waste side of a terminal: identity (a card tap or an ID card → a
 * resident session), the station view for the attract screen, the bin watch
 * and the `waste-drop` flow, behind `start()`/`stop()`.
 */
export class WasteStation {
  readonly flow: WasteDropFlow;
  private readonly binWatch: BinWatch | null;
  private readonly rules: ActiveRules;
  private readonly store: WasteFlowStore;
  private readonly now: () => number;
  private taps: RepeatTapFilter | null = null;
  private notice: WasteNotice | null = null;
  private clearNotice: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private lastStation = '';
  private disposers: Disposer[] = [];

  constructor(private readonly deps: WasteStationDeps) {
    const log = deps.log.child({ flow: 'waste-drop' });
    this.now = deps.now ?? Date.now;
    this.rules = new ActiveRules(deps.sync, log);
    this.store = new WasteFlowStore(deps.db, deps.outbox);
    const rules = () => this.rules.current();
    this.binWatch = deps.bin
      ? new BinWatch({
          bin: deps.bin,
          db: deps.db,
          outbox: deps.outbox,
          rules,
          onEventWritten: deps.onEventWritten,
          onChange: (change) => {
            if (change === 'alarm-raised') this.flow.alarmRaised();
            this.refresh();
          },
          log,
        })
      : null;
    this.flow = new WasteDropFlow({
      db: deps.db,
      store: this.store,
      balances: deps.sync,
      rules,
      binWatch: this.binWatch,
      scale: deps.scale,
      printer: deps.printer,
      stationId: deps.stationId,
      buildReceipt: deps.buildReceipt,
      onEventWritten: deps.onEventWritten,
      onSessionChange: (session) => deps.broadcast({ type: 'waste.session', session }),
      log,
      ...(deps.timing ? { timing: deps.timing } : {}),
      now: this.now,
    });
  }

  start(): void {
    this.binWatch?.start();
    this.flow.start();
    if (this.deps.idCardReader)
      this.disposers.push(
        this.deps.idCardReader.onEvent((event) => {
          if (event.type === 'idcard.read') this.idCardRead(event.idNumber);
        }),
      );
    this.refresh();
    this.refreshTimer = setInterval(() => this.refresh(), this.deps.timing?.refreshMs ?? 60_000);
    this.refreshTimer.unref();
  }

  stop(): void {
    this.flow.stop();
    this.binWatch?.stop();
    for (const dispose of this.disposers.splice(0)) dispose();
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    if (this.clearNotice) clearTimeout(this.clearNotice);
  }

  /** What a newly connected kiosk gets first. */
  greeting(): AgentToKiosk[] {
    return [
      { type: 'station', station: this.stationView() },
      { type: 'waste.session', session: this.flow.view() },
    ];
  }

  stationView(): StationView {
    return {
      role: this.deps.role,
      compartments: this.binWatch?.views(this.rules.current(), this.now()) ?? [],
      faults: this.deps.faults(),
      notice: this.notice,
    };
  }

  /** True while a resident is signed in here. */
  active(): boolean {
    return this.flow.view() !== null;
  }

  /** A card was presented (its keyed hash): resident → session; otherwise a notice. */
  cardPresented(cardKey: string): void {
    if (!this.acceptTap(cardKey)) return;
    const binding = this.deps.sync.cardBinding(cardKey);
    if (binding?.kind === 'technician') return this.stationNotice({ code: 'technician-card' });
    if (!binding?.residentKey) return this.stationNotice({ code: 'unbound-card' });
    this.flow.signIn(binding.residentKey, binding.household);
  }

  /** A resident ID card was read: the number becomes the residentKey here and goes no further. */
  idCardRead(idNumber: string): void {
    const key = residentKey(this.deps.districtKey, idNumber);
    if (!this.acceptTap(`id:${key}`)) return;
    this.flow.signIn(key, this.store.householdOf(key));
  }

  intent(intent: KioskToAgent): void {
    this.flow.intent(intent);
  }

  /** Send the station view (and the session's compartments) when they changed. */
  refresh(): void {
    const station = this.stationView();
    const text = JSON.stringify(station);
    if (text !== this.lastStation) {
      this.lastStation = text;
      this.deps.broadcast({ type: 'station', station });
      this.flow.refresh();
    }
  }

  private acceptTap(key: string): boolean {
    const { repeatTapIgnoreMs } = this.rules.current();
    if (this.taps?.ignoreMs !== repeatTapIgnoreMs) this.taps = new RepeatTapFilter(repeatTapIgnoreMs);
    return this.taps.accept(key, (this.deps.monotonicNow ?? (() => performance.now()))());
  }

  private stationNotice(notice: WasteNotice): void {
    this.notice = notice;
    if (this.clearNotice) clearTimeout(this.clearNotice);
    this.clearNotice = setTimeout(() => {
      this.notice = null;
      this.refresh();
    }, this.deps.timing?.noticeMs ?? 8_000);
    this.clearNotice.unref();
    this.refresh();
  }
}
