// The print board: every record an article with its QR code, and a PDF on the paper
// the address asks for.

import { fail } from '../lib/harness.mjs';
import { open } from '../lib/pages.mjs';
import { inspectPdf, isPaper } from '../lib/pdf.mjs';

export function printTests(site) {
  return ['a4', 'a3'].map((size) => ({
    group: 'print',
    name: `print board ${size.toUpperCase()} as PDF`,
    run: async (scope) => {
      const { code } = await site.topOrg();
      const context = await scope.context();
      const page = await context.newPage();
      const path = `/print/${code}?size=${size}`;
      await open(page, path);
      const items = await page.evaluate(() => {
        const all = [...document.querySelectorAll('article.board-item')];
        return { count: all.length, withoutQr: all.filter((a) => !a.querySelector('svg')).length };
      });
      if (!items.count) fail(`${path} has no article.board-item`);
      if (items.withoutQr) fail(`${items.withoutQr} of ${items.count} article.board-item have no inline svg QR code`);
      const pdf = inspectPdf(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      if (!pdf.isPdf) fail('the printed file does not start with %PDF');
      if (pdf.pages < 1) fail('the PDF has no page');
      if (!isPaper(pdf.sizeMm, size)) fail(`the PDF's page is ${pdf.sizeMm?.join('×') ?? 'of unknown size'} mm, not ${size.toUpperCase()}: set @page { size: ${size.toUpperCase()} }`);
      return `${items.count} item(s), ${pdf.pages} page(s) of ${pdf.sizeMm.join('×')} mm`;
    },
  }));
}
