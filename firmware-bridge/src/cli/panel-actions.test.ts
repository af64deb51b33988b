import { describe, expect, it } from 'vitest';
import { DEVICE_KINDS } from '../registry.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { panelActions } from './panel-actions.ts';

describe('sim panel buttons', () => {
  const simulated = DEVICE_KINDS.filter((kind) => kind.createSimulator !== undefined);

  const cases = simulated.flatMap((kind) =>
    (kind.formats.length > 0 ? kind.formats : [undefined]).map(
      (format) => [kind.kind, format, kind] as const,
    ),
  );

  it.each(cases)('%s %s: every button is a command its simulator accepts', async (_name, format, kind) => {
    const actions = panelActions(kind.kind);
    expect(actions.length).toBeGreaterThan(0);
    const link = createMemoryLink(kind.kind);
    link.host.start();
    const simulator = kind.createSimulator!(link.device, format);
    simulator.start();
    try {
      for (const action of actions) {
        expect({ line: action.line, reply: await simulator.control(action.line) }).toMatchObject({
          line: action.line,
          reply: { ok: true },
        });
      }
    } finally {
      await simulator.stop();
    }
  });
});
