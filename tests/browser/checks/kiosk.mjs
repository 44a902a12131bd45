// The kiosk: searching by pinyin initials on the on-screen keypad (with and without
// JavaScript, never raising the system keyboard) and links that stay on this host.

import { fail } from '../lib/harness.mjs';
import { open, VIEWPORTS } from '../lib/pages.mjs';
import { poll } from '../lib/poll.mjs';

/** The initials shown in output#kiosk-query, as typed so far. */
function shownQuery(page) {
  return page.evaluate(() => document.querySelector('output#kiosk-query')?.textContent.replace(/\s+/g, '').toUpperCase() ?? null);
}

function keypadSearch(site, javaScript) {
  return {
    group: 'kiosk',
    name: `kiosk keypad search ${javaScript ? 'with' : 'without'} JavaScript @1080×1920`,
    run: async (scope) => {
      const { word, keys } = await site.kioskWord();
      const context = await scope.context({ viewport: VIEWPORTS.kiosk, hasTouch: true, javaScriptEnabled: javaScript });
      const page = await context.newPage();
      await open(page, '/kiosk');
      if (!(await page.$('body.kiosk'))) fail('/kiosk has no body.kiosk');
      if (!(await page.$('body.kiosk[data-idle-seconds]'))) fail('body.kiosk has no data-idle-seconds');
      let typed = '';
      for (const key of keys) {
        const selector = `nav.keypad a.key[data-key="${key}"]`;
        if (!(await page.$(selector))) fail(`no ${selector} on ${new URL(page.url()).pathname}`);
        await page.tap(selector);
        typed += key;
        const shown = await poll(page, (t) => {
          const text = document.querySelector('output#kiosk-query')?.textContent.replace(/\s+/g, '').toUpperCase();
          return text === t ? text : null;
        }, typed);
        if (!shown) fail(`after tapping ${typed.split('').join(', ')} output#kiosk-query shows "${await shownQuery(page).catch(() => '?')}"`);
      }
      const found = await poll(page, (word) => {
        const items = [...document.querySelectorAll('ol.kiosk-results li')];
        const hit = items.find((li) => li.textContent.includes(word));
        if (!hit) return null;
        return { count: items.length, text: hit.textContent.trim().replace(/\s+/g, ' ').slice(0, 40), link: hit.querySelector('a')?.getAttribute('href') ?? '' };
      }, word, { timeoutMs: 15_000 });
      if (!found) {
        const count = await page.locator('ol.kiosk-results li').count();
        fail(`typing ${typed} (${word}) gave ${count} result(s) in ol.kiosk-results, none containing ${word}`);
      }
      if (!/^\/kiosk\/d\/[^/]+$/.test(new URL(found.link, site.baseURL).pathname)) {
        fail(`the result "${found.text}" links to "${found.link}", expected /kiosk/d/{id}`);
      }
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el && (el.matches('input, textarea, select') || el.isContentEditable) ? el.outerHTML.slice(0, 80) : null;
      });
      if (focused) fail(`a text field has focus (the system keyboard would open): ${focused}`);
      return `${typed} → ${found.count} result(s), e.g. "${found.text}"`;
    },
  };
}

/** At most this many kiosk pages are visited: the start, a search, the records it finds, each tile's page. */
const KIOSK_PAGE_LIMIT = 25;

function linksStayHere(site) {
  return {
    group: 'kiosk',
    name: 'kiosk links stay on this host',
    run: async (scope) => {
      const context = await scope.context({ viewport: VIEWPORTS.kiosk, hasTouch: true });
      const page = await context.newPage();
      const host = new URL(site.baseURL).host;
      const { keys } = await site.kioskWord();
      const queue = ['/kiosk', `/kiosk/search?q=${keys.join('')}`];
      const seen = new Set();
      const foreign = [];
      while (queue.length && seen.size < KIOSK_PAGE_LIMIT) {
        const path = queue.shift();
        if (seen.has(path)) continue;
        seen.add(path);
        await open(page, path);
        const links = await page.evaluate(() =>
          [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, key: a.matches('a.key') })),
        );
        for (const { href, key } of links) {
          const url = new URL(href);
          if (/^https?:$/.test(url.protocol) && url.host !== host) foreign.push(`${path} → ${href}`);
          // Keypad keys lead to more searches: one search page stands for them all.
          if (!key && url.host === host && url.pathname.startsWith('/kiosk')) queue.push(url.pathname + url.search);
        }
      }
      if (foreign.length) fail(`${foreign.length} link(s) to another host`, foreign.slice(0, 20));
      return `${seen.size} kiosk page(s) visited, no link to another host`;
    },
  };
}

export function kioskTests(site) {
  return [keypadSearch(site, true), keypadSearch(site, false), linksStayHere(site)];
}
