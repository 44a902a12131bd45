// The portal's shared frame: the skip link, the 长者模式 switch working without
// JavaScript, and a 404 page that helps the reader on.

import { fail } from '../lib/harness.mjs';
import { open, publicPages, VIEWPORTS } from '../lib/pages.mjs';

const PORTAL_PAGES = ['home', 'org', 'record', 'search', 'apply', 'track', 'opinions'];

async function rootState(page) {
  return page.evaluate(() => ({
    elder: document.documentElement.classList.contains('elder'),
    fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
    switchText: document.querySelector('a#elder-switch')?.textContent.trim() ?? null,
    path: location.pathname,
  }));
}

/** Clicks the switch and waits for the page it leads back to. */
async function flip(page) {
  const loaded = page.waitForEvent('load');
  await page.click('a#elder-switch');
  await loaded;
  return rootState(page);
}

const elderSwitch = {
  group: 'elder',
  name: '长者模式 switch without JavaScript',
  run: async (scope) => {
    const context = await scope.context({ viewport: VIEWPORTS.phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await open(page, '/');
    const before = await rootState(page);
    if (before.switchText === null) fail('no a#elder-switch on /');
    if (before.elder) fail('a fresh visitor already has <html class="elder">');
    if (!before.switchText.includes('长者模式')) fail(`the switch reads "${before.switchText}", expected 长者模式`);
    const on = await flip(page);
    if (on.path !== '/') fail(`the switch led to ${on.path}, not back to /`);
    if (!on.elder) fail('after the switch <html> has no class "elder"');
    if (!(on.fontSize > before.fontSize)) fail(`root font size ${on.fontSize}px is not larger than ${before.fontSize}px`);
    if (!on.switchText?.includes('标准模式')) fail(`when on, the switch reads "${on.switchText}", expected 标准模式`);
    const off = await flip(page);
    if (off.elder) fail('after switching back <html> still has class "elder"');
    if (off.fontSize !== before.fontSize) fail(`root font size ${off.fontSize}px is not back to ${before.fontSize}px`);
    return `root font size ${before.fontSize}px → ${on.fontSize}px → ${off.fontSize}px`;
  },
};

function skipLink(site) {
  return {
    group: 'skip',
    name: 'skip link is the first focusable element',
    run: async (scope) => {
      const context = await scope.context({ viewport: VIEWPORTS.desktop });
      const page = await context.newPage();
      const problems = [];
      for (const { name, path: find } of publicPages(site).filter((p) => PORTAL_PAGES.includes(p.name))) {
        const path = await find();
        await open(page, path);
        await page.keyboard.press('Tab');
        const state = await page.evaluate(() => {
          const el = document.activeElement;
          const main = document.getElementById('main');
          return {
            first: el && el !== document.body ? `${el.localName}${el.className ? `.${[...el.classList].join('.')}` : ''} href=${el.getAttribute('href')}` : 'nothing',
            isSkip: !!el?.matches('a.skip-link[href="#main"]'),
            main: main ? main.localName : null,
          };
        });
        if (!state.isSkip) problems.push(`${name} ${path}: first focusable is ${state.first}`);
        if (!state.main) problems.push(`${name} ${path}: no element with id "main"`);
        else if (state.main !== 'main') problems.push(`${name} ${path}: #main is a <${state.main}>, expected <main>`);
      }
      if (problems.length) fail(`${problems.length} problem(s)`, problems);
      return `${PORTAL_PAGES.length} pages start with a.skip-link to <main id="main">`;
    },
  };
}

const notFound = {
  group: 'notfound',
  name: '404 page in Chinese with a search form',
  run: async (scope) => {
    const context = await scope.context({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    const response = await page.goto('/no-such-page-xyz');
    const status = response?.status();
    if (status !== 404) fail(`GET /no-such-page-xyz answered ${status}, expected 404`);
    const type = (await response.headerValue('content-type')) ?? '';
    if (!type.startsWith('text/html')) fail(`content-type is "${type}", expected text/html`);
    const state = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      chinese: (document.body.innerText.match(/[\u4e00-\u9fff]/g) ?? []).length,
      search: !!document.querySelector('form[role=search]'),
    }));
    if (!state.lang.startsWith('zh')) fail(`<html lang="${state.lang}">, expected zh-CN`);
    if (state.chinese < 4) fail('the page has hardly any Chinese text');
    if (!state.search) fail('no form[role=search] on the 404 page');
    return 'status 404, lang zh, form[role=search]';
  },
};

export function portalTests(site) {
  return [elderSwitch, skipLink(site), notFound];
}
