// The kiosk left alone: back to the start page once nobody has touched it for its idle
// time, and, when the network drops, the page it shows stays with a notice over it and
// the tap goes through once the server answers again, never a browser error page.

import { fail } from '../lib/harness.mjs';
import { open, VIEWPORTS } from '../lib/pages.mjs';
import { poll } from '../lib/poll.mjs';

/** The first unit tile on the start page, as a path. */
async function firstTile(page) {
  const href = await page.getAttribute('.kiosk-units a.tile', 'href');
  if (!href) fail('no a.tile under .kiosk-units on /kiosk');
  return href;
}

const idleReturn = {
  group: 'kiosk',
  name: 'kiosk returns to the start page after its idle time @1080×1920',
  run: async (scope) => {
    const context = await scope.context({ viewport: VIEWPORTS.kiosk, hasTouch: true });
    const page = await context.newPage();
    // The page's clock is ours, so the idle time passes without waiting for it.
    await page.clock.install();
    await open(page, '/kiosk');
    const idle = Number(await page.getAttribute('body.kiosk', 'data-idle-seconds'));
    if (!(idle >= 10)) fail(`body.kiosk has data-idle-seconds="${idle}"`);
    const tile = await firstTile(page);
    await page.tap(`.kiosk-units a.tile[href="${tile}"]`);
    await page.waitForURL((url) => url.pathname + url.search === tile);

    await page.clock.runFor((idle - 5) * 1000);
    if (new URL(page.url()).pathname !== new URL(tile, page.url()).pathname) {
      fail(`left ${tile} after ${idle - 5} s, before the idle time of ${idle} s`);
    }
    await page.clock.runFor(10 * 1000);
    await page.waitForURL((url) => url.pathname === '/kiosk' && !url.search, { timeout: 10_000 }).catch(() => {
      fail(`still on ${new URL(page.url()).pathname} ${idle + 5} s after the last touch`);
    });
    return `${tile} → /kiosk after ${idle} s untouched`;
  },
};

const networkLoss = {
  group: 'kiosk',
  name: 'kiosk keeps its page while the network is down @1080×1920',
  run: async (scope) => {
    const context = await scope.context({ viewport: VIEWPORTS.kiosk, hasTouch: true });
    const page = await context.newPage();
    await open(page, '/kiosk');
    const tile = await firstTile(page);

    await context.setOffline(true);
    await page.tap(`.kiosk-units a.tile[href="${tile}"]`);
    const shown = await poll(page, () => {
      const notice = document.getElementById('kiosk-offline');
      return notice && !notice.hidden ? notice.textContent.trim() : null;
    });
    if (!shown) fail('no visible #kiosk-offline notice after a tap without network');
    const url = new URL(page.url());
    if (url.pathname !== '/kiosk') fail(`the kiosk left the start page for ${url.href} without network`);
    if (!(await page.$('.kiosk-units a.tile'))) fail('the start page is no longer shown without network');

    await context.setOffline(false);
    await page.waitForURL((u) => u.pathname + u.search === tile, { timeout: 15_000 }).catch(() => {
      fail(`the tap on ${tile} did not go through after the network came back`);
    });
    return `notice "${shown}", start page kept; ${tile} opened once the network was back`;
  },
};

export function kioskUnattendedTests() {
  return [idleReturn, networkLoss];
}
