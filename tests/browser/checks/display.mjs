// The TV display: it shows a record published after it was opened, by itself.

import { Api } from '../lib/api.mjs';
import { fail } from '../lib/harness.mjs';
import { open, VIEWPORTS } from '../lib/pages.mjs';
import { poll } from '../lib/poll.mjs';

const WAIT_SECONDS = 60;

export function displayTests(site) {
  return [
    {
      group: 'display',
      name: `display shows a new record within ${WAIT_SECONDS} s @1920×1080`,
      timeoutMs: (WAIT_SECONDS + 60) * 1000,
      run: async (scope) => {
        const { code } = await site.topOrg();
        const context = await scope.context({ viewport: VIEWPORTS.display });
        const page = await context.newPage();
        const path = `/display/${code}?refresh=5`;
        await open(page, path);
        const frame = await page.evaluate(() => {
          const body = document.body;
          return {
            display: body.classList.contains('display'),
            pace: body.dataset.paceSeconds ?? null,
            refresh: body.dataset.refreshSeconds ?? null,
            clock: !!document.querySelector('time.clock'),
            slides: document.querySelectorAll('section.slide').length,
            contactBoard: !!document.querySelector('section.contact-board'),
          };
        });
        if (!frame.display) fail(`${path} has no body.display`);
        if (frame.pace === null || frame.refresh === null) fail('body.display lacks data-pace-seconds or data-refresh-seconds');
        if (Number(frame.refresh) !== 5) fail(`?refresh=5 gave data-refresh-seconds="${frame.refresh}"`);
        if (!frame.clock) fail('no time.clock on the display');
        if (!frame.slides && !frame.contactBoard) fail('neither section.slide nor section.contact-board on the display');
        const stamp = new Date().toISOString().replace(/\D/g, '').slice(4, 14);
        const title = `关于公开栏自动更新检查的通知（${stamp}）`;
        const record = await new Api(site).publish(code, title);
        const started = Date.now();
        const shown = await poll(page, (title) => {
          const places = [...document.querySelectorAll('.ticker, section.slide')];
          return places.some((el) => el.textContent.includes(title));
        }, title, { timeoutMs: WAIT_SECONDS * 1000, intervalMs: 1000 });
        if (!shown) fail(`"${title}" (record ${record.id}) did not appear in .ticker or section.slide within ${WAIT_SECONDS} s`);
        return `"${title}" appeared after ${((Date.now() - started) / 1000).toFixed(0)} s`;
      },
    },
  ];
}
