import { isIdCardCommandName, type IdCardCommandName } from './request.ts';

/**
 * Something to go wrong with the reader's next reply, or with its next reply
 * to command `on`. `removed-mid-read` lifts the card during the next read.
 */
export type IdCardSimFault =
  | { kind: 'bad-checksum'; on?: IdCardCommandName }
  | { kind: 'silence'; on?: IdCardCommandName }
  | { kind: 'sw3'; byte: number; on?: IdCardCommandName }
  | { kind: 'garbage'; on?: IdCardCommandName }
  | { kind: 'removed-mid-read' };

export type ReplyFault = Exclude<IdCardSimFault, { kind: 'removed-mid-read' }>;

/** Looks like the start of a frame, is none. */
export const GARBAGE = Uint8Array.from([0x13, 0xaa, 0xaa, 0x37, 0x96, 0x69, 0x00]);

/** The reply as a fault leaves it; null for silence. */
export function spoil(reply: Buffer, fault: ReplyFault | undefined): Buffer | null {
  switch (fault?.kind) {
    case undefined:
    case 'sw3':
      return reply;
    case 'silence':
      return null;
    case 'bad-checksum': {
      const spoiled = Buffer.from(reply);
      spoiled[spoiled.length - 1]! ^= 0x01;
      return spoiled;
    }
    case 'garbage':
      return Buffer.concat([GARBAGE, reply]);
  }
}

/** `checksum [command]`, `silence [command]`, `garbage [command]`, `sw3 <hex> [command]`, `removed-mid-read`. */
export function parseFault(kind: string | undefined, args: string[]): IdCardSimFault | null {
  const [first, second] = args;
  const on = (name: string | undefined): { on?: IdCardCommandName } | null =>
    name === undefined ? {} : isIdCardCommandName(name) ? { on: name } : null;
  const target = on(kind === 'sw3' ? second : first);
  if (!target) return null;
  switch (kind) {
    case 'checksum':
      return { kind: 'bad-checksum', ...target };
    case 'silence':
      return { kind: 'silence', ...target };
    case 'garbage':
      return { kind: 'garbage', ...target };
    case 'removed-mid-read':
      return args.length === 0 ? { kind: 'removed-mid-read' } : null;
    case 'sw3':
      return first && /^[0-9A-Fa-f]{2}$/.test(first)
        ? { kind: 'sw3', byte: parseInt(first, 16), ...target }
        : null;
    default:
      return null;
  }
}
