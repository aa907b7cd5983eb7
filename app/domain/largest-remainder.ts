import { DomainError } from "~/domain/errors";
import { type Rational, compareRationals, sumRationals } from "~/domain/rational";

/**
 * Hare–Niemeyer (largest remainder) over exact rational weights.
 *
 * Every claimant first gets the whole cents of its exact quota `total × w / W`; the cents left
 * over go, one each, to the largest fractional remainders. Equal remainders are ordered by the
 * caller's tie-break, which must be a total order on the claimants so that the result never
 * depends on input order. Claimants with weight 0 have quota 0 and remainder 0 and can never
 * receive a left-over cent (the left-over is smaller than the number of positive remainders).
 */
export type Quota = {
  /** whole part of the exact quota */
  readonly floor: bigint;
  /** fractional part as remainder / denominator, 0 ≤ remainder < denominator */
  readonly remainder: bigint;
  readonly denominator: bigint;
};

export function exactQuotas(total: bigint, weights: readonly Rational[], what: string): Quota[] {
  if (total < 0n)
    throw new DomainError(`${what}: Der aufzuteilende Betrag darf nicht negativ sein (${total}).`);
  for (const w of weights) {
    if (w.num < 0n) throw new DomainError(`${what}: Ein Gewicht ist negativ (${w.num}/${w.den}).`);
  }
  const sum = sumRationals(weights);
  if (sum.num === 0n) {
    if (total === 0n) return weights.map(() => ({ floor: 0n, remainder: 0n, denominator: 1n }));
    throw new DomainError(
      `${what}: Alle Gewichte sind 0, der Betrag ${total} lässt sich nicht aufteilen.`,
    );
  }
  // quota_i = total × (n_i / m_i) / (N / M) = total × n_i × M / (m_i × N)
  return weights.map((w) => {
    const numerator = total * w.num * sum.den;
    const denominator = w.den * sum.num;
    return { floor: numerator / denominator, remainder: numerator % denominator, denominator };
  });
}

/** Orders claimant indices by remainder (largest first), then by the caller's tie-break. */
export function remainderOrder(
  quotas: readonly Quota[],
  tieBreak: (a: number, b: number) => number,
): number[] {
  const order = quotas.map((_, i) => i);
  order.sort((a, b) => {
    const qa = quotas[a]!;
    const qb = quotas[b]!;
    const byRemainder = compareRationals(
      { num: qb.remainder, den: qb.denominator },
      { num: qa.remainder, den: qa.denominator },
    );
    return byRemainder !== 0 ? byRemainder : tieBreak(a, b);
  });
  return order;
}

/**
 * Splits `total` (integer, e.g. cents) over claimants in proportion to `weights`.
 * Returns the shares in the order of `weights`; they add up to `total` exactly.
 * `tieBreak(a, b)` compares claimant indices: negative when `a` should get a cent first.
 */
export function largestRemainder(
  total: bigint,
  weights: readonly Rational[],
  tieBreak: (a: number, b: number) => number,
  what: string,
): bigint[] {
  const quotas = exactQuotas(total, weights, what);
  const shares = quotas.map((q) => q.floor);
  let leftOver = total - shares.reduce((s, x) => s + x, 0n);
  if (leftOver === 0n) return shares;
  for (const i of remainderOrder(quotas, tieBreak)) {
    if (leftOver === 0n) break;
    shares[i]! += 1n;
    leftOver -= 1n;
  }
  return shares;
}
