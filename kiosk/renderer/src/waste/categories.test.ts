import { describe, expect, it } from 'vitest';
import type { CompartmentView } from '@yaofang/shared/waste-session';
import { categoryTiles, tileStateName } from './categories.ts';

describe('categoryTiles', () => {
  it('lists the four categories in a fixed order; only open ones are selectable', () => {
    const compartments: CompartmentView[] = [
      { category: 'other', compartment: 3, state: { state: 'full' }, fillPercent: 95 },
      { category: 'kitchen', compartment: 0, state: { state: 'open' }, fillPercent: 10 },
      {
        category: 'hazardous',
        compartment: 2,
        state: { state: 'closed-until', opensAt: 0, opensAtLocal: '18:00' },
        fillPercent: null,
      },
    ];
    const tiles = categoryTiles(compartments);
    expect(tiles.map((tile) => tile.category)).toEqual(['kitchen', 'recyclable', 'hazardous', 'other']);
    expect(tiles.map((tile) => tile.selectable)).toEqual([true, false, false, false]);
    expect(tiles.map(tileStateName)).toEqual(['open', 'missing', 'closed-until', 'full']);
  });
});
