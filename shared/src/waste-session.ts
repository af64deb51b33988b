import { z } from 'zod';
import { DROP_OUTCOMES, categoryStateSchema, wasteCategorySchema } from './waste.ts';

/**
 * What the kiosk shows of a waste-drop session: a view of the agent's flow
 * state, never the source of truth. No names or ID numbers: a resident signed
 * in with an RFID card is known to the screen only by a masked household code.
 */
export const WASTE_STEPS = [
  'choose-category', // signed in; pick a category
  'weighing-before', // reading the stable gross weight before the lid opens
  'opening', // lid opening
  'dropping', // "请投放": the resident drops the bag; countdown to auto-close
  'closing', // lid closing (auto-close or "完成")
  'weighing-after', // reading the stable gross weight again
  'result', // weight and points shown; another drop or finish
] as const;
export const wasteStepSchema = z.enum(WASTE_STEPS);
export type WasteStep = z.infer<typeof wasteStepSchema>;

/** Why something did not happen, for the screen (translated there) and the voice prompt. */
export const WASTE_NOTICES = [
  'unbound-card', // card not bound to a resident: bind it at the hall kiosk
  'technician-card', // a technician card does not start a resident session
  'category-closed', // outside the drop-off window; `opensAtLocal` says when
  'category-full', // compartment full (已满仓)
  'station-alarm', // smoke, heat, tamper or jam: every lid locked
  'too-light', // below the minimum: no points
  'too-heavy-review', // above the maximum: flagged for review, no provisional points
  'negative-net', // weight went down: flagged, no points
  'capped', // household's daily cap reached
  'partially-capped', // the cap was reached during this drop
  'scale-unstable', // no stable weight in time; try again
  'device-fault', // a device needed for this step is not working
  'storage-full', // the terminal refuses new transactions until it syncs
  'repeat-tap', // the same card again within seconds: ignored
] as const;
export const wasteNoticeSchema = z.object({
  code: z.enum(WASTE_NOTICES),
  /** Local HH:MM when a closed category opens next. */
  opensAtLocal: z.string().optional(),
  /** Which device, for device-fault. */
  device: z.string().optional(),
});
export type WasteNotice = z.infer<typeof wasteNoticeSchema>;

export const balanceViewSchema = z.object({
  /** Last balance confirmed by the central platform. */
  confirmed: z.number().int(),
  /** Local entries not yet confirmed (shown as 待同步). */
  pending: z.number().int(),
  /** confirmed + pending. */
  shown: z.number().int(),
});
export type BalanceView = z.infer<typeof balanceViewSchema>;

export const dropResultSchema = z.object({
  dropId: z.string(),
  category: wasteCategorySchema,
  netGrams: z.number().int(),
  points: z.number().int().nonnegative(),
  outcome: z.enum(DROP_OUTCOMES),
  /** The household's points today, this drop included. */
  todayPoints: z.number().int().nonnegative(),
  balance: balanceViewSchema,
  recovered: z.boolean(),
});
export type DropResult = z.infer<typeof dropResultSchema>;

export const compartmentViewSchema = z.object({
  category: wasteCategorySchema,
  compartment: z.number().int().min(0).max(3),
  state: categoryStateSchema,
  fillPercent: z.number().int().min(0).max(100).nullable(),
});
export type CompartmentView = z.infer<typeof compartmentViewSchema>;

export const wasteSessionViewSchema = z.object({
  sessionId: z.string(),
  step: wasteStepSchema,
  /** Masked household code, e.g. `H-***01`; null when the binding has none. */
  household: z.string().nullable(),
  compartments: z.array(compartmentViewSchema),
  chosen: wasteCategorySchema.nullable(),
  /** Epoch ms when the lid closes by itself (the "请投放" countdown). */
  closesAt: z.number().int().nullable(),
  /** Live gross weight while weighing, grams. */
  liveGrams: z.number().int().nullable(),
  drops: z.array(dropResultSchema),
  notice: wasteNoticeSchema.nullable(),
});
export type WasteSessionView = z.infer<typeof wasteSessionViewSchema>;

/** The attract screen's picture of the station when nobody is signed in. */
export const stationViewSchema = z.object({
  role: z.enum(['hall', 'waste', 'both']),
  compartments: z.array(compartmentViewSchema),
  /** Device faults for the banner. */
  faults: z.array(z.object({ device: z.string(), kind: z.string(), code: z.string() })),
  /** A card tap that did not start a session (unbound card, technician card, repeat tap). */
  notice: wasteNoticeSchema.nullable(),
});
export type StationView = z.infer<typeof stationViewSchema>;
