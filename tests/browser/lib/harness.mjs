// Named tests that report PASS or FAIL with a reason. Every test runs even when an
// earlier one failed, so one run shows everything that is wrong; the exit code says
// whether anything was.

/** Thrown with the lines that explain a failure, printed under the test's name. */
export class Failure extends Error {
  constructor(reason, details = []) {
    super(reason);
    this.details = details;
  }
}

export function fail(reason, details = []) {
  throw new Failure(reason, details);
}

/**
 * Runs `tests` in order. A test's `run(scope)` opens browser contexts with
 * `scope.context(options)`; they are closed when the test ends, also when it timed out, so
 * a stuck test cannot hold pages open under the next one. It may return a string (said
 * after PASS) or an object `{ summary, details }` whose details are printed under it.
 */
export async function runTests(tests, { newContext, timeoutMs = 120_000 }) {
  const counts = { PASS: 0, FAIL: 0 };
  for (const test of tests) {
    const started = Date.now();
    const contexts = [];
    const scope = {
      async context(options = {}) {
        const context = await newContext(options);
        contexts.push(context);
        return context;
      },
    };
    let status = 'PASS';
    let reason = '';
    let details = [];
    try {
      const result = await withTimeout(test.run(scope), test.timeoutMs ?? timeoutMs);
      if (typeof result === 'string') reason = result;
      else if (result) ({ summary: reason = '', details = [] } = result);
    } catch (e) {
      status = 'FAIL';
      const lines = plain(e.message).split('\n').map((l) => l.trim()).filter(Boolean);
      reason = lines[0] ?? String(e);
      // Our own failures explain themselves; anything else (Playwright, the network)
      // keeps its call log, or where it was thrown.
      details = e.details ?? (lines.length > 1 ? lines.slice(1, 6) : (e.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()));
    }
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    counts[status] += 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${status} ${test.name}${reason ? ` — ${reason}` : ''} (${seconds} s)`);
    for (const line of details) console.log(`     ${line}`);
  }
  console.log(`\n${counts.PASS} passed, ${counts.FAIL} failed`);
  return counts.FAIL === 0;
}

/** Without terminal colours, which Playwright puts in its call logs. */
function plain(text) {
  return String(text).replace(/\x1b\[[0-9;]*m/g, '');
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
