// Waiting for a condition in a page that may navigate meanwhile (a keypad key is a link,
// a display may reload itself): an evaluation cut off by a navigation is simply retried.

export async function poll(page, fn, arg, { timeoutMs = 10_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch (e) {
      if (page.isClosed()) throw e;
    }
    if (Date.now() > deadline) return last ?? null;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
