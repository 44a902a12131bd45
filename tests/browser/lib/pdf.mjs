// Just enough of a PDF to check what Chromium printed: the header, the pages and their
// size. Chromium writes page dictionaries uncompressed, so a text scan finds them.

const POINTS_PER_MM = 72 / 25.4;

export const PAPER_MM = { a4: [210, 297], a3: [297, 420] };

export function inspectPdf(buffer) {
  const text = buffer.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  const box = text.match(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/);
  const sizeMm = box ? [(box[3] - box[1]) / POINTS_PER_MM, (box[4] - box[2]) / POINTS_PER_MM].map(Math.round) : null;
  return { isPdf: text.startsWith('%PDF'), pages, sizeMm };
}

/** Whether a page of `sizeMm` is the paper asked for, either way up, to a millimetre or two. */
export function isPaper(sizeMm, paper) {
  if (!sizeMm) return false;
  const [w, h] = PAPER_MM[paper];
  const close = (a, b) => Math.abs(a - b) <= 2;
  return (close(sizeMm[0], w) && close(sizeMm[1], h)) || (close(sizeMm[0], h) && close(sizeMm[1], w));
}
