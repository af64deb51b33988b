import type { Logger } from 'pino';
import type { AgentToKiosk, KioskToAgent } from '@yaofang/shared';
import type { Receipt } from '@yaofang/shared/receipt';
import type {
  TechnicianAction,
  TechnicianOutcome,
  TechnicianResult,
  TechnicianStatus,
  TechnicianView,
} from '@yaofang/shared/technician';
import type { AgentConfig } from '../config/schema.ts';
import type { Devices } from '../devices/devices.ts';
import type { Db } from '../store/database.ts';
import { KeyValue } from '../store/kv.ts';
import type { Outbox } from '../store/outbox.ts';
import { writeWithRoom } from '../store/capacity.ts';
import type { UplinkStatus } from '../uplink/uplink.ts';
import { exportLogs } from '../ops/logs-export.ts';
import { AuditTrail, type AuditEntry } from './audit.ts';
import { listExportTargets } from './export-targets.ts';
import { parsePinHash, verifyPinAsync, type PinHash } from './pin.ts';
import { technicianTestReceipt } from './test-receipt.ts';

type TechIntent = Extract<KioskToAgent, { type: `tech.${string}` }>;

/** What technician mode uses of the station's devices. */
export type TechnicianDevices = Pick<Devices, 'all' | 'scale' | 'bin' | 'printer' | 'reset'>;

export interface TechnicianModeDeps {
  db: Db;
  outbox: Outbox;
  devices: TechnicianDevices;
  stationId: string;
  version: string;
  config: AgentConfig['technician'];
  logFile: string | undefined;
  /** Is this card a technician's? (the synced card bindings) */
  isTechnicianCard: (cardKey: string) => boolean;
  uplinkStatus: () => UplinkStatus;
  /** The broker's address as shown to the technician (no credentials). */
  brokerUrl: string;
  /** The flows' clock: the lockout runs on it (the tests can move it). */
  now: () => number;
  broadcast: (message: AgentToKiosk) => void;
  onEventWritten: () => void;
  /** Stop the agent so its service manager starts it again. */
  restartAgent: () => void;
  log: Logger;
  /** How often the open pages are refreshed (live weight, backlog). */
  refreshMs?: number;
  /** The PIN pad and the lockout notice close after this long untouched. */
  pinIdleMs?: number;
}

interface TechSession {
  /** The technician card's cardKey. */
  actor: string;
  phase: 'pin' | 'open';
  lastActivity: number;
}

const KV_FAILURES = 'technician.failures';
const KV_LOCKED_UNTIL = 'technician.lockedUntil';

/**
 * Technician mode: a technician card, then the PIN, opens the maintenance
 * pages. Wrong PINs in a row lock the login for a while (kept in the store, so
 * a restart does not reset it). Every attempt and every action is audited
 * (`AuditTrail`), and the result of each is shown to the technician.
 */
export class TechnicianMode {
  private session: TechSession | null = null;
  private last: TechnicianResult | null = null;
  private resultId = 0;
  private readonly kv: KeyValue;
  private readonly audit: AuditTrail;
  private readonly pinHash: PinHash | null;
  private ticker: NodeJS.Timeout | null = null;
  private busy: Promise<void> = Promise.resolve();
  private lastSent = '';
  private polling = false;
  /** The pages refresh every second: their queries are prepared once. */
  private readonly firstUnackedStmt;
  private readonly ackedAtStmt;

  constructor(private readonly deps: TechnicianModeDeps) {
    this.kv = new KeyValue(deps.db);
    this.firstUnackedStmt = deps.db.prepare<[], { seq: number | null }>(
      'SELECT min(seq) AS seq FROM outbox WHERE acked_at IS NULL',
    );
    this.ackedAtStmt = deps.db.prepare<[number], { acked_at: number | null }>(
      'SELECT acked_at FROM outbox WHERE seq = ?',
    );
    this.audit = new AuditTrail(deps.db, deps.outbox, deps.now);
    const parsed = deps.config.pinHash ? parsePinHash(deps.config.pinHash) : null;
    this.pinHash = parsed?.ok ? parsed.value : null;
  }

  /** True while the PIN pad or the maintenance pages are on screen. */
  active(): boolean {
    return this.session !== null;
  }

  stop(): void {
    this.stopTicker();
    this.session = null;
  }

  greeting(): AgentToKiosk[] {
    return [{ type: 'technician', view: this.view() }];
  }

  /**
   * A card tap. While technician mode is on every tap is taken (and a
   * technician card ends it); a technician card opens it when no resident is
   * signed in. Returns whether the tap was taken.
   */
  cardPresented(cardKey: string, residentSignedIn: boolean): boolean {
    if (this.session) {
      if (cardKey === this.session.actor) this.touch();
      return true;
    }
    if (residentSignedIn || !this.deps.isTechnicianCard(cardKey)) return false;
    this.session = { actor: cardKey, phase: 'pin', lastActivity: this.deps.now() };
    this.last = this.pinHash
      ? null
      : this.result('login', 'refused', 'not-configured', 'technician.pinHash is not set in the config');
    this.deps.log.info({ locked: this.lockedUntil() !== null }, 'technician card: PIN requested');
    this.startTicker();
    this.send();
    return true;
  }

  /** A kiosk intent; returns whether it was a technician intent. */
  intent(intent: KioskToAgent): boolean {
    if (!intent.type.startsWith('tech.')) return false;
    const session = this.session;
    if (!session) return true; // a late tap after the mode closed: nothing to do
    this.touch();
    // One at a time, so a burst of PINs cannot outrun the failure count.
    this.busy = this.busy
      .then(() => this.handle(session, intent as TechIntent))
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'technician intent failed'))
      .finally(() => this.send());
    return true;
  }

  private async handle(session: TechSession, intent: TechIntent): Promise<void> {
    if (this.session !== session) return;
    if (intent.type === 'tech.exit') {
      this.record({
        action: 'logout',
        actor: session.actor,
        outcome: 'ok',
        detail: 'technician mode closed',
      });
      return this.close();
    }
    if (intent.type === 'tech.pin') return this.login(session, intent.pin);
    if (session.phase !== 'open') {
      this.last = this.result(
        'login',
        'refused',
        'pin-required',
        `${intent.type} needs the technician PIN first`,
      );
      return;
    }
    switch (intent.type) {
      case 'tech.print-test':
        return this.printTest(session);
      case 'tech.scale-zero':
        return this.zeroScale(session);
      case 'tech.lid':
        return this.lid(session, intent.compartment, intent.open);
      case 'tech.device-reset':
        return this.resetDevice(session, intent.device);
      case 'tech.logs-export':
        return this.exportTo(session, intent.target);
      case 'tech.restart':
        return this.restart(session, intent.what);
    }
  }

  private async login(session: TechSession, pin: string): Promise<void> {
    const actor = session.actor;
    if (!this.pinHash) {
      this.done(
        { action: 'login', actor, outcome: 'refused', detail: 'technician.pinHash is not set in the config' },
        'not-configured',
      );
      return;
    }
    if (session.phase === 'open') return;
    const locked = this.lockedUntil();
    if (locked !== null) {
      this.done(
        {
          action: 'login',
          actor,
          outcome: 'refused',
          detail: `locked until ${new Date(locked).toISOString()}`,
        },
        'locked',
      );
      return;
    }
    if (await verifyPinAsync(pin, this.pinHash)) {
      this.kv.set(KV_FAILURES, '0');
      session.phase = 'open';
      this.done({ action: 'login', actor, outcome: 'ok', detail: 'PIN accepted' }, 'ok');
      return;
    }
    const failures = this.kv.getNumber(KV_FAILURES, 0) + 1;
    const max = this.deps.config.maxFailures;
    const reason = pin.length === 0 || !/^\d+$/.test(pin) ? 'PIN was empty or not digits' : 'wrong PIN';
    this.done(
      { action: 'login', actor, outcome: 'failed', detail: `${reason} (${failures} of ${max})` },
      'wrong-pin',
    );
    if (failures < max) {
      this.kv.set(KV_FAILURES, String(failures));
      return;
    }
    const until = this.deps.now() + this.deps.config.lockoutMinutes * 60_000;
    this.deps.db.transaction(() => {
      this.kv.set(KV_FAILURES, '0');
      this.kv.set(KV_LOCKED_UNTIL, String(until));
    })();
    this.done(
      {
        action: 'lockout',
        actor,
        outcome: 'ok',
        detail: `${max} wrong PINs in a row: login locked until ${new Date(until).toISOString()}`,
      },
      'locked',
    );
    this.deps.log.warn({ until: new Date(until).toISOString() }, 'technician login locked');
  }

  private async printTest(session: TechSession): Promise<void> {
    const printer = this.deps.devices.printer;
    if (!printer) return this.noDevice(session, 'printer.test', 'printer');
    const receipt: Receipt = technicianTestReceipt({
      stationId: this.deps.stationId,
      version: this.deps.version,
      at: new Date(this.deps.now()),
    });
    const printed = await printer.print(receipt);
    if (printed.ok) {
      const warning = printed.value.warnings.length ? ` (${printed.value.warnings.join(', ')})` : '';
      this.done(
        {
          action: 'printer.test',
          actor: session.actor,
          outcome: 'ok',
          detail: `test page printed, ${printed.value.bytes} bytes${warning}`,
          target: printer.id,
        },
        'ok',
      );
    } else {
      this.done(
        {
          action: 'printer.test',
          actor: session.actor,
          outcome: 'failed',
          detail: printed.error.message,
          target: printer.id,
        },
        printed.error.code,
      );
    }
  }

  private async zeroScale(session: TechSession): Promise<void> {
    const scale = this.deps.devices.scale;
    if (!scale) return this.noDevice(session, 'scale.zero', 'scale');
    const zeroed = await scale.zero();
    const entry = { action: 'scale.zero', actor: session.actor, target: scale.id } as const;
    if (zeroed.ok) this.done({ ...entry, outcome: 'ok', detail: 'scale zeroed' }, 'ok');
    else {
      const code = zeroed.error.code === 'unsupported' ? 'unsupported' : 'device-error';
      this.done({ ...entry, outcome: 'failed', detail: zeroed.error.message }, code);
    }
  }

  private async lid(session: TechSession, compartment: number, open: boolean): Promise<void> {
    const action = open ? 'bin.open' : 'bin.close';
    const bin = this.deps.devices.bin;
    if (!bin) return this.noDevice(session, action, 'bin controller');
    const target = `${bin.id}#${compartment}`;
    if (compartment >= bin.compartments) {
      this.done(
        {
          action,
          actor: session.actor,
          outcome: 'refused',
          target,
          detail: `compartment ${compartment} does not exist: this bin has ${bin.compartments} (0–${bin.compartments - 1})`,
        },
        'bad-target',
      );
      return;
    }
    const moved = open ? await bin.openLid(compartment) : await bin.closeLid(compartment);
    if (moved.code === 'ok') {
      this.done(
        { action, actor: session.actor, outcome: 'ok', target, detail: `lid ${open ? 'opened' : 'closed'}` },
        'ok',
      );
    } else {
      const { code, ...rest } = moved;
      this.done(
        {
          action,
          actor: session.actor,
          outcome: 'failed',
          target,
          detail: `${code} ${JSON.stringify(rest)}`,
        },
        'device-error',
      );
    }
  }

  private async resetDevice(session: TechSession, id: string): Promise<void> {
    const reset = await this.deps.devices.reset(id);
    const entry = { action: 'device.reset', actor: session.actor, target: id } as const;
    if (reset.ok) {
      this.done({ ...entry, outcome: 'ok', detail: `restarted; now ${reset.value.health.state}` }, 'ok');
    } else this.done({ ...entry, outcome: 'refused', detail: reset.error }, 'no-device');
  }

  private exportTo(session: TechSession, target: string): void {
    const entry = { action: 'logs.export', actor: session.actor, target } as const;
    const allowed = listExportTargets(this.deps.config.exportRoots).some(({ path }) => path === target);
    if (!allowed) {
      this.done(
        {
          ...entry,
          outcome: 'refused',
          detail: `${target} is not one of the export folders: plug in the USB stick and pick it from the list`,
        },
        'bad-target',
      );
      return;
    }
    const exported = exportLogs({
      logFile: this.deps.logFile,
      outDir: target,
      stationId: this.deps.stationId,
    });
    if (exported.ok) {
      this.done(
        {
          ...entry,
          outcome: 'ok',
          detail: `${exported.value.files.length} file(s) copied to ${exported.value.dir}`,
        },
        'ok',
      );
    } else this.done({ ...entry, outcome: 'failed', detail: exported.error }, 'export-failed');
  }

  private restart(session: TechSession, what: 'agent' | 'kiosk'): void {
    const action = what === 'agent' ? 'agent.restart' : 'kiosk.restart';
    this.done({ action, actor: session.actor, outcome: 'ok', detail: `${what} restart requested` }, 'ok');
    this.close();
    if (what === 'kiosk') {
      this.deps.broadcast({ type: 'kiosk.relaunch' });
      return;
    }
    this.deps.log.warn('technician asked for an agent restart');
    this.deps.restartAgent();
  }

  private noDevice(session: TechSession, action: TechnicianAction, what: string): void {
    this.done(
      { action, actor: session.actor, outcome: 'refused', detail: `this station has no ${what} configured` },
      'no-device',
    );
  }

  /** Audit the entry and show its result. */
  private done(entry: AuditEntry, code: string): void {
    this.record(entry);
    this.last = this.result(entry.action, entry.outcome, code, entry.detail);
  }

  private record(entry: AuditEntry): void {
    const written = writeWithRoom(this.deps.db, () => this.audit.record(entry));
    if (written.ok) this.deps.onEventWritten();
    // The store is full: the log line is the only trail left; the action itself is not held up by it.
    else
      this.deps.log.error({ audit: { ...entry } }, `technician action not audited: ${written.error.message}`);
    this.deps.log.info(
      { action: entry.action, outcome: entry.outcome, target: entry.target ?? null },
      'technician action',
    );
  }

  private result(
    action: TechnicianAction,
    outcome: TechnicianOutcome,
    code: string,
    detail: string,
  ): TechnicianResult {
    return { id: ++this.resultId, action, outcome, code, detail };
  }

  private close(): void {
    this.session = null;
    this.last = null;
    this.stopTicker();
    this.send();
  }

  private touch(): void {
    if (this.session) this.session.lastActivity = this.deps.now();
  }

  private lockedUntil(): number | null {
    const until = this.kv.getNumber(KV_LOCKED_UNTIL, 0);
    return until > this.deps.now() ? until : null;
  }

  view(): TechnicianView | null {
    const session = this.session;
    if (!session) return null;
    const locked = this.lockedUntil();
    const open = session.phase === 'open';
    return {
      phase: open ? 'open' : locked !== null ? 'locked' : 'pin',
      attemptsLeft: locked !== null ? 0 : this.deps.config.maxFailures - this.kv.getNumber(KV_FAILURES, 0),
      lockedUntil: locked !== null ? new Date(locked).toISOString() : null,
      last: this.last,
      status: open ? this.status() : null,
    };
  }

  private status(): TechnicianStatus {
    const { devices } = this.deps;
    const scale = devices.scale;
    const reading = scale?.latest() ?? null;
    const bin = devices.bin;
    const printer = devices.printer?.lastKnownStatus() ?? null;
    return {
      devices: devices.all.map((device) => {
        const health = device.health();
        return {
          id: device.id,
          kind: device.kind,
          state: health.state,
          since: health.since,
          lastError: health.lastError,
          errorCount: health.errorCount,
          frameCount: health.frameCount,
          recentFrames: health.recentFrames.slice(-10),
        };
      }),
      scale: scale
        ? {
            device: scale.id,
            canZero: scale.canZero,
            grams: reading?.grams ?? null,
            stable: reading?.stable ?? false,
            at: reading?.at ?? null,
          }
        : null,
      bin: bin
        ? {
            device: bin.id,
            compartments: Array.from({ length: bin.compartments }, (_, index) => {
              const known = bin.lastKnown(index);
              return {
                index,
                category: bin.categories[index] ?? '',
                lid: known?.lid ?? 'unknown',
                fillPercent: known?.fillPercent ?? null,
              };
            }),
          }
        : null,
      printer: devices.printer
        ? {
            device: devices.printer.id,
            paper: printer ? (printer.paperOut ? 'out' : printer.paperNearEnd ? 'low' : 'ok') : null,
            coverOpen: printer?.coverOpen ?? null,
          }
        : null,
      uplink: {
        broker: this.deps.brokerUrl,
        ...this.deps.uplinkStatus(),
        ...this.lastAck(),
        lastSeq: this.deps.outbox.lastSeq(),
      },
      exportTargets: listExportTargets(this.deps.config.exportRoots),
    };
  }

  /** Acks are cumulative: the last confirmed seq is just below the first unconfirmed one. */
  private lastAck(): { lastAckSeq: number | null; lastAckAt: number | null } {
    const firstUnacked = this.firstUnackedStmt.get()?.seq;
    const lastAcked = (firstUnacked ?? this.deps.outbox.lastSeq() + 1) - 1;
    if (lastAcked < 1) return { lastAckSeq: null, lastAckAt: null };
    const at = this.ackedAtStmt.get(lastAcked)?.acked_at;
    return { lastAckSeq: lastAcked, lastAckAt: at ?? null };
  }

  private send(): void {
    const message: AgentToKiosk = { type: 'technician', view: this.view() };
    const text = JSON.stringify(message);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.deps.broadcast(message);
  }

  /** Refresh the open pages and close the mode when it has been left alone. */
  private startTicker(): void {
    this.stopTicker();
    this.ticker = setInterval(() => {
      const session = this.session;
      if (!session) return this.stopTicker();
      const idleFor = this.deps.now() - session.lastActivity;
      const limit =
        session.phase === 'open' ? this.deps.config.idleMinutes * 60_000 : (this.deps.pinIdleMs ?? 60_000);
      if (idleFor >= limit) {
        this.record({
          action: 'logout',
          actor: session.actor,
          outcome: 'ok',
          detail: `closed after ${Math.round(idleFor / 1000)} s without a technician's action`,
        });
        this.close();
        return;
      }
      if (session.phase === 'open') this.pollScale();
      this.send();
    }, this.deps.refreshMs ?? 1000);
    this.ticker.unref();
  }

  /**
   * A streaming indicator keeps `latest()` fresh by itself; one that answers
   * only when asked (MT-SICS, Yaohua command mode) is asked here, so the
   * technician sees a live weight while pressing on the platform.
   */
  private pollScale(): void {
    const scale = this.deps.devices.scale;
    if (!scale || this.polling) return;
    const last = scale.latest();
    if (last && Date.now() - last.at < 900) return;
    this.polling = true;
    void scale
      .readStable(500)
      .catch(() => undefined)
      .finally(() => {
        this.polling = false;
      });
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }
}

/** `mqtts://user:secret@host:8883/x` → `mqtts://host:8883`: what a technician may see of the broker. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(invalid broker URL)';
  }
}
