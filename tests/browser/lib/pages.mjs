// The pages the checks visit and the screen sizes they are seen at.

import { fail } from './harness.mjs';

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
  kiosk: { width: 1080, height: 1920 },
  kioskWide: { width: 1920, height: 1080 },
  display: { width: 1920, height: 1080 },
};

/**
 * The public pages, each with how to find its path; a carrier with a screen of its own
 * (`native`) is also checked at that size.
 */
export function publicPages(site) {
  return [
    { name: 'home', path: async () => '/' },
    { name: 'org', path: () => site.orgPath() },
    { name: 'record', path: () => site.recordPath() },
    { name: 'xxgk', path: async () => '/xxgk' },
    { name: 'latest', path: async () => '/latest?p=2' },
    { name: 'sitemap', path: async () => '/sitemap' },
    { name: 'search', path: async () => '/search?q=公开' },
    { name: 'opinion form', path: async () => '/opinions/new' },
    { name: 'apply', path: async () => '/apply' },
    { name: 'track', path: async () => '/track' },
    { name: 'opinions', path: async () => '/opinions' },
    { name: 'kiosk', path: async () => '/kiosk', native: 'kiosk' },
    { name: 'display', path: async () => `/display/${(await site.topOrg()).code}`, native: 'display' },
  ];
}

/** Opens `path` and fails unless it answered 200. */
export async function open(page, path) {
  const response = await page.goto(path, { waitUntil: 'load' });
  const status = response?.status() ?? 0;
  if (status !== 200) fail(`GET ${path} answered ${status}`);
  return response;
}
