import { err, ok, type Result } from '@yaofang/shared/result';
import { toHex } from '../codec.ts';
import { encodeFrame } from './frame.ts';

/** Every host → reader command of PROTOCOLS.md §1. */
export type IdCardCommand =
  | { name: 'find' }
  | { name: 'select' }
  | { name: 'read-base' }
  | { name: 'read-fingerprint' }
  | { name: 'read-appended-address' }
  | { name: 'read-sam-id' }
  | { name: 'sam-status' }
  | { name: 'reset-sam' }
  | { name: 'set-baud'; baud: BaudRate };

export type IdCardCommandName = IdCardCommand['name'];
export type BaudRate = 115200 | 57600 | 38400 | 19200 | 9600;

/** CMD PARA of each command; `set-baud` carries the rate code as PARA. */
const CODES: Record<Exclude<IdCardCommandName, 'set-baud'>, readonly [number, number]> = {
  find: [0x20, 0x01],
  select: [0x20, 0x02],
  'read-base': [0x30, 0x01],
  'read-fingerprint': [0x30, 0x10],
  'read-appended-address': [0x30, 0x03],
  'read-sam-id': [0x12, 0xff],
  'sam-status': [0x11, 0xff],
  'reset-sam': [0x10, 0xff],
};
const SET_BAUD = 0x60;
const BAUD_CODES: readonly BaudRate[] = [115200, 57600, 38400, 19200, 9600];

export function encodeIdCardRequest(command: IdCardCommand): Buffer {
  if (command.name === 'set-baud') {
    const code = BAUD_CODES.indexOf(command.baud);
    if (code < 0) throw new RangeError(`the reader cannot run at ${String(command.baud)} baud`);
    return encodeFrame(Uint8Array.of(SET_BAUD, code));
  }
  return encodeFrame(Uint8Array.from(CODES[command.name]));
}

const NAMES = new Set<string>([...Object.keys(CODES), 'set-baud']);

export function isIdCardCommandName(name: string): name is IdCardCommandName {
  return NAMES.has(name);
}

const BY_CODE = new Map<number, IdCardCommand>(
  Object.entries(CODES).map(([name, [cmd, para]]) => [(cmd << 8) | para, { name } as IdCardCommand]),
);

/** The command a request frame's body holds, or why it holds none. */
export function decodeIdCardRequest(body: Uint8Array): Result<IdCardCommand, string> {
  const [cmd, para] = body;
  if (body.length !== 2 || cmd === undefined || para === undefined) {
    return err(`a request body is CMD PARA (2 bytes), this one has ${body.length}`);
  }
  const baud = cmd === SET_BAUD ? BAUD_CODES[para] : undefined;
  if (baud !== undefined) return ok({ name: 'set-baud', baud });
  const command = BY_CODE.get((cmd << 8) | para);
  return command ? ok(command) : err(`unknown command ${toHex(body)}`);
}
