// What the kiosk and the display cost to load: the bytes of HTML, CSS and JavaScript on
// the wire, and that nothing is fetched from another host (these screens may sit on a
// network that reaches only the server, and must not tell a third party who looks).

import { fail } from '../lib/harness.mjs';
import { open, VIEWPORTS } from '../lib/pages.mjs';

const LIMIT_BYTES = 150 * 1024;
const KINDS = { document: 'HTML', stylesheet: 'CSS', script: 'JS' };
/** Time after `load` for requests a page makes by itself (a first refresh, a font). */
const SETTLE_MS = 2000;

function weightTest(site, name, findPath, viewport) {
  return {
    group: 'weight',
    name: `page weight ${name}`,
    run: async (scope) => {
      const path = await findPath();
      const host = new URL(site.baseURL).host;
      const context = await scope.context({ viewport });
      const page = await context.newPage();
      const foreign = [];
      const finished = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (/^(https?|wss?):$/.test(url.protocol) && url.host !== host) foreign.push(request.url());
      });
      page.on('requestfinished', (request) => finished.push(request));
      await open(page, path);
      await page.waitForTimeout(SETTLE_MS);
      const bytes = { HTML: 0, CSS: 0, JS: 0 };
      for (const request of finished) {
        const kind = KINDS[request.resourceType()];
        if (!kind) continue;
        const sizes = await request.sizes();
        bytes[kind] += sizes.responseBodySize + sizes.responseHeadersSize;
      }
      const total = bytes.HTML + bytes.CSS + bytes.JS;
      const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
      const summary = `${path}: HTML ${kb(bytes.HTML)}, CSS ${kb(bytes.CSS)}, JS ${kb(bytes.JS)}, total ${kb(total)} in ${finished.length} request(s)`;
      if (foreign.length) fail(`${summary}; ${foreign.length} request(s) to another host`, foreign.slice(0, 20));
      if (total > LIMIT_BYTES) fail(`${summary}: over ${kb(LIMIT_BYTES)}`);
      return `${summary}; no other host`;
    },
  };
}

export function weightTests(site) {
  return [
    weightTest(site, 'kiosk', async () => '/kiosk', VIEWPORTS.kiosk),
    weightTest(site, 'display', async () => `/display/${(await site.topOrg()).code}`, VIEWPORTS.display),
  ];
}
