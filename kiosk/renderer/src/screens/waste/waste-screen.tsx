import type { WasteCategory } from '@yaofang/shared/waste';
import type { WasteSessionView } from '@yaofang/shared/waste-session';
import { CategoryScreen } from './category-screen.tsx';
import { DropScreen } from './drop-screen.tsx';
import { ProgressScreen } from './progress-screen.tsx';
import { ResultScreen } from './result-screen.tsx';

export interface WasteIntents {
  onChoose: (category: WasteCategory) => void;
  onDone: () => void;
  onPrint: (dropId: string) => void;
  onAgain: () => void;
  onBack: () => void;
  onFinish: () => void;
  onSettings: () => void;
}

/** One waste-drop session: the agent's step picks the screen. */
export function WasteScreen(
  props: WasteIntents & { session: WasteSessionView; again: boolean; station: string },
) {
  const { session } = props;
  const step = session.step;
  const lastDrop = session.drops.at(-1);
  switch (step) {
    case 'weighing-before':
    case 'opening':
    case 'closing':
    case 'weighing-after':
      return <ProgressScreen session={session} step={step} />;
    case 'dropping':
      return <DropScreen session={session} onDone={props.onDone} />;
    case 'result':
      if (lastDrop && !props.again)
        return (
          <ResultScreen
            session={session}
            drop={lastDrop}
            station={props.station}
            onAgain={props.onAgain}
            onPrint={props.onPrint}
            onFinish={props.onFinish}
          />
        );
      return <CategoryScreen {...props} again={Boolean(lastDrop)} />;
    case 'choose-category':
      return <CategoryScreen {...props} again={false} />;
  }
}
