import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';
import {
  categoryStateSchema,
  clockMinutes,
  clockText,
  DEFAULT_WASTE_RULES,
  parseWasteRules,
  wasteDepositedSchema,
  type WasteCategory,
  type WasteRules,
} from './waste.ts';

/** A rules document loosened so a test can break any part of it. */
interface Draft {
  [key: string]: unknown;
  categories: Record<WasteCategory, Record<string, unknown>> & Record<string, unknown>;
}

/** A deep copy of the defaults with `change` applied, as untyped input. */
function rulesWith(change: (rules: Draft) => void): unknown {
  const rules = structuredClone(DEFAULT_WASTE_RULES) as unknown as Draft;
  change(rules);
  return rules;
}

function problems(input: unknown): string[] {
  const parsed = parseWasteRules(input);
  return parsed.ok ? [] : parsed.error.map((problem) => problem.message);
}

describe('waste rules document', () => {
  it('accepts the defaults, which match the issue: twice-daily kitchen and other, all-day others', () => {
    const parsed = parseWasteRules(DEFAULT_WASTE_RULES);
    expect(parsed.ok).toBe(true);
    const rules: WasteRules = DEFAULT_WASTE_RULES;
    expect(rules.categories.kitchen.windows).toEqual([
      { from: '07:00', to: '09:00' },
      { from: '18:00', to: '20:00' },
    ]);
    expect(rules.categories.recyclable.windows).toEqual([]);
    expect(rules.timezoneOffsetMinutes).toBe(480);
    expect(rules.dailyCapPointsPerHousehold).toBe(200);
    expect(Object.isFrozen(rules.categories.kitchen.windows[0])).toBe(true);
  });

  it("accepts a window ending at '24:00' (until midnight) and adjacent windows", () => {
    const input = rulesWith((r) => {
      r.categories.other.windows = [
        { from: '18:00', to: '20:00' },
        { from: '20:00', to: '24:00' },
        { from: '00:00', to: '02:00' },
      ];
    });
    expect(problems(input)).toEqual([]);
  });

  it('refuses a window crossing midnight, naming the field and how to split it', () => {
    const input = rulesWith((r) => (r.categories.kitchen.windows = [{ from: '22:00', to: '02:00' }]));
    expect(problems(input)).toEqual([
      'categories.kitchen.windows[0].to: the window 22:00–02:00 crosses midnight; split it into 22:00–24:00 and 00:00–02:00',
    ]);
  });

  it('refuses an empty window (to = from)', () => {
    const input = rulesWith((r) => (r.categories.other.windows = [{ from: '07:00', to: '07:00' }]));
    expect(problems(input)).toEqual([
      'categories.other.windows[0].to: the window 07:00–07:00 is empty; set to after from (to is exclusive)',
    ]);
  });

  it("refuses badly written times: '7:00', '24:00' as a start, '25:00'", () => {
    const input = rulesWith(
      (r) =>
        (r.categories.kitchen.windows = [
          { from: '7:00', to: '09:00' },
          { from: '24:00', to: '24:00' },
          { from: '10:00', to: '25:00' },
        ]),
    );
    expect(problems(input)).toEqual([
      "categories.kitchen.windows[0].from: write local time as 'HH:MM' 00:00–23:59, e.g. '07:00'",
      "categories.kitchen.windows[1].from: write local time as 'HH:MM' 00:00–23:59, e.g. '07:00'",
      "categories.kitchen.windows[2].to: write local time as 'HH:MM' 00:01–24:00 (exclusive end), e.g. '09:00'",
    ]);
  });

  it('refuses overlapping windows, naming the later one', () => {
    const input = rulesWith(
      (r) =>
        (r.categories.kitchen.windows = [
          { from: '18:00', to: '20:00' },
          { from: '07:00', to: '09:00' },
          { from: '08:30', to: '10:00' },
        ]),
    );
    expect(problems(input)).toEqual([
      'categories.kitchen.windows[2]: windows[2] overlaps windows[1]; merge them or make one end where the other starts',
    ]);
  });

  it('refuses an unknown category and a missing one', () => {
    const input = rulesWith((r) => {
      r.categories.glass = r.categories.recyclable;
      Reflect.deleteProperty(r.categories, 'hazardous');
    });
    expect(problems(input)).toEqual([
      'categories.hazardous: missing: add the rules of this category (pointsPerKg, rounding, minNetGrams, …)',
      'categories: unknown category glass; use only kitchen, recyclable, hazardous, other',
    ]);
  });

  it('refuses negative or fractional points, and says the fix', () => {
    expect(problems(rulesWith((r) => (r.categories.hazardous.pointsPerKg = -1)))).toEqual([
      'categories.hazardous.pointsPerKg: points cannot be negative; use 0 or more, e.g. 2',
    ]);
    expect(problems(rulesWith((r) => (r.categories.hazardous.pointsPerKg = 2.5)))).toEqual([
      'categories.hazardous.pointsPerKg: write a whole number, e.g. 2',
    ]);
    expect(problems(rulesWith((r) => (r.dailyCapPointsPerHousehold = -5)))).toEqual([
      'dailyCapPointsPerHousehold: use 0 or more, e.g. 200',
    ]);
  });

  it('refuses a zero minimum (a zero net must never earn) and max below min', () => {
    expect(problems(rulesWith((r) => (r.categories.kitchen.minNetGrams = 0)))).toEqual([
      'categories.kitchen.minNetGrams: use at least 1 gram, e.g. 50, so an empty drop never earns points',
    ]);
    expect(problems(rulesWith((r) => (r.categories.kitchen.maxNetGrams = 40)))).toEqual([
      'categories.kitchen.maxNetGrams: 40 is below minNetGrams 50; raise maxNetGrams or lower minNetGrams',
    ]);
  });

  it('refuses a full threshold outside 1–100, an unknown rounding and a quoted number', () => {
    expect(problems(rulesWith((r) => (r.categories.other.fullThresholdPercent = 0)))).toEqual([
      'categories.other.fullThresholdPercent: use 1–100, e.g. 90',
    ]);
    expect(problems(rulesWith((r) => (r.categories.other.fullThresholdPercent = 101)))).toEqual([
      'categories.other.fullThresholdPercent: use 1–100, e.g. 90',
    ]);
    expect(problems(rulesWith((r) => (r.categories.other.rounding = 'truncate')))).toEqual([
      'categories.other.rounding: use one of floor, round, ceil',
    ]);
    expect(problems(rulesWith((r) => (r.timezoneOffsetMinutes = '480')))).toEqual([
      'timezoneOffsetMinutes: write a whole number without quotes, e.g. 480',
    ]);
  });

  it('refuses misspelt and missing keys by name', () => {
    const input = rulesWith((r) => {
      r.dailyCap = 100;
      delete r.repeatTapIgnoreMs;
    });
    expect(problems(input)).toEqual([
      'repeatTapIgnoreMs: missing: add a whole number, e.g. 3000',
      'rules: unknown key(s) dailyCap; remove them or check the spelling',
    ]);
    expect(problems('not rules')).toEqual([
      'rules: write a rules document (version, timezoneOffsetMinutes, categories, …)',
    ]);
  });
});

describe('clock helpers', () => {
  it('convert HH:MM to minutes and back', () => {
    expect(clockMinutes('00:00')).toBe(0);
    expect(clockMinutes('07:30')).toBe(450);
    expect(clockMinutes('24:00')).toBe(1440);
    expect(clockText(450)).toBe('07:30');
    expect(clockText(0)).toBe('00:00');
  });
});

describe('waste.deposited event data', () => {
  const drop = {
    dropId: uuidv7(),
    sessionId: uuidv7(),
    residentKey: 'a'.repeat(64),
    household: 'H-0042',
    category: 'kitchen',
    compartment: 0,
    grossBeforeGrams: 10_000,
    grossAfterGrams: 11_250,
    netGrams: 1250,
    points: 2,
    outcome: 'credited',
    rulesVersion: 3,
    recovered: false,
    at: '2025-03-01T08:15:00+08:00',
  } as const;

  const check = (input: unknown) => {
    const parsed = wasteDepositedSchema.safeParse(input);
    return parsed.success ? 'valid' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a credited drop, with or without a reason code and household', () => {
    expect(check(drop)).toBe('valid');
    expect(check({ ...drop, household: null, reasonCode: 'scale-unstable' })).toBe('valid');
  });

  it('refuses any field beyond the contract, so a name or ID number is never sent', () => {
    expect(check({ ...drop, name: '张三' })).toEqual([
      ': unknown key(s) name; remove them or check the spelling',
    ]);
    expect(check({ ...drop, idNumber: '320102199001011234' })).not.toBe('valid');
  });

  it('refuses a raw card or ID number as residentKey', () => {
    expect(check({ ...drop, residentKey: '320102199001011234' })).toEqual([
      'residentKey: 64 lowercase hex digits (an HMAC key, never a raw value)',
    ]);
  });

  it('keeps netGrams, points and outcome consistent', () => {
    expect(check({ ...drop, netGrams: 1000 })).toEqual([
      'netGrams: must equal grossAfterGrams − grossBeforeGrams (1250)',
    ]);
    expect(check({ ...drop, outcome: 'too-light' })).toEqual([
      'points: an outcome of too-light records 0 points',
    ]);
    expect(check({ ...drop, outcome: 'partially-capped', points: 0 })).toEqual([
      'points: partially-capped carries the remainder up to the cap (> 0); use capped for 0',
    ]);
    expect(
      check({ ...drop, grossAfterGrams: 9_990, netGrams: -10, points: 0, outcome: 'too-light' }),
    ).toEqual(['outcome: negative-net exactly when netGrams < 0']);
    expect(
      check({ ...drop, grossAfterGrams: 9_990, netGrams: -10, points: 0, outcome: 'negative-net' }),
    ).toBe('valid');
  });

  it('refuses fractional grams and negative points', () => {
    expect(check({ ...drop, grossAfterGrams: 11_250.5, netGrams: 1250.5 })).not.toBe('valid');
    expect(check({ ...drop, points: -1 })).toEqual(['points: never negative; a correction is a new entry']);
  });
});

describe('category state for the attract screen', () => {
  it('accepts each state', () => {
    for (const state of [
      { state: 'open' },
      { state: 'closed-until', opensAt: 1_740_787_200_000, opensAtLocal: '18:00' },
      { state: 'full' },
      { state: 'fault', reason: 'lid-jammed' },
    ])
      expect(categoryStateSchema.safeParse(state).success).toBe(true);
  });
});
