// axe-core in a page. The site's Content-Security-Policy allows same-origin scripts only,
// so the script tag axe comes in is refused unless the context bypasses CSP; evaluating
// the file through the DevTools protocol is the fallback, as that is not subject to it.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Impacts that fail a test; milder ones are printed only. */
export const BLOCKING = new Set(['serious', 'critical']);

export async function runAxe(page) {
  // Contrast is judged on the page as it stands: a slide fading in is half transparent for
  // a moment, so finite animations (not the endless ticker) are let finish first.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime))
        .map((a) => a.finished.catch(() => {})),
    ),
  );
  await page.addScriptTag({ path: axePath }).catch(() => {});
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(`${readFileSync(axePath, 'utf8')}\n;true`);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
}

/** One line per violation: rule, impact, how many elements, the first three selectors. */
export function describeViolation(v) {
  return `${v.id} [${v.impact}] ×${v.count} (${v.help}): ${v.targets.join(' | ')}`;
}
