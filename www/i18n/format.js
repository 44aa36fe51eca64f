// Numbers as the page's language writes them (Intl), with a true minus sign as the page's
// figures have always had: "−147.40", "10,000".

import { language } from './language.js';

const formats = new Map();

function formatter(digits, grouping) {
  const key = `${language()}|${digits}|${grouping}`;
  if (!formats.has(key)) {
    formats.set(key, new Intl.NumberFormat(language(), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: grouping }));
  }
  return formats.get(key);
}

/** `value` with `digits` decimals, no grouping (a figure: "−147.40"). */
export const fixed = (value, digits = 2) => formatter(digits, false).format(value).replace('-', '−');

/** A count with the language's grouping ("10,000"). */
export const count = (value) => formatter(0, true).format(value);
