import { WASTE_CATEGORIES, type CategoryState, type WasteCategory } from '@yaofang/shared/waste';
import type { CompartmentView } from '@yaofang/shared/waste-session';

export interface CategoryTile {
  category: WasteCategory;
  /** Undefined when the station reports no compartment for the category. */
  state: CategoryState | undefined;
  /** Only an open compartment can be chosen. */
  selectable: boolean;
}

/**
 * The four categories always in the same order and place (residents learn
 * where "their" tile is), each with its compartment's state.
 */
export function categoryTiles(compartments: readonly CompartmentView[]): CategoryTile[] {
  return WASTE_CATEGORIES.map((category) => {
    const state = compartments.find((compartment) => compartment.category === category)?.state;
    return { category, state, selectable: state?.state === 'open' };
  });
}

/** For CSS and tests: `open`, `closed-until`, `full`, `fault` or `missing`. */
export function tileStateName(tile: CategoryTile): string {
  return tile.state?.state ?? 'missing';
}
