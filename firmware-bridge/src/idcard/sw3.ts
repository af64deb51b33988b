/**
 * The third status byte of every reader reply (PROTOCOLS.md §1). SW1 SW2 are
 * always `00 00`; SW3 says what happened.
 */

/** Who is at fault, which decides what the driver does next. */
export type Sw3Category =
  /** The command did what was asked (`90`, `9F`). */
  | 'ok'
  /** Succeeded, but the field asked for is empty (`91`). */
  | 'empty'
  /** No card in the field (`80`). */
  | 'no-card'
  /** The card could not be selected or read: moved, damaged, foreign to the SAM. */
  | 'card'
  /** The SAM module itself is unwell or not authorised. */
  | 'sam'
  /** Our request arrived damaged or unknown: retryable line trouble or a host bug. */
  | 'protocol';

const TABLE = [
  [0x90, 'ok', 'ok', 'operation succeeded'],
  [0x91, 'field-empty', 'empty', 'the requested field is empty'],
  [0x9f, 'card-found', 'ok', 'card found'],
  [0x10, 'bad-checksum', 'protocol', 'the reader received a request with a bad checksum'],
  [0x11, 'bad-length', 'protocol', 'the reader received a request with a bad length'],
  [0x21, 'bad-command', 'protocol', 'the reader does not know this command'],
  [0x23, 'unauthorised', 'sam', 'the operation is not authorised'],
  [0x24, 'unknown-error', 'sam', 'the reader reports an unknown error'],
  [0x31, 'card-rejected-sam', 'card', 'the card failed to authenticate the SAM'],
  [0x32, 'sam-rejected-card', 'card', 'the SAM failed to authenticate the card'],
  [0x33, 'data-check-error', 'card', 'the card data failed its check'],
  [0x40, 'unknown-card-type', 'card', 'unknown card type'],
  [0x41, 'read-failed', 'card', 'reading the card failed'],
  [0x47, 'random-number-failure', 'card', 'the card failed to produce a random number'],
  [0x60, 'sam-self-test-failed', 'sam', 'the SAM self-test failed'],
  [0x66, 'sam-not-authorised', 'sam', 'the SAM is not authorised'],
  [0x80, 'find-failed', 'no-card', 'no card found'],
  [0x81, 'select-failed', 'card', 'selecting the card failed'],
] as const;

type Row = (typeof TABLE)[number];
export type KnownSw3Name = Row[1];

/** One SW3 value: a known code of the table or a byte the table does not list. */
export type Sw3 =
  | { [K in Row as K[1]]: { byte: K[0]; name: K[1]; category: K[2]; message: string } }[KnownSw3Name]
  | { byte: number; name: 'unrecognised'; category: 'sam'; message: string };

export type Sw3Name = Sw3['name'];

const BY_BYTE = new Map<number, Sw3>(
  TABLE.map(([byte, name, category, message]) => [byte, { byte, name, category, message } as Sw3]),
);

export function sw3(byte: number): Sw3 {
  return (
    BY_BYTE.get(byte) ?? {
      byte,
      name: 'unrecognised',
      category: 'sam',
      message: `the reader answered with an unlisted status 0x${sw3Hex(byte)}`,
    }
  );
}

/** Every SW3 code PROTOCOLS.md lists, in its order. */
export const KNOWN_SW3: readonly Sw3[] = [...BY_BYTE.values()];

/** `0x9f` → `"9F"`. */
export function sw3Hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

export const SW3_OK = 0x90;
export const SW3_CARD_FOUND = 0x9f;
export const SW3_FIELD_EMPTY = 0x91;
export const SW3_NO_CARD = 0x80;
export const SW3_SELECT_FAILED = 0x81;
export const SW3_READ_FAILED = 0x41;
export const SW3_BAD_LENGTH = 0x11;
export const SW3_BAD_COMMAND = 0x21;
