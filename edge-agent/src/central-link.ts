import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { CommandProcessor } from './commands/processor.ts';
import { pingHandler, type CommandHandlers } from './commands/handlers.ts';
import { outboxResendHandler } from './commands/outbox-resend.ts';
import { AckConsumer, RequestClient, SyncReceiver, SyncStore, cachedAnswers } from './sync/index.ts';
import type { Db } from './store/database.ts';
import type { Outbox } from './store/outbox.ts';
import type { Uplink } from './uplink/uplink.ts';

export interface CentralLinkDeps {
  db: Db;
  outbox: Outbox;
  uplink: Uplink;
  stationId: string;
  /** Without it nothing signed can be trusted: commands and sync documents are then refused. */
  centralPublicKey: KeyObject | null;
  commandSkewToleranceMs: number;
  /**
   * Handlers that need devices or other modules, added by the agent; a
   * function when they need this link's SyncStore.
   */
  extraHandlers?: Partial<CommandHandlers> | ((store: SyncStore) => Partial<CommandHandlers>);
  log: Logger;
}

/**
 * Everything that comes back from the central platform: acks, signed sync
 * documents, signed commands, and answers to requests.
 */
export class CentralLink {
  readonly store: SyncStore;
  readonly requests: RequestClient;
  private readonly acks: AckConsumer;
  private readonly sync: SyncReceiver | null;
  private readonly commands: CommandProcessor | null;

  constructor(deps: CentralLinkDeps) {
    const { db, outbox, uplink, stationId, log } = deps;
    this.store = new SyncStore(db);
    this.acks = new AckConsumer({
      db,
      link: uplink,
      stationId,
      beforeAck: () => uplink.flushSentMarks(),
      log: log.child({ module: 'acks' }),
    });
    this.requests = new RequestClient({
      link: uplink,
      stationId,
      log: log.child({ module: 'requests' }),
      fallback: cachedAnswers(this.store),
    });
    if (!deps.centralPublicKey) {
      log.warn(
        'centralPublicKeyFile is not configured: signed commands and sync documents cannot be verified and are ignored; set it to the central platform public key (PEM)',
      );
      this.sync = null;
      this.commands = null;
      return;
    }
    this.sync = new SyncReceiver({
      db,
      link: uplink,
      stationId,
      centralPublicKey: deps.centralPublicKey,
      log: log.child({ module: 'sync' }),
    });
    this.commands = new CommandProcessor({
      db,
      outbox,
      link: uplink,
      stationId,
      centralPublicKey: deps.centralPublicKey,
      skewToleranceMs: deps.commandSkewToleranceMs,
      handlers: {
        ping: pingHandler(),
        'outbox.resend': outboxResendHandler({ db, afterMarked: (fromSeq) => uplink.rewind(fromSeq) }),
        ...(typeof deps.extraHandlers === 'function' ? deps.extraHandlers(this.store) : deps.extraHandlers),
      },
      onEventWritten: () => uplink.kick(),
      log: log.child({ module: 'commands' }),
    });
  }

  /** Subscribe before the uplink connects, so nothing retained is missed. */
  /** Housekeeping: forget long-expired commands (see CommandProcessor.pruneSeen). */
  prune(): number {
    return this.commands?.pruneSeen() ?? 0;
  }

  start(): void {
    this.acks.start();
    this.requests.start();
    this.sync?.start();
    this.commands?.start();
  }

  async stop(): Promise<void> {
    await this.commands?.stop();
    this.sync?.stop();
    this.requests.stop();
    this.acks.stop();
  }
}
