// Fixed-column number fields as Fortran writes them (RINEX 2/3/4, SP3, RINEX clock): `D` or `E` exponents,
// leading-dot mantissas (`-.839701388031D-03`), blank fields, lines cut short. Reads by character code so that
// the hot loops of the clock and SP3 readers allocate nothing per field.

const SPACE = 32;

/** Exact powers of ten: every one up to 1e22 is a double without rounding. */
const POW10: Float64Array = (() => {
  const p = new Float64Array(23);
  p[0] = 1;
  for (let k = 1; k < 23; k++) p[k] = p[k - 1] * 10;
  return p;
})();

/** Slow path for what the fast path cannot round exactly (more than 15 digits, or |exponent| > 22). */
function slowFloat(s: string, start: number, end: number, shift: number): number {
  const t = s.slice(start, end).replace(/[dD]/, "E");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN;
  if (shift === 0) return Number(t);
  const [m, e] = t.split(/[eE]/);
  return Number(`${m}e${Number(e ?? 0) + shift}`);
}

/**
 * The number in `s[start, end)`, spaces around it ignored. A field that is blank, or lies past the end of a
 * short line, reads as 0 (RINEX: blank = zero). Anything that is not a decimal number reads as NaN.
 * `shift` multiplies by 10^shift inside the one rounding (km -> m exactly: shift 3).
 */
export function fixedFloat(s: string, start: number, end: number, shift = 0): number {
  if (end > s.length) end = s.length;
  let i = start;
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  while (end > i && s.charCodeAt(end - 1) === SPACE) end--;
  if (i >= end) return 0;
  return decimalIn(s, i, end, shift);
}

/** Like fixedFloat, but a blank field is NaN (for fields that must be present). */
export function fixedFloatRequired(s: string, start: number, end: number, shift = 0): number {
  if (end > s.length) end = s.length;
  let i = start;
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  while (end > i && s.charCodeAt(end - 1) === SPACE) end--;
  if (i >= end) return Number.NaN;
  return decimalIn(s, i, end, shift);
}

/** Parses exactly s[i, end) (no surrounding spaces) as a decimal number times 10^shift; NaN if it is not one. */
export function decimalIn(s: string, i: number, end: number, shift = 0): number {
  const first = i;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 /* - */) {
    neg = true;
    i++;
  } else if (c === 43 /* + */) i++;
  let mant = 0;
  let sig = 0; // significant digits taken into mant
  let exp10 = shift;
  let digits = 0;
  let dot = false;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (mant === 0 && c === 48) {
        if (dot) exp10--;
        continue;
      }
      if (sig >= 15) return slowFloat(s, first, end, shift);
      mant = mant * 10 + (c - 48);
      sig++;
      if (dot) exp10--;
    } else if (c === 46 /* . */ && !dot) {
      dot = true;
    } else break;
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    // exponent: E, e, D or d, optional sign, at least one digit
    c = s.charCodeAt(i);
    if (c !== 69 && c !== 101 && c !== 68 && c !== 100) return Number.NaN;
    i++;
    let eneg = false;
    c = s.charCodeAt(i);
    if (c === 45) {
      eneg = true;
      i++;
    } else if (c === 43) i++;
    let e = 0;
    let edigits = 0;
    for (; i < end; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) return Number.NaN;
      e = e * 10 + (c - 48);
      edigits++;
      if (edigits > 4) return Number.NaN;
    }
    if (edigits === 0) return Number.NaN;
    exp10 += eneg ? -e : e;
  }
  let v: number;
  if (mant === 0) v = 0;
  else if (exp10 === 0) v = mant;
  else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10];
  else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10];
  else return slowFloat(s, first, end, shift);
  return neg ? -v : v;
}

/** Integer in `s[start, end)`, spaces around it ignored; NaN when blank or not an integer. */
export function fixedInt(s: string, start: number, end: number): number {
  if (end > s.length) end = s.length;
  let i = start;
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  while (end > i && s.charCodeAt(end - 1) === SPACE) end--;
  if (i >= end) return Number.NaN;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  if (i >= end) return Number.NaN;
  let v = 0;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

/** Numbers as free-format tokens, for lines whose writer did not keep the columns (`1.2D-09-3.4D-10` splits in two). */
export function floatTokens(s: string): number[] {
  const out: number[] = [];
  const re = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?/g;
  let m: RegExpExecArray | null = re.exec(s);
  while (m !== null) {
    out.push(decimalIn(m[0], 0, m[0].length));
    m = re.exec(s);
  }
  return out;
}

/** True when s[start, end) holds only spaces (or lies past the end of the line). */
export function isBlank(s: string, start: number, end: number): boolean {
  if (end > s.length) end = s.length;
  for (let i = start; i < end; i++) if (s.charCodeAt(i) !== SPACE) return false;
  return true;
}
