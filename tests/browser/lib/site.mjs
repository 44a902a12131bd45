// What the tests need to know about the site under test — a record, an organisation, the
// top organisation, a word to search for — found from its own pages and API rather than
// written into the tests, so they keep working as the demo data changes.

import { fail } from './harness.mjs';

// Two-character words common in record titles, with their pinyin initials, for typing on
// the kiosk keypad. The first one found in a title on the home page is used.
const WORDS = [
  ['公开', 'GK'],
  ['通知', 'TZ'],
  ['公示', 'GS'],
  ['工作', 'GZ'],
  ['预算', 'YS'],
  ['决算', 'JS'],
  ['名单', 'MD'],
  ['报告', 'BG'],
  ['计划', 'JH'],
  ['情况', 'QK'],
];

export class Site {
  constructor(baseURL) {
    this.baseURL = baseURL.replace(/\/$/, '');
    this.cache = new Map();
  }

  url(path) {
    return new URL(path, this.baseURL + '/').href;
  }

  /** Memoised: each fact is looked up once per run. */
  once(key, find) {
    if (!this.cache.has(key)) this.cache.set(key, find());
    return this.cache.get(key);
  }

  async get(path) {
    const response = await fetch(this.url(path), { redirect: 'manual' });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  }

  homeHtml() {
    return this.once('home', async () => {
      const { status, text } = await this.get('/');
      if (status !== 200) fail(`GET / answered ${status}`);
      return text;
    });
  }

  /** The first link on the home page whose path starts with `prefix`. */
  async firstLink(prefix) {
    const html = await this.homeHtml();
    const match = html.match(new RegExp(`href="(${prefix}[^"#?]+)"`));
    if (!match) fail(`the home page has no link to ${prefix}…`);
    return match[1];
  }

  orgPath() {
    return this.once('org', () => this.firstLink('/org/'));
  }

  recordPath() {
    return this.once('record', () => this.firstLink('/d/'));
  }

  /** The organisation at the top of the tree (the city), from the API's list. */
  topOrg() {
    return this.once('top', async () => {
      const { status, text } = await this.get('/api/v1/orgs');
      if (status !== 200) fail(`GET /api/v1/orgs answered ${status}`);
      const top = JSON.parse(text).find((o) => !o.parent);
      if (!top) fail('no organisation without a parent in /api/v1/orgs');
      return top;
    });
  }

  /** Titles of the records linked from the home page, without markup. */
  async homeTitles() {
    const html = await this.homeHtml();
    return [...html.matchAll(/<a\b[^>]*href="\/d\/[^"]*"[^>]*>([\s\S]*?)<\/a>/g)]
      .map((m) => m[1].replace(/<[^>]*>/g, '').trim())
      .filter(Boolean);
  }

  /** A word in a title on the home page and the keys that type its initials. */
  kioskWord() {
    return this.once('word', async () => {
      const titles = await this.homeTitles();
      for (const [word, keys] of WORDS) {
        const title = titles.find((t) => t.includes(word));
        if (title) return { word, keys: [...keys], title };
      }
      fail(`no title on the home page contains any of ${WORDS.map(([w]) => w).join(' ')}`);
    });
  }
}
