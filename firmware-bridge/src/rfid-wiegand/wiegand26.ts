/**
 * Wiegand-26 (PROTOCOLS.md §2). Bits are numbered 1–26 in the order the
 * reader sends them; as a 26-bit integer bit 1 is the most significant:
 *
 *   bit 1      even parity over bits 2–13
 *   bits 2–9   facility code (8 bits)
 *   bits 10–25 card number (16 bits)
 *   bit 26     odd parity over bits 14–25
 *
 * Golden example (derived by hand, checked in the tests): facility 123
 * (0x7B), card 4567 (0x11D7) → data bits 01111011 0001000111010111; bits
 * 2–13 (011110110001) hold seven 1s → bit 1 = 1; bits 14–25 (000111010111)
 * hold seven 1s → bit 26 = 0; word 1 01111011 0001000111010111 0 = 0x2F623AE.
 */
export interface Wiegand26Card {
  /** 0–255. */
  facility: number;
  /** 0–65535. */
  card: number;
}

export type Wiegand26Result =
  | { ok: true; value: Wiegand26Card }
  | { ok: false; error: { code: 'out-of-range' | 'even-parity' | 'odd-parity'; message: string } };

const DATA_BITS = 24;
const WORD_MAX = (1 << 26) - 1;

function ones(value: number): number {
  let count = 0;
  for (let v = value; v !== 0; v >>>= 1) count += v & 1;
  return count;
}

/** The 24 data bits: facility in the high byte, card number below. */
export function wiegand26Data(card: Wiegand26Card): number {
  return card.facility * 0x10000 + card.card;
}

/** Bits 2–13 are the high 12 data bits, bits 14–25 the low 12. */
const highHalf = (data: number) => data >>> 12;
const lowHalf = (data: number) => data & 0xfff;

export function checkWiegand26Card(card: Wiegand26Card): string | null {
  if (!Number.isInteger(card.facility) || card.facility < 0 || card.facility > 0xff) {
    return `facility code must be 0–255, got ${card.facility}`;
  }
  if (!Number.isInteger(card.card) || card.card < 0 || card.card > 0xffff) {
    return `card number must be 0–65535, got ${card.card}`;
  }
  return null;
}

/** Facility + card → the 26-bit word with both parity bits. Throws RangeError on out-of-range input. */
export function encodeWiegand26(card: Wiegand26Card): number {
  const problem = checkWiegand26Card(card);
  if (problem) throw new RangeError(problem);
  const data = wiegand26Data(card);
  const evenParity = ones(highHalf(data)) & 1; // makes bits 1–13 hold an even count of 1s
  const oddParity = (ones(lowHalf(data)) & 1) ^ 1; // makes bits 14–26 hold an odd count of 1s
  return evenParity * 2 ** 25 + data * 2 + oddParity;
}

/** The 26-bit word → facility + card, or which parity failed. */
export function decodeWiegand26(word: number): Wiegand26Result {
  if (!Number.isInteger(word) || word < 0 || word > WORD_MAX) {
    return { ok: false, error: { code: 'out-of-range', message: `not a 26-bit word: ${word}` } };
  }
  const data = (word >>> 1) & ((1 << DATA_BITS) - 1);
  const evenParity = word >>> 25;
  const oddParity = word & 1;
  if (((ones(highHalf(data)) + evenParity) & 1) !== 0) {
    return { ok: false, error: { code: 'even-parity', message: 'even parity over bits 1–13 fails' } };
  }
  if (((ones(lowHalf(data)) + oddParity) & 1) !== 1) {
    return { ok: false, error: { code: 'odd-parity', message: 'odd parity over bits 14–26 fails' } };
  }
  return { ok: true, value: { facility: data >>> 16, card: data & 0xffff } };
}

/** True when both parity bits of the word are right. */
export function verifyWiegand26(word: number): boolean {
  return decodeWiegand26(word).ok;
}

/** Bits 1–26 as a string of 0/1, as technicians read them off a logic analyser. */
export function wiegand26Bits(word: number): string {
  return word.toString(2).padStart(26, '0');
}

/** The uid we report: the 24 data bits as 6 upper-case hex characters (what a `hex6` converter prints). */
export function wiegandUid(card: Wiegand26Card): string {
  return wiegand26Data(card).toString(16).toUpperCase().padStart(6, '0');
}

/** 6 hex characters → facility + card; null when it is not 6 hex characters. */
export function parseWiegandUid(uid: string): Wiegand26Card | null {
  if (!/^[0-9A-Fa-f]{6}$/.test(uid)) return null;
  const data = parseInt(uid, 16);
  return { facility: data >>> 16, card: data & 0xffff };
}
