import type { IdCardCommandName } from './request.ts';
import { sw3Hex, type Sw3 } from './sw3.ts';

/**
 * Why a read or a SAM command did not succeed, as a value. `message` is in
 * words a technician or a resident-facing screen can use; none holds a name
 * or a number from the card.
 */
export type IdCardFault =
  /** Find answered `80`. */
  | { code: 'no-card'; sw3: Sw3; message: string }
  /** Select answered `81` (the card moved away, or is not a card the SAM knows). */
  | { code: 'select-failed'; sw3: Sw3; message: string }
  /** The card could not be read (`41`, `33`, `31`, …), or it read with a bad ID number check (`sw3` null). */
  | { code: 'read-failed'; sw3: Sw3 | null; message: string }
  /** The card left the field before a read succeeded. */
  | { code: 'card-removed'; message: string }
  /** The SAM module itself reports trouble (`60`, `66`, `23`, `24`, or a code PROTOCOLS.md does not list). */
  | { code: 'sam-fault'; sw3: Sw3; message: string }
  /** The reader says our request arrived damaged or unknown (`10`, `11`, `21`). */
  | { code: 'protocol-error'; sw3: Sw3; message: string }
  | { code: 'timeout'; command: IdCardCommandName; attempts: number; message: string }
  /** Bytes came back that form no reply to the command. */
  | { code: 'bad-reply'; command: IdCardCommandName; message: string }
  | { code: 'link-down'; message: string };

export type IdCardFaultCode = IdCardFault['code'];

/** The fault a status byte stands for; null for the success codes `90`, `9F` and `91`. */
export function faultFromSw3(sw3: Sw3): IdCardFault | null {
  const message = `${sw3.message} (SW3 ${sw3Hex(sw3.byte)})`;
  switch (sw3.category) {
    case 'ok':
    case 'empty':
      return null;
    case 'no-card':
      return { code: 'no-card', sw3, message };
    case 'card':
      return sw3.name === 'select-failed'
        ? { code: 'select-failed', sw3, message }
        : { code: 'read-failed', sw3, message };
    case 'sam':
      return { code: 'sam-fault', sw3, message };
    case 'protocol':
      return { code: 'protocol-error', sw3, message };
  }
}
