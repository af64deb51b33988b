import { useTranslation } from 'react-i18next';
import type { WasteCategory } from '@yaofang/shared/waste';
import type { WasteSessionView } from '@yaofang/shared/waste-session';
import { WasteNoticeBox } from '../../components/waste-notice.tsx';
import { categoryTiles, tileStateName } from '../../waste/categories.ts';
import { categoryStateText } from '../../waste/waste-text.ts';
import { SettingsButton } from '../../components/settings-button.tsx';

/**
 * Four big tiles in the national colours (厨余 green, 可回收 blue, 有害 red,
 * 其他 grey). A closed, full or broken compartment is a disabled tile that
 * says why; tapping an open one asks the agent to open its lid.
 */
export function CategoryScreen(props: {
  session: WasteSessionView;
  /** "再投一次": the agent is still showing the result, so offer the way back to it. */
  again: boolean;
  onChoose: (category: WasteCategory) => void;
  onBack: () => void;
  onFinish: () => void;
  onSettings: () => void;
}) {
  const { t } = useTranslation();
  const { session } = props;
  // In "再投一次" the notice belongs to the result the resident just left.
  const notice = props.again ? null : session.notice;
  return (
    <section className="screen-body waste-choose" data-testid="waste-choose">
      {session.household && (
        <p className="household" data-testid="household">
          {t('waste.household', { household: session.household })}
        </p>
      )}
      <h1>{t('waste.choose.title')}</h1>
      <p className="sub">{t('waste.choose.hint')}</p>
      {notice && <WasteNoticeBox notice={notice} />}
      <div className="category-grid" role="group" aria-label={t('waste.choose.label')}>
        {categoryTiles(session.compartments).map((tile) => (
          <button
            key={tile.category}
            type="button"
            className={`category-tile cat-${tile.category} ${tile.selectable ? 'open' : 'unavailable'}`}
            data-testid={`category-${tile.category}`}
            data-state={tileStateName(tile)}
            disabled={!tile.selectable}
            onClick={() => props.onChoose(tile.category)}
          >
            <span className="tile-name">{t(`waste.categories.${tile.category}`)}</span>
            <span className="tile-state">{categoryStateText(tile.state, t)}</span>
          </button>
        ))}
      </div>
      <div className="actions">
        {props.again && (
          <button type="button" className="secondary big" data-testid="waste-back" onClick={props.onBack}>
            {t('waste.choose.back')}
          </button>
        )}
        <button type="button" className="secondary big" data-testid="waste-finish" onClick={props.onFinish}>
          {t('waste.choose.finish')}
        </button>
        <SettingsButton onSettings={props.onSettings} />
      </div>
    </section>
  );
}
