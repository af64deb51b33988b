import { z } from 'zod';
import { err, ok, type Result } from './result.ts';

/**
 * The waste-sorting rules document (ARCHITECTURE.md "Data flow of one waste
 * drop"): which categories open when (定时定点投放), how many points a drop
 * earns (垃圾分类积分) and the daily household cap. The central platform signs
 * and versions it and sends it through `sync/rules`; until the first one
 * arrives a terminal runs on `DEFAULT_WASTE_RULES`. The edge's
 * `flows/waste/` applies it; this file only says what a valid one is.
 */

export const WASTE_CATEGORIES = ['kitchen', 'recyclable', 'hazardous', 'other'] as const;
export type WasteCategory = (typeof WASTE_CATEGORIES)[number];
export const wasteCategorySchema = z.enum(WASTE_CATEGORIES, {
  error: `use one of ${WASTE_CATEGORIES.join(', ')}`,
});

export const ROUNDING_MODES = ['floor', 'round', 'ceil'] as const;
/** How fractional points are settled; `round` is half up (2.5 → 3). */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Caps that keep `pointsPerKg × grams` far inside exact integers (≤ 1e10 < 2^53). */
export const MAX_POINTS_PER_KG = 10_000;
export const MAX_NET_GRAMS_LIMIT = 1_000_000;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A window's exclusive end may also be midnight at the end of the day. */
const CLOCK_END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** `'07:30'` → 450; `'24:00'` → 1440 (only meaningful as a window's exclusive end). */
export function clockMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** 450 → `'07:30'`. */
export function clockText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Messages say the fix; `parseWasteRules` puts the field's full path in front. */
const int = (example: string) =>
  z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? `missing: add a whole number, e.g. ${example}`
          : `write a whole number without quotes, e.g. ${example}`,
    })
    .int({ message: `write a whole number, e.g. ${example}` });

/** For strict objects: a typo'd or foreign key is named, and a missing object is asked for. */
const strictError = (what: string) => (issue: z.core.$ZodRawIssue) => {
  if (issue.code === 'unrecognized_keys')
    return `unknown key(s) ${issue.keys.join(', ')}; remove them or check the spelling`;
  if (issue.code === 'invalid_type')
    return issue.input === undefined ? `missing: add ${what}` : `write ${what}`;
  return undefined;
};

/**
 * A drop-off window in local wall-clock time. `to` is exclusive and may be
 * `'24:00'` for "until midnight"; a window never crosses midnight, so an
 * evening-to-morning slot is written as two windows.
 */
export const dropWindowSchema = z
  .strictObject(
    {
      from: z.string().regex(CLOCK, { message: "write local time as 'HH:MM' 00:00–23:59, e.g. '07:00'" }),
      to: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
        message: "write local time as 'HH:MM' 00:01–24:00 (exclusive end), e.g. '09:00'",
      }),
    },
    { error: strictError("a window such as { from: '07:00', to: '09:00' }") },
  )
  .superRefine((window, ctx) => {
    // zod runs refinements after a failed regex too; the format issue already says it all.
    if (!CLOCK.test(window.from) || !CLOCK_END.test(window.to)) return;
    const from = clockMinutes(window.from);
    const to = clockMinutes(window.to);
    if (to === from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the window ${window.from}–${window.to} is empty; set to after from (to is exclusive)`,
      });
    } else if (to < from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the window ${window.from}–${window.to} crosses midnight; split it into ${window.from}–24:00 and 00:00–${window.to}`,
      });
    }
  });
export type DropWindow = z.infer<typeof dropWindowSchema>;

export const categoryRulesSchema = z
  .strictObject(
    {
      pointsPerKg: int('2')
        .min(0, { message: 'points cannot be negative; use 0 or more, e.g. 2' })
        .max(MAX_POINTS_PER_KG, { message: `use at most ${MAX_POINTS_PER_KG}` }),
      rounding: z.enum(ROUNDING_MODES, { error: `use one of ${ROUNDING_MODES.join(', ')}` }),
      /** Lighter drops earn nothing (an empty lid cycle, scale noise). At least 1, so a zero net never counts. */
      minNetGrams: int('50').min(1, {
        message: 'use at least 1 gram, e.g. 50, so an empty drop never earns points',
      }),
      /** Heavier drops are held for review rather than credited (a leaning person, a stuck object). */
      maxNetGrams: int('30000')
        .min(1, { message: 'use a positive number of grams, e.g. 30000' })
        .max(MAX_NET_GRAMS_LIMIT, { message: `use at most ${MAX_NET_GRAMS_LIMIT} grams` }),
      /** Empty = open all day. */
      windows: z.array(dropWindowSchema, { error: 'write a list, [] for all day' }).max(24, {
        message: 'list at most 24 windows',
      }),
      /** At or above this fill level the compartment refuses drops. */
      fullThresholdPercent: int('90')
        .min(1, { message: 'use 1–100, e.g. 90' })
        .max(100, { message: 'use 1–100, e.g. 90' }),
    },
    { error: strictError('the rules of this category (pointsPerKg, rounding, minNetGrams, …)') },
  )
  .superRefine((category, ctx) => {
    if (category.maxNetGrams < category.minNetGrams)
      ctx.addIssue({
        code: 'custom',
        path: ['maxNetGrams'],
        message: `${category.maxNetGrams} is below minNetGrams ${category.minNetGrams}; raise maxNetGrams or lower minNetGrams`,
      });
    // Overlaps are almost always a typo, and they would make "the next opening" ambiguous.
    const sorted = category.windows
      .map((window, index) => ({ index, from: clockMinutes(window.from), to: clockMinutes(window.to) }))
      .filter((window) => window.to > window.from)
      .sort((a, b) => a.from - b.from);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (previous && current && current.from < previous.to)
        ctx.addIssue({
          code: 'custom',
          path: ['windows', current.index],
          message: `windows[${current.index}] overlaps windows[${previous.index}]; merge them or make one end where the other starts`,
        });
    }
  });
export type CategoryRules = z.infer<typeof categoryRulesSchema>;

const categoriesShape = Object.fromEntries(
  WASTE_CATEGORIES.map((category) => [category, categoryRulesSchema]),
) as Record<WasteCategory, typeof categoryRulesSchema>;

export const wasteRulesSchema = z.strictObject(
  {
    version: int('1').min(0, { message: 'use 0 or more (0 is the built-in default)' }),
    /** Minutes east of UTC of the district's wall clock: 480 for China (UTC+8). */
    timezoneOffsetMinutes: int('480')
      .min(-720, { message: 'use −720…840, e.g. 480 for UTC+8' })
      .max(840, { message: 'use −720…840, e.g. 480 for UTC+8' }),
    /** Every category is listed, so a missing one is a mistake rather than "closed forever". */
    categories: z.strictObject(categoriesShape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown categor${issue.keys.length === 1 ? 'y' : 'ies'} ${issue.keys.join(', ')}; use only ${WASTE_CATEGORIES.join(', ')}`
          : strictError(`an object with every category: ${WASTE_CATEGORIES.join(', ')}`)(issue),
    }),
    /** Points one household may earn per local day; 0 suspends crediting. */
    dailyCapPointsPerHousehold: int('200').min(0, {
      message: 'use 0 or more, e.g. 200',
    }),
    /** A card tapped again within this many ms is the same tap (a held card, a bounce). */
    repeatTapIgnoreMs: int('3000')
      .min(0, { message: 'use 0–60000, e.g. 3000' })
      .max(60_000, { message: 'use 0–60000, e.g. 3000' }),
  },
  { error: strictError('a rules document (version, timezoneOffsetMinutes, categories, …)') },
);
export type WasteRules = z.infer<typeof wasteRulesSchema>;

const twiceDaily: DropWindow[] = [
  { from: '07:00', to: '09:00' },
  { from: '18:00', to: '20:00' },
];
const common = { minNetGrams: 50, maxNetGrams: 30_000, fullThresholdPercent: 90 } as const;

/** Frozen all the way down: one shared default must not be edited by a caller by accident. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/** What a terminal applies before the central platform's first signed rules arrive. */
export const DEFAULT_WASTE_RULES: WasteRules = deepFreeze({
  version: 0,
  timezoneOffsetMinutes: 480,
  categories: {
    kitchen: { ...common, pointsPerKg: 2, rounding: 'floor', windows: twiceDaily },
    recyclable: { ...common, pointsPerKg: 5, rounding: 'floor', windows: [] },
    hazardous: { ...common, pointsPerKg: 10, rounding: 'floor', windows: [] },
    other: { ...common, pointsPerKg: 1, rounding: 'floor', windows: twiceDaily },
  },
  dailyCapPointsPerHousehold: 200,
  repeatTapIgnoreMs: 3000,
});

/** `['categories', 'kitchen', 'windows', 0, 'to']` → `categories.kitchen.windows[0].to`. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

export interface RulesProblem {
  /** e.g. `categories.kitchen.windows[0].to`; empty for the document itself. */
  field: string;
  /** One line naming the field and the fix. */
  message: string;
}

/**
 * Check a rules document (e.g. the `data` of a signed `rules` sync document).
 * Every problem names its field and says what to write instead.
 */
export function parseWasteRules(input: unknown): Result<WasteRules, RulesProblem[]> {
  const parsed = wasteRulesSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(
    parsed.error.issues.map((issue) => {
      const field = fieldOf(issue.path);
      return { field, message: `${field || 'rules'}: ${issue.message}` };
    }),
  );
}

// ---------------------------------------------------------------- status and events

/** What the attract screen shows for one category (edge `flows/waste/windows.ts` computes it). */
export const categoryStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('open') }),
  z.object({
    state: z.literal('closed-until'),
    /** Epoch ms of the next window start. */
    opensAt: z.number().int(),
    opensAtLocal: z.string().regex(CLOCK),
  }),
  z.object({ state: z.literal('full') }),
  z.object({ state: z.literal('fault'), reason: z.string().min(1).max(200) }),
]);
export type CategoryState = z.infer<typeof categoryStateSchema>;

export const DROP_OUTCOMES = [
  'credited',
  'too-light',
  'too-heavy-review',
  'negative-net',
  'capped',
  'partially-capped',
] as const;
export type DropOutcome = (typeof DROP_OUTCOMES)[number];

/** Outcomes that can carry points; every other one records 0. */
const POINT_OUTCOMES: readonly DropOutcome[] = ['credited', 'partially-capped'];

const hmacKey = z
  .string()
  .regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits (an HMAC key, never a raw value)');
const grams = int('1250');

/**
 * Data of event `waste.deposited`. Strict: a resident is only ever their
 * `residentKey` and opaque household, so a stray name or ID number field is
 * refused rather than sent.
 */
export const wasteDepositedSchema = z
  .strictObject(
    {
      dropId: z.string().uuid(),
      sessionId: z.string().uuid(),
      residentKey: hmacKey,
      /** Opaque household key from the card binding; null when the binding has none. */
      household: z.string().min(1).max(64).nullable(),
      category: wasteCategorySchema,
      /** Zero-based compartment index, as in the `bin.open` command. */
      compartment: int('0').min(0).max(3),
      grossBeforeGrams: grams,
      grossAfterGrams: grams,
      netGrams: grams,
      points: int('2').min(0, { message: 'never negative; a correction is a new entry' }),
      outcome: z.enum(DROP_OUTCOMES),
      /** Machine-readable detail, e.g. `scale-unstable`; never free text about a person. */
      reasonCode: z
        .string()
        .regex(/^[a-z][a-z0-9-]{0,63}$/, { message: "lowercase kebab-case, e.g. 'above-max-net'" })
        .optional(),
      rulesVersion: int('1').min(0),
      /** True when the drop was finished after a restart (persisted flow state). */
      recovered: z.boolean(),
      at: z.string().datetime({ offset: true }),
    },
    { error: strictError('the waste.deposited data') },
  )
  .superRefine((drop, ctx) => {
    if (drop.netGrams !== drop.grossAfterGrams - drop.grossBeforeGrams)
      ctx.addIssue({
        code: 'custom',
        path: ['netGrams'],
        message: `must equal grossAfterGrams − grossBeforeGrams (${drop.grossAfterGrams - drop.grossBeforeGrams})`,
      });
    if (drop.points > 0 && !POINT_OUTCOMES.includes(drop.outcome))
      ctx.addIssue({
        code: 'custom',
        path: ['points'],
        message: `an outcome of ${drop.outcome} records 0 points`,
      });
    if (drop.outcome === 'partially-capped' && drop.points === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['points'],
        message: 'partially-capped carries the remainder up to the cap (> 0); use capped for 0',
      });
    if ((drop.outcome === 'negative-net') !== drop.netGrams < 0)
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'negative-net exactly when netGrams < 0',
      });
  });
export type WasteDeposited = z.infer<typeof wasteDepositedSchema>;
