import type { DecodeError, StreamDecoder } from '../codec.ts';
import { IdCardReplyDecoder, type IdCardReply } from './reply.ts';
import { sw3Hex } from './sw3.ts';
import type { CardIdentity, CardType, Sex } from './text-block.ts';

/**
 * The flat `idcard.read` message: the `decode` contract of the device layer,
 * and the common fields of every driver read. Foreign cards map onto the
 * resident card's names: `idNumber` is the card number, `name` the Chinese
 * name (the English one when a card has none), `address` is empty and
 * `authority` is the 2017 card's authority code.
 */
export interface IdCardReadMessage {
  type: 'idcard.read';
  cardType: CardType;
  name: string;
  sex: Sex;
  birth: string;
  idNumber: string;
  address: string;
  authority: string;
  validFrom: string;
  validTo: string;
  idNumberValid: boolean;
}

export interface IdCardStatusMessage {
  type: 'idcard.status';
  /** Upper-case hex, e.g. `9F`. */
  sw3: string;
  /** True for `90` (ok) and `9F` (card found). */
  ok: boolean;
}

export type IdCardJsonMessage = IdCardReadMessage | IdCardStatusMessage;

export function toReadMessage(identity: CardIdentity, idNumberValid: boolean): IdCardReadMessage {
  const common = {
    type: 'idcard.read',
    cardType: identity.cardType,
    sex: identity.sex,
    birth: identity.birth,
    validFrom: identity.validFrom,
    validTo: identity.validTo,
    idNumberValid,
  } as const;
  switch (identity.cardType) {
    case 'resident':
    case 'permit-hmt':
      return {
        ...common,
        name: identity.name,
        idNumber: identity.idNumber,
        address: identity.address,
        authority: identity.authority,
      };
    case 'foreign-2017':
      return {
        ...common,
        name: identity.chineseName || identity.englishName,
        idNumber: identity.cardNumber,
        address: '',
        authority: identity.authorityCode,
      };
    case 'foreign-2023':
      return {
        ...common,
        name: identity.chineseName || identity.englishName,
        idNumber: identity.cardNumber,
        address: '',
        authority: '',
      };
  }
}

/** Every reply other than a read is reported by its status byte. */
export function toJsonMessage(reply: IdCardReply): IdCardJsonMessage {
  if (reply.type === 'identity') return toReadMessage(reply.identity, reply.idNumberValid);
  return { type: 'idcard.status', sw3: sw3Hex(reply.sw3.byte), ok: reply.sw3.category === 'ok' };
}

/** Reader output → the JSON objects of the `decode` contract. */
export class IdCardJsonDecoder implements StreamDecoder<IdCardJsonMessage> {
  private readonly replies = new IdCardReplyDecoder();

  push(chunk: Uint8Array): Array<IdCardJsonMessage | DecodeError> {
    return this.replies.push(chunk).map((item) => (item.type === 'error' ? item : toJsonMessage(item)));
  }

  reset(): void {
    this.replies.reset();
  }
}
