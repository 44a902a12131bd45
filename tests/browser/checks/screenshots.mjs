// Pictures of every carrier for the design review, written to docs/screenshots/ when
// SCREENSHOTS=1. The printed PDF is pictured as Chromium's own PDF viewer draws it, so
// no other program is needed.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { open, VIEWPORTS } from '../lib/pages.mjs';

const DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
/** A4 at 96 CSS pixels to the inch. */
const A4_VIEWPORT = { width: 794, height: 1123 };
const VIEWER_DRAW_MS = 3000;

function shot(file, viewport, findPath, { fullPage = false, media = 'screen' } = {}) {
  return {
    group: 'screenshots',
    name: `screenshot ${file}`,
    run: async (scope) => {
      const path = await findPath();
      // Without motion the display's slide stands in full colour and its ticker shows its
      // first lines, instead of being caught halfway through a fade or before the text.
      const context = await scope.context({ viewport, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.emulateMedia({ media });
      await open(page, path);
      await mkdir(DIR, { recursive: true });
      await page.screenshot({ path: DIR + file, fullPage });
      return `${path} → docs/screenshots/${file}`;
    },
  };
}

function printedPage(site) {
  return {
    group: 'screenshots',
    name: 'screenshot print-a4-pdf.png',
    run: async (scope) => {
      const path = `/print/${(await site.topOrg()).code}?size=a4`;
      const page = await (await scope.context()).newPage();
      await open(page, path);
      const dir = await mkdtemp(join(tmpdir(), 'gongkai-print-'));
      const pdf = join(dir, 'print-a4.pdf');
      try {
        await writeFile(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
        const viewer = await (await scope.context({ viewport: A4_VIEWPORT })).newPage();
        await viewer.goto(`${pathToFileURL(pdf).href}#toolbar=0&navpanes=0&view=Fit`);
        // The viewer draws the page after its load event, and tells no one when it is done.
        await viewer.waitForTimeout(VIEWER_DRAW_MS);
        await mkdir(DIR, { recursive: true });
        await viewer.screenshot({ path: `${DIR}print-a4-pdf.png` });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      return `${path} → PDF → docs/screenshots/print-a4-pdf.png`;
    },
  };
}

export function screenshotTests(site) {
  const display = async () => `/display/${(await site.topOrg()).code}`;
  return [
    shot('portal-phone.png', VIEWPORTS.phone, async () => '/'),
    shot('portal-desktop.png', VIEWPORTS.desktop, async () => '/'),
    shot('record-phone.png', VIEWPORTS.phone, () => site.recordPath()),
    shot('kiosk-portrait.png', VIEWPORTS.kiosk, async () => '/kiosk'),
    shot('kiosk-landscape.png', VIEWPORTS.kioskWide, async () => '/kiosk'),
    shot('display.png', VIEWPORTS.display, display),
    shot('print-a4.png', A4_VIEWPORT, async () => `/print/${(await site.topOrg()).code}?size=a4`, { fullPage: true, media: 'print' }),
    printedPage(site),
  ];
}
