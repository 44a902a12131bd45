// What a thumb and older eyes need: targets at least 44 px (48 px on the kiosk's touch
// screen), no text under 16 px, and no page wider than a phone, in either mode.

import { fail } from '../lib/harness.mjs';
import { targets, textSizes } from '../lib/measure.mjs';
import { open, publicPages, VIEWPORTS } from '../lib/pages.mjs';

const INTERACTIVE = 'a, button, input, select, summary, [role=button]';

function tapTest(name, path, viewport, minimum, contextOptions = {}) {
  return {
    group: 'tap',
    name: `tap targets ${name} @${viewport.width}×${viewport.height} ≥${minimum}px`,
    run: async (scope) => {
      const context = await scope.context({ viewport, ...contextOptions });
      const page = await context.newPage();
      await open(page, path);
      const all = await targets(page, INTERACTIVE);
      if (!all.length) fail(`no visible interactive element on ${path}`);
      const small = all.filter((t) => t.height < minimum || t.width < minimum);
      const summary = `${all.length - small.length} of ${all.length} pass`;
      if (small.length) fail(summary, grouped(small));
      return summary;
    },
  };
}

/**
 * Offenders of one kind (the same path but for their position among siblings) on one
 * line: how many there are and the smallest of them.
 */
function grouped(items) {
  const groups = new Map();
  for (const item of items) {
    const key = item.path.replace(/:nth-of-type\(\d+\)/g, '');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups].map(([path, all]) => {
    const least = all.reduce((a, b) => (Math.min(b.width, b.height) < Math.min(a.width, a.height) ? b : a));
    return `${path} ×${all.length}, smallest ${least.width}×${least.height} "${least.text}"`;
  });
}

/**
 * Every portal page at phone width, in the standard mode and in 长者模式 (its larger text
 * is where a fixed width shows): the page scrolls down only; a wide table scrolls in its
 * own box.
 */
function fitsThePhone(site, elder) {
  return {
    group: 'fit',
    name: `no sideways scrolling @390${elder ? ' in 长者模式' : ''}`,
    run: async (scope) => {
      const context = await scope.context({ viewport: VIEWPORTS.phone });
      if (elder) await context.addCookies([{ name: 'gk_mode', value: 'elder', url: site.baseURL }]);
      const page = await context.newPage();
      const problems = [];
      const pages = publicPages(site).filter((p) => !p.native);
      for (const { name, path: findPath } of pages) {
        const path = await findPath();
        await open(page, path);
        const wide = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return null;
          // The outermost elements that stick out, to say what to fix.
          const out = [...document.querySelectorAll('body *')].filter((el) => {
            const r = el.getBoundingClientRect();
            return r.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1);
          });
          const label = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('');
          return { scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 3).map(label) };
        });
        if (wide) problems.push(`${name} ${path}: ${wide.scroll} px wide on ${wide.width} px (${wide.out.join(', ')})`);
      }
      if (problems.length) fail(`${problems.length} page(s) scroll sideways`, problems);
      return `${pages.length} pages fit 390 px`;
    },
  };
}

export function layoutTests(site) {
  return [
    fitsThePhone(site, false),
    fitsThePhone(site, true),
    tapTest('home', '/', VIEWPORTS.phone, 44),
    tapTest('kiosk', '/kiosk', VIEWPORTS.kiosk, 48, { hasTouch: true }),
    {
      group: 'text',
      name: 'text size home @390 ≥16px',
      run: async (scope) => {
        const context = await scope.context({ viewport: VIEWPORTS.phone });
        const page = await context.newPage();
        await open(page, '/');
        const all = await textSizes(page);
        const small = all.filter((t) => t.size < 16);
        const summary = `${all.length - small.length} of ${all.length} text elements at 16 px or more`;
        if (small.length) {
          const byPath = new Map();
          for (const t of small) {
            const key = `${t.path} ${t.size}px`;
            byPath.set(key, [...(byPath.get(key) ?? []), t.text]);
          }
          fail(summary, [...byPath].map(([key, texts]) => `${key} ×${texts.length} e.g. "${texts[0]}"`));
        }
        return summary;
      },
    },
  ];
}
