import type { DeviceKind } from '../device.ts';
import { IdCardJsonDecoder } from './read-message.ts';
import { IdCardSimulator } from './simulator.ts';

// The public surface; frame and exchange internals stay inside the folder.
export { syntheticDeck, type DeckCard } from './deck.ts';
export { IdCardDriver, type IdCardDriverOptions, type IdCardEvent, type IdCardReadEvent } from './driver.ts';
export { faultFromSw3, type IdCardFault, type IdCardFaultCode } from './faults.ts';
export {
  idNumberChecksum,
  isValidIdNumber,
  makeSyntheticIdNumber,
  SYNTHETIC_REGION,
  type SyntheticIdNumberParts,
} from './id-number.ts';
export {
  IdCardJsonDecoder,
  toReadMessage,
  type IdCardJsonMessage,
  type IdCardReadMessage,
  type IdCardStatusMessage,
} from './read-message.ts';
export { cardNumberValid, IdCardReplyDecoder, type IdCardReply } from './reply.ts';
export {
  decodeIdCardRequest,
  encodeIdCardRequest,
  type BaudRate,
  type IdCardCommand,
  type IdCardCommandName,
} from './request.ts';
export { IdCardSimulator, type IdCardSimulatorOptions } from './simulator.ts';
export type { IdCardSimFault } from './sim-faults.ts';
export { KNOWN_SW3, sw3, type Sw3, type Sw3Category, type Sw3Name } from './sw3.ts';
export {
  encodeTextBlock,
  parseTextBlock,
  TEXT_BLOCK_BYTES,
  type CardIdentity,
  type CardType,
  type Foreign2017Identity,
  type Foreign2023Identity,
  type PermitHmtIdentity,
  type ResidentIdentity,
  type Sex,
} from './text-block.ts';

export const idcardKind: DeviceKind = {
  kind: 'idcard-ga467',
  description: 'Resident ID card reader, GA 467 style SAM module (the host polls find → select → read)',
  formats: [],
  serial: { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 },
  createJsonDecoder: () => new IdCardJsonDecoder(),
  createSimulator: (transport) => new IdCardSimulator(transport),
};
