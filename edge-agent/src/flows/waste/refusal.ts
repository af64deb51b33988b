import type { WasteCategory, WasteNotice } from '@yaofang/shared';
import type { WasteRules } from '@yaofang/shared/waste';
import type { BinWatch } from './bin-watch.ts';
import type { ScalePort } from './ports.ts';
import { categoryState } from './windows.ts';

export interface RefusalContext {
  /** Null on a station without a bin controller. */
  watch: BinWatch | null;
  scale: ScalePort | undefined;
  rules: WasteRules;
  now: number;
  /** The last drop found no room in the store. */
  storageFull: boolean;
}

/**
 * Why `category` cannot be chosen now, or null when it can: an alarm locks
 * every lid, then missing devices, a full store, the drop-off window and the
 * compartment's fill level.
 */
export function refusalFor(category: WasteCategory, context: RefusalContext): WasteNotice | null {
  const { watch } = context;
  if (!watch) return { code: 'device-fault', device: 'bin' };
  if (watch.hasAlarm()) return { code: 'station-alarm' };
  const compartment = watch.compartmentOf(category);
  if (compartment === null) return { code: 'device-fault', device: watch.bin.id };
  if (!context.scale) return { code: 'device-fault', device: 'scale' };
  if (context.storageFull) return { code: 'storage-full' };
  const fillPercent = watch.fillPercent(compartment) ?? 0;
  const state = categoryState(context.rules, category, context.now, { fillPercent, alarm: null });
  if (state.state === 'closed-until') return { code: 'category-closed', opensAtLocal: state.opensAtLocal };
  if (state.state === 'full') return { code: 'category-full' };
  return null;
}
