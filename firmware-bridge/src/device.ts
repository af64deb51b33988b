import type { StreamDecoder } from './codec.ts';
import type { ByteTransport } from './transport/types.ts';

/** A decoded message, printed as one JSON line by `yaofang-bridge decode`. */
export interface JsonMessage {
  readonly type: string;
}

/**
 * What the `yaofang-bridge` CLI needs to know about one device kind. Each
 * device module exports one of these; `registry.ts` lists them all.
 */
export interface DeviceKind {
  /** The `--device` name, e.g. `scale-xk3190`. */
  kind: string;
  /** One line for `--help`. */
  description: string;
  /** Named wire formats (`--format`); empty when the device has one. */
  formats: readonly string[];
  defaultFormat?: string;
  /** Serial settings a simulator or capture uses by default. */
  serial?: { baudRate: number; dataBits?: 8 | 7; parity?: 'none' | 'even' | 'odd'; stopBits?: 1 | 2 };
  /**
   * A decoder whose messages are already the JSON objects of the `decode`
   * contract (see issue "Device layer"): plain objects with a `type`.
   */
  createJsonDecoder(format?: string): StreamDecoder<JsonMessage>;
  /** The device's own side, speaking the same bytes. */
  createSimulator?(transport: ByteTransport, format?: string): Simulator;
}

/** Reply to one simulator control command. */
export type SimReply = { ok: true; message: string } | { ok: false; error: string };

/**
 * The device's side of the wire: a state machine with a control API. The text
 * command form (`control`) is what `yaofang-bridge sim` reads from stdin and
 * from its HTTP control port, e.g. `present 0F0030C2A4`, `weight 1.25`,
 * `paper-out on`. Each simulator also has its own typed methods for tests.
 */
export interface Simulator {
  start(): void;
  stop(): Promise<void>;
  /** Run one text command; unknown commands answer `ok: false` with the list of known ones. */
  control(line: string): Promise<SimReply>;
  /** A JSON snapshot for the control port and the demo panel. */
  snapshot(): Record<string, unknown>;
}
