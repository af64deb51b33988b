import type { ConnectionState } from '../agent-connection.ts';
import type { DeviceFault, KioskState } from '../state/kiosk-state.ts';

/**
 * What the status banner list shows, most urgent first. A list, so device
 * faults (a message the agent will add) slot in without changing the view.
 */
export type BannerItem =
  { kind: 'connecting' } | { kind: 'offline'; backlog: number } | { kind: 'fault'; fault: DeviceFault };

export function bannerItems(
  state: Pick<KioskState, 'uplink' | 'faults'>,
  connection: ConnectionState,
): BannerItem[] {
  const items: BannerItem[] = [];
  if (connection !== 'open') items.push({ kind: 'connecting' });
  for (const fault of state.faults) items.push({ kind: 'fault', fault });
  if (state.uplink && !state.uplink.connected) items.push({ kind: 'offline', backlog: state.uplink.backlog });
  return items;
}

export function bannerKey(item: BannerItem): string {
  return item.kind === 'fault' ? `fault:${item.fault.device}:${item.fault.code}` : item.kind;
}
