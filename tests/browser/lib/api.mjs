// Publishing a record the way a unit does: an editor drafts and submits it through the
// JSON API and a second person, a reviewer, approves it (the four-eyes rule). The two
// accounts are made with the gongkai binary on the server's own data directory: SQLite
// runs in WAL mode, so the command and the running server share the file.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fail } from './harness.mjs';

/** Where the server's binary and data are, as run.sh passes them. */
function serverFiles() {
  const bin = process.env.GONGKAI_BIN;
  const dataDir = process.env.GONGKAI_DATA_DIR;
  if (!bin || !dataDir) fail('GONGKAI_BIN and GONGKAI_DATA_DIR must name the server binary and its --data-dir (run.sh sets them)');
  return { bin, dataDir };
}

function addUser(username, role, org, password) {
  const { bin, dataDir } = serverFiles();
  const args = ['user', 'add', '--username', username, '--role', role, '--org', org, '--password-stdin', '--data-dir', dataDir];
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, (error, stdout, stderr) => {
      if (error) reject(new Error(`gongkai user add ${username} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
    child.stdin.end(`${password}\n`);
  });
}

export class Api {
  constructor(site) {
    this.site = site;
  }

  async call(method, path, { token, body } = {}) {
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.site.url(`/api/v1${path}`), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) fail(`${method} /api/v1${path} answered ${response.status}: ${json?.code ?? ''} ${json?.message ?? text}`);
    return json;
  }

  /** A new account of `org` with `role`, signed in; unique per run so reruns never clash. */
  async account(role, org) {
    const username = `test-${role}-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await addUser(username, role, org, password);
    const session = await this.call('POST', '/session', { body: { username, password } });
    return session.token;
  }

  /** A leaf of the organisation's catalogue that needs no publicity end date. */
  async openEndedLeaf(org) {
    const items = await this.call('GET', `/orgs/${org}/catalog`);
    const leaf = items.find((i) => i.leaf && i.rules && !['short', 'phase'].includes(i.rules.time_class) && !i.rules.personal_data);
    if (!leaf) fail(`the catalogue of ${org} has no leaf without a publicity end date`);
    return leaf.code;
  }

  /** Drafts, submits and approves a record; returns it as the API answers after approval. */
  async publish(org, title) {
    const [editor, reviewer] = [await this.account('editor', org), await this.account('reviewer', org)];
    const leaf = await this.openEndedLeaf(org);
    const draft = await this.call('POST', '/disclosures', {
      token: editor,
      body: { org, catalog_item: leaf, title, body: `${title}。本条信息用于检查公开栏的自动更新。` },
    });
    await this.call('POST', `/disclosures/${draft.id}/submit`, { token: editor });
    return this.call('POST', `/disclosures/${draft.id}/approve`, { token: reviewer });
  }
}
