import { useTranslation } from 'react-i18next';
import type { CompartmentView } from '@yaofang/shared/waste-session';
import { categoryTiles, tileStateName } from '../waste/categories.ts';
import { categoryStateText } from '../waste/waste-text.ts';

/** The attract screen of a waste station: each category and whether it takes drops now. */
export function CategoryStatus(props: { compartments: readonly CompartmentView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="category-status" aria-label={t('waste.station.label')} data-testid="category-status">
      {categoryTiles(props.compartments).map((tile) => (
        <li
          key={tile.category}
          className={`status-tile cat-${tile.category} ${tile.selectable ? 'open' : 'unavailable'}`}
          data-testid={`status-${tile.category}`}
          data-state={tileStateName(tile)}
        >
          <span className="tile-name">{t(`waste.categories.${tile.category}`)}</span>
          <span className="tile-state">{categoryStateText(tile.state, t)}</span>
        </li>
      ))}
    </ul>
  );
}
