import { type PriceBand, exactCost, requirePricing, validateBands } from "~/domain/bands";
import { DomainError } from "~/domain/errors";
import { compareStrings, requireId, requireInteger, toSafeNumber } from "~/domain/input-checks";
import { type Rational, compareRationals, rational, roundHalfUp } from "~/domain/rational";
import { type Pricing } from "~/domain/vocabulary";

/**
 * Bid evaluation (Wertung): a bid's evaluated price for a lot is the exact cost of the frozen
 * bundled quantities under the tender's pricing, summed over the lot's items. Lowest price wins
 * unless the tender adds weighted quality criteria; then price points = lowest evaluated price ÷
 * this bid's × 100, and the score is the weighted sum of price points and quality points.
 */
export type BundledQuantity = { itemId: string; quantity: number };
export type Bid = {
  id: string;
  prices: { itemId: string; bands: PriceBand[] }[];
  /** points 0–100 per quality criterion id */
  qualityPoints?: Record<string, number>;
};
export type QualityCriterion = { id: string; weightBp: number };

export type BidEvaluation = {
  bidId: string;
  /** exact, in 1/10,000 EUR */
  evaluatedPrice: number;
  /** rounded half up to cents, for display */
  evaluatedNetCents: number;
  items: { itemId: string; quantity: number; cost: number }[];
};

function bidLabel(id: unknown): string {
  return `Angebot ${typeof id === "string" ? `„${id}“` : String(id)}`;
}

export function evaluateBid({
  pricing,
  quantities,
  bid,
}: {
  pricing: Pricing;
  quantities: BundledQuantity[];
  bid: Bid;
}): BidEvaluation {
  requirePricing(pricing);
  const bidId = requireId(bid?.id, "Angebot");
  const what = bidLabel(bidId);
  const pricesByItem = new Map<string, PriceBand[]>();
  for (const p of bid.prices ?? []) {
    const itemId = requireId(p?.itemId, `${what}: Artikel`);
    if (pricesByItem.has(itemId))
      throw new DomainError(`${what}: Für Artikel „${itemId}“ sind zwei Preisstaffeln angegeben.`);
    validateBands(p.bands, `${what}, Artikel „${itemId}“`);
    pricesByItem.set(itemId, p.bands);
  }
  const seen = new Set<string>();
  let total = 0n;
  const items = quantities.map((q) => {
    const itemId = requireId(q?.itemId, "Gebündelte Menge: Artikel");
    if (seen.has(itemId))
      throw new DomainError(`Artikel „${itemId}“ ist in den gebündelten Mengen doppelt angegeben.`);
    seen.add(itemId);
    const quantity = requireInteger(q.quantity, `Gebündelte Menge von Artikel „${itemId}“`);
    const bands = pricesByItem.get(itemId);
    if (!bands) throw new DomainError(`${what} enthält keinen Preis für Artikel „${itemId}“.`);
    const cost = exactCost(bands, BigInt(quantity), pricing);
    total += cost;
    return {
      itemId,
      quantity,
      cost: toSafeNumber(cost, `${what}, Artikel „${itemId}“: Wertungspreis`),
    };
  });
  for (const itemId of pricesByItem.keys()) {
    if (!seen.has(itemId))
      throw new DomainError(
        `${what} enthält einen Preis für Artikel „${itemId}“, der nicht zum Los gehört.`,
      );
  }
  return {
    bidId,
    evaluatedPrice: toSafeNumber(total, `${what}: Wertungspreis`),
    evaluatedNetCents: toSafeNumber(roundHalfUp(total, 100n), `${what}: Wertungspreis`),
    items,
  };
}

export type RankedBid = BidEvaluation & {
  /** 1 = best; bids with the same score and the same price share a rank (the office decides) */
  rank: number;
  /** price points × 100, rounded half up (10000 = 100 points) */
  pricePointsHundredths: number;
  /** weighted score × 100, rounded half up; the ranking itself uses the exact value */
  scoreHundredths: number;
};

/**
 * Ranks the bids for one lot. Without quality criteria the score is the price points, so the
 * lowest evaluated price ranks first. Weights are basis points; price weight defaults to what
 * the criteria leave of 100 %. Equal scores: lower price first, then bid id (display order only).
 */
export function rankBids({
  pricing,
  quantities,
  bids,
  criteria = [],
  priceWeightBp,
}: {
  pricing: Pricing;
  quantities: BundledQuantity[];
  bids: Bid[];
  criteria?: QualityCriterion[];
  priceWeightBp?: number;
}): RankedBid[] {
  if (!Array.isArray(bids) || bids.length === 0)
    throw new DomainError("Es liegen keine Angebote zur Wertung vor.");
  const criterionIds = new Set<string>();
  let qualityWeight = 0;
  for (const c of criteria) {
    const id = requireId(c?.id, "Wertungskriterium");
    if (criterionIds.has(id))
      throw new DomainError(`Wertungskriterium „${id}“ ist doppelt angegeben.`);
    criterionIds.add(id);
    qualityWeight += requireInteger(
      c.weightBp,
      `Wertungskriterium „${id}“: Gewicht in Basispunkten`,
      { max: 10_000 },
    );
  }
  const priceWeight = priceWeightBp ?? 10_000 - qualityWeight;
  requireInteger(priceWeight, "Gewicht des Preises in Basispunkten", { max: 10_000 });
  if (priceWeight + qualityWeight !== 10_000) {
    throw new DomainError(
      `Die Gewichte von Preis (${priceWeight}) und Qualitätskriterien (${qualityWeight}) ergeben nicht 100 % (10000 Basispunkte).`,
    );
  }

  const ids = new Set<string>();
  const evaluations = bids.map((bid) => {
    const evaluation = evaluateBid({ pricing, quantities, bid });
    if (ids.has(evaluation.bidId))
      throw new DomainError(`${bidLabel(evaluation.bidId)} ist doppelt angegeben.`);
    ids.add(evaluation.bidId);
    const quality = new Map<string, number>();
    for (const c of criteria) {
      const points = bid.qualityPoints?.[c.id];
      quality.set(
        c.id,
        requireInteger(points, `${bidLabel(bid.id)}, Kriterium „${c.id}“: Punkte (0–100)`, {
          max: 100,
        }),
      );
    }
    return { evaluation, quality };
  });

  const lowest = evaluations.reduce(
    (m, e) => Math.min(m, e.evaluation.evaluatedPrice),
    Number.POSITIVE_INFINITY,
  );
  const scored = evaluations.map(({ evaluation, quality }) => {
    const price = BigInt(evaluation.evaluatedPrice);
    // a price of 0 can only be the lowest: full points
    const pricePoints: Rational =
      price === 0n ? rational(100n) : rational(100n * BigInt(lowest), price);
    let scoreNum = pricePoints.num * BigInt(priceWeight);
    for (const c of criteria)
      scoreNum += pricePoints.den * BigInt(c.weightBp) * BigInt(quality.get(c.id)!);
    const score = rational(scoreNum, pricePoints.den * 10_000n);
    return { evaluation, pricePoints, score };
  });

  scored.sort(
    (a, b) =>
      compareRationals(b.score, a.score) ||
      a.evaluation.evaluatedPrice - b.evaluation.evaluatedPrice ||
      compareStrings(a.evaluation.bidId, b.evaluation.bidId),
  );
  let rank = 0;
  return scored.map((s, i) => {
    const prev = scored[i - 1];
    const tied =
      prev !== undefined &&
      compareRationals(prev.score, s.score) === 0 &&
      prev.evaluation.evaluatedPrice === s.evaluation.evaluatedPrice;
    rank = tied ? rank : i + 1;
    return {
      ...s.evaluation,
      rank,
      pricePointsHundredths: Number(roundHalfUp(s.pricePoints.num * 100n, s.pricePoints.den)),
      scoreHundredths: Number(roundHalfUp(s.score.num * 100n, s.score.den)),
    };
  });
}
