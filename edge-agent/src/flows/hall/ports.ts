import type { IdCardEvent } from '@yaofang/firmware-bridge';
import type { Disposer } from '@yaofang/shared';
import type { PrinterHandle } from '../../devices/device-handles.ts';
import type { RequestClient } from '../../sync/request-client.ts';
import type { StoredBalance, StoredCardBinding } from '../../sync/sync-store.ts';

/**
 * What the hall flow needs of the rest of the agent: the agent passes the
 * SyncStore, the RequestClient, the uplink and the device handles; the unit
 * tests pass fakes of the same shape.
 */
export interface HallSync {
  cardBinding(cardKey: string): StoredCardBinding | null;
  balance(residentKey: string, account: 'points' | 'minutes'): StoredBalance | null;
}
export type HallRequests = Pick<RequestClient, 'request'>;
export type HallPrinter = Pick<PrinterHandle, 'id' | 'print'>;
/** Whether the central platform is reachable right now (the uplink's connection). */
export interface UplinkState {
  isConnected(): boolean;
}
export interface IdCardSource {
  onEvent(listener: (event: IdCardEvent) => void): Disposer;
}
/** The fields of a GA 467 read the hall uses; held in memory only until the masks are made. */
export interface IdCardRead {
  idNumber: string;
  name: string;
  /** `YYYYMMDD`, or `长期` for a card without end date. */
  validTo: string;
  idNumberValid: boolean;
}
