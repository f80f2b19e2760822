// Fixed-width (Fortran-style) fields read straight from character codes, without substrings or
// regular expressions: the per-field path of every column-oriented text format.
// Columns are 0-based, `end` exclusive; a field reaching past the end of the line is read as far as
// the line goes (trailing blanks are often trimmed from text files).

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/** True when line[start, end) holds only blanks (or lies past the end of the line). */
export function isBlankField(line: string, start: number, end: number): boolean {
  const e = Math.min(end, line.length);
  for (let i = start; i < e; i++) if (line.charCodeAt(i) !== 32) return false;
  return true;
}

/** Integer in line[start, end); NaN when blank or not an integer (blanks around it are allowed). */
export function parseIntField(line: string, start: number, end: number): number {
  const e = Math.min(end, line.length);
  let i = start;
  while (i < e && line.charCodeAt(i) === 32) i++;
  if (i >= e) return Number.NaN;
  let neg = false;
  let c = line.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let v = 0;
  let nd = 0;
  for (; i < e; i++) {
    c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    nd++;
  }
  for (; i < e; i++) if (line.charCodeAt(i) !== 32) return Number.NaN;
  if (nd === 0) return Number.NaN;
  return neg ? 0 - v : v;
}

/**
 * Decimal number in line[start, end) (fixed notation, or with a Fortran E/D exponent); NaN when blank
 * or malformed. The result is the correctly rounded value of the decimal text, the same double
 * `Number(text)` gives; minus zero reads as zero.
 */
export function parseFloatField(line: string, start: number, end: number): number {
  const e = Math.min(end, line.length);
  let i = start;
  while (i < e && line.charCodeAt(i) === 32) i++;
  if (i >= e) return Number.NaN;
  const first = i;
  let neg = false;
  let c = line.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let m = 0;
  let nd = 0;
  let dot = -1;
  for (; i < e; i++) {
    c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      nd++;
    } else if (c === 46 && dot < 0) {
      dot = nd;
    } else break;
  }
  if (nd === 0) return Number.NaN;
  if (i < e && c !== 32) {
    // exponent or something else: let the full parser decide
    let last = e;
    while (last > i && line.charCodeAt(last - 1) === 32) last--;
    const v = Number(line.slice(first, last).replace(/[dD]/, "e"));
    return v === 0 ? 0 : v;
  }
  for (; i < e; i++) if (line.charCodeAt(i) !== 32) return Number.NaN;
  if (nd > 15) {
    let last = e;
    while (last > first && line.charCodeAt(last - 1) === 32) last--;
    const v = Number(line.slice(first, last));
    return v === 0 ? 0 : v;
  }
  const fd = dot < 0 ? 0 : nd - dot;
  const v = fd === 0 ? m : m / POW10[fd];
  return neg ? 0 - v : v;
}

export { POW10 };
