import { useTranslation } from 'react-i18next';
import type { WasteCategory } from '@yaofang/shared/waste';

/** The chosen category in its colour, at the top of the progress, drop and result screens. */
export function CategoryChip(props: { category: WasteCategory | null }) {
  const { t } = useTranslation();
  if (!props.category) return null;
  return (
    <p className={`category-chip cat-${props.category}`} data-testid="category-chip">
      {t(`waste.categories.${props.category}`)}
    </p>
  );
}
