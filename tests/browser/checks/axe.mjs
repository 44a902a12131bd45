// axe-core on every public page, at phone and desktop width: serious and critical
// violations fail, milder ones are printed so they are not lost.

import { BLOCKING, describeViolation, runAxe } from '../lib/axe.mjs';
import { fail } from '../lib/harness.mjs';
import { open, publicPages, VIEWPORTS } from '../lib/pages.mjs';

export function axeTests(site) {
  const tests = [];
  for (const page of publicPages(site)) {
    for (const viewport of ['phone', 'desktop', ...(page.native ? [page.native] : [])]) {
      tests.push({
        group: 'axe',
        name: `axe ${page.name} @${viewport}`,
        run: async (scope) => {
          const context = await scope.context({ viewport: VIEWPORTS[viewport], bypassCSP: true });
          const tab = await context.newPage();
          const path = await page.path();
          await open(tab, path);
          const violations = await runAxe(tab);
          const blocking = violations.filter((v) => BLOCKING.has(v.impact));
          const lines = violations.map((v) => `${BLOCKING.has(v.impact) ? '✗' : '·'} ${describeViolation(v)}`);
          if (blocking.length) fail(`${blocking.length} serious or critical violation(s) on ${path}`, lines);
          return { summary: `${path}: no serious or critical violations (${violations.length} milder)`, details: lines };
        },
      });
    }
  }
  return tests;
}
