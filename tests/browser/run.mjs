// Browser tests of the portal, kiosk, display and print board in headless Chromium.
//
//   node run.mjs [--base-url URL] [--only axe,kiosk,…]
//
// The server is at GONGKAI_URL (or --base-url); run.sh starts one on the demo city and
// sets it. Groups: axe, fit, tap, text, elder, skip, notfound, kiosk, display, print, weight,
// and screenshots (only with SCREENSHOTS=1).

import { chromium } from 'playwright-core';
import { axeTests } from './checks/axe.mjs';
import { displayTests } from './checks/display.mjs';
import { kioskTests } from './checks/kiosk.mjs';
import { kioskUnattendedTests } from './checks/kiosk_unattended.mjs';
import { layoutTests } from './checks/layout.mjs';
import { portalTests } from './checks/portal.mjs';
import { printTests } from './checks/print.mjs';
import { screenshotTests } from './checks/screenshots.mjs';
import { weightTests } from './checks/weight.mjs';
import { runTests } from './lib/harness.mjs';
import { Site } from './lib/site.mjs';

function options(argv) {
  const opts = { baseURL: process.env.GONGKAI_URL, only: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === '--base-url') opts.baseURL = value();
    else if (flag === '--only') opts.only = new Set(value().split(',').map((g) => g.trim()).filter(Boolean));
    else throw new Error(`unknown argument ${argv[i]}; usage: node run.mjs [--base-url URL] [--only axe,kiosk,…]`);
  }
  if (!opts.baseURL) throw new Error('no server: set GONGKAI_URL or pass --base-url');
  return opts;
}

let opts;
try {
  opts = options(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
const site = new Site(opts.baseURL);
// Screenshots first: the display's check publishes a record, and the pictures should show
// the demo city as it was loaded.
let tests = [
  ...screenshotTests(site),
  ...axeTests(site),
  ...layoutTests(site),
  ...portalTests(site),
  ...kioskTests(site),
  ...kioskUnattendedTests(),
  ...displayTests(site),
  ...printTests(site),
  ...weightTests(site),
];
if (opts.only) {
  const groups = new Set(tests.map((t) => t.group));
  const unknown = [...opts.only].filter((g) => !groups.has(g));
  if (unknown.length) {
    console.error(`unknown group(s) ${unknown.join(', ')}; known: ${[...groups].join(', ')}`);
    process.exit(2);
  }
  tests = tests.filter((t) => opts.only.has(t.group));
}
// Pictures are written into the working tree, so only when asked for.
if (process.env.SCREENSHOTS !== '1') tests = tests.filter((t) => t.group !== 'screenshots');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
console.log(`${tests.length} browser tests against ${site.baseURL} in Chromium ${browser.version()}\n`);
let passed = false;
try {
  passed = await runTests(tests, {
    newContext: (options) => browser.newContext({ baseURL: site.baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options }),
  });
} finally {
  await browser.close();
}
process.exit(passed ? 0 : 1);
