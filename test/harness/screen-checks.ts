/// <reference lib="dom" />
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The smallest touch target the kiosk allows (issue "Kiosk shell"). */
export const MIN_TARGET_PX = 64;

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(
  page: Page,
): Promise<Array<{ id: string; impact: string | null | undefined; nodes: string[] }>> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Visible buttons, links and inputs smaller than `min` px either way, as "label W×H". */
export function smallTouchTargets(page: Page, min = MIN_TARGET_PX): Promise<string[]> {
  return page.evaluate((limit) => {
    const targets = document.querySelectorAll(
      'button, a[href], input, select, textarea, [role="button"], [role="switch"]',
    );
    return Array.from(targets)
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0 && (box.width < limit || box.height < limit))
      .map(
        ({ element, box }) =>
          `${element.textContent?.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`,
      );
  }, min);
}
