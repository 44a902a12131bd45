// Measurements taken inside a page in one evaluation: the boxes of interactive elements
// and the font sizes of text. Each element comes with a short CSS path so a report can be
// acted on without opening the page.

/**
 * Visible elements matching `selector` with their box in CSS pixels. Links inside running
 * text (a record's `.body`, or a paragraph) are left out: WCAG exempts inline links from
 * target size, and making them 44 px tall would break the text.
 */
export function targets(page, selector) {
  return page.evaluate((selector) => {
    const helpers = pageHelpers();
    return [...document.querySelectorAll(selector)]
      .filter((el) => !(el.matches('a') && el.parentElement?.closest('.body, p')))
      .map((el) => ({ el, box: helpers.visibleBox(el) }))
      .filter(({ box }) => box)
      .map(({ el, box }) => ({
        path: helpers.cssPath(el),
        text: helpers.label(el),
        width: Math.round(box.width * 10) / 10,
        height: Math.round(box.height * 10) / 10,
      }));

    // Defined in here because the function is sent to the page as source: nothing from
    // the module scope reaches it.
    function pageHelpers() {
      return {
        visibleBox(el) {
          // checkVisibility also sees what a closed <details> hides: Chromium keeps
          // boxes for its content (content-visibility: hidden), though nothing shows.
          if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return null;
          const r = el.getBoundingClientRect();
          // Screen-reader-only text (1 px, clipped) and skip links parked off the page
          // are not seen, so not measured.
          if (r.width <= 1 || r.height <= 1) return null;
          const width = document.documentElement.scrollWidth;
          if (r.right + scrollX <= 0 || r.left + scrollX >= width || r.bottom + scrollY <= 0) return null;
          return r;
        },
        cssPath(el) {
          const parts = [];
          for (let node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
            let part = node.localName;
            if (node.id) {
              parts.unshift(`${part}#${node.id}`);
              break;
            }
            const classes = [...node.classList].slice(0, 2);
            if (classes.length) part += `.${classes.join('.')}`;
            const same = node.parentElement ? [...node.parentElement.children].filter((c) => c.localName === node.localName) : [];
            if (same.length > 1) part += `:nth-of-type(${same.indexOf(node) + 1})`;
            parts.unshift(part);
          }
          return parts.join(' > ');
        },
        label(el) {
          const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim();
          return text.replace(/\s+/g, ' ').slice(0, 24);
        },
      };
    }
  }, selector);
}

/**
 * Visible elements that show text of their own (a non-blank text node as a child, or a
 * form control), with their computed font size.
 */
export function textSizes(page) {
  return page.evaluate(() => {
    const skip = new Set(['script', 'style', 'noscript', 'template', 'title', 'datalist', 'option', 'head']);
    const controls = 'input:not([type=hidden]), select, textarea, button';
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (skip.has(el.localName)) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!ownText && !el.matches(controls)) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue;
      if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0) continue;
      out.push({ el, size: parseFloat(style.fontSize) });
    }
    return out.map(({ el, size }) => ({
      path: shortPath(el),
      size,
      text: (el.innerText || el.value || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 24),
    }));

    function shortPath(el) {
      const parts = [];
      for (let node = el; node && node.nodeType === 1 && parts.length < 3; node = node.parentElement) {
        const classes = [...node.classList].slice(0, 2);
        parts.unshift(node.id ? `${node.localName}#${node.id}` : node.localName + (classes.length ? `.${classes.join('.')}` : ''));
        if (node.id) break;
      }
      return parts.join(' > ');
    }
  });
}
