/**
 * Exact non-negative-denominator rationals over bigint. The money engine needs them because an
 * incremental line value `cost(Q) × d / Q` is not a whole number of 1/10,000 EUR, and rounding
 * it early would let the shares drift from the invoice by a cent here and there.
 */
export type Rational = { readonly num: bigint; readonly den: bigint };

export const ZERO: Rational = { num: 0n, den: 1n };

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

export function lcm(a: bigint, b: bigint): bigint {
  return a === 0n || b === 0n ? 0n : (a / gcd(a, b)) * b;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError("rational: denominator 0");
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/**
 * Sums many rationals. Values are grouped by denominator first: a lot has few distinct
 * denominators (one per item's bundled quantity), so this stays fast for 10,000+ lines.
 */
export function sumRationals(values: Iterable<Rational>): Rational {
  const byDen = new Map<bigint, bigint>();
  for (const v of values) byDen.set(v.den, (byDen.get(v.den) ?? 0n) + v.num);
  let acc = ZERO;
  for (const [den, num] of byDen) acc = addRational(acc, { num, den });
  return acc;
}

export function addRational(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num + b.num, a.den);
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function compareRationals(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Floor division for bigint (bigint `/` truncates towards zero). */
export function floorDiv(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError("floorDiv: denominator must be positive");
  const q = num / den;
  return num % den !== 0n && num < 0n ? q - 1n : q;
}

export function ceilDiv(num: bigint, den: bigint): bigint {
  return -floorDiv(-num, den);
}

/**
 * Commercial rounding (kaufmännisches Runden): halves go away from zero, so −0.5 ct becomes
 * −1 ct just as 0.5 ct becomes 1 ct. Amounts in this engine are non-negative anyway.
 */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError("roundHalfUp: denominator must be positive");
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (2n * abs + den) / (2n * den);
  return negative ? -rounded : rounded;
}
