import fc from "fast-check";
import { costOf } from "~/domain/bands";
import { type LotSplit, type LotSplitInput, splitLotCosts } from "~/domain/cost-split";
import { type Rational, rational, roundHalfUp, sumRationals } from "~/domain/rational";
import { type LotLimits, lotArbitrary, shuffle } from "./lot-arbitrary";

// Small lots shrink to readable counterexamples; big lots (up to 200 bodies × 50 items, about
// 10,000 lines) show the engine holds at the scale of a real round. Run counts keep the whole
// unit suite well under a minute on two cores.
const SMALL: LotLimits = { maxBodies: 6, maxItems: 4, maxCosts: 3, maxQuantity: 200 };
const BIG: LotLimits = { maxBodies: 200, maxItems: 50, maxCosts: 4, maxQuantity: 5_000 };
const lineKey = (l: { bodyId: string; itemId: string; costCentre: string }) =>
  `${l.bodyId}\u0000${l.itemId}\u0000${l.costCentre}`;

/** Exact line values in 1/10,000 EUR, computed here from the definitions, not by the engine. */
function exactValues(input: LotSplitInput): Map<string, Rational> {
  const bundled = new Map<string, number>();
  for (const l of input.lines) bundled.set(l.itemId, (bundled.get(l.itemId) ?? 0) + l.quantity);
  const values = new Map<string, Rational>();
  for (const l of input.lines) {
    const item = input.items.find((i) => i.id === l.itemId)!;
    const Q = bundled.get(l.itemId)!;
    const value =
      input.pricing === "all-units"
        ? rational((costOf(item.bands, Q, "all-units") / BigInt(Q || 1)) * BigInt(l.quantity)) // Q × p / Q = p
        : Q === 0
          ? rational(0n)
          : // unreduced, so that sums group by item (see the same note in cost-split.ts)
            { num: costOf(item.bands, Q, "incremental") * BigInt(l.quantity), den: BigInt(Q) };
    values.set(lineKey(l), value);
  }
  return values;
}

/** |cents − total × w / W| < 1, exactly. */
function withinOneCent(cents: number, total: bigint, w: Rational, W: Rational): boolean {
  if (W.num === 0n) return cents === 0;
  // cents − total·(w.num/w.den)/(W.num/W.den), times w.den·W.num (> 0)
  const lhs = BigInt(cents) * w.den * W.num - total * w.num * W.den;
  const bound = w.den * W.num;
  return lhs < bound && -lhs < bound;
}

function sumBy<T>(values: readonly T[], f: (v: T) => number): number {
  return values.reduce((s, v) => s + f(v), 0);
}

function checkInvariants(input: LotSplitInput, split: LotSplit): void {
  const values = exactValues(input);
  const rateOf = new Map(input.items.map((i) => [i.id, i.vatRateBp]));

  // invoice per rate = exact sum rounded once; VAT on the rounded net; lines add up exactly
  const rates = [...new Set(input.lines.map((l) => rateOf.get(l.itemId)!))].sort((a, b) => a - b);
  expect(Object.keys(split.invoice.netCentsByRate).map(Number)).toEqual(rates);
  let invoiceGross = 0;
  for (const rate of rates) {
    const lines = split.lines.filter((l) => rateOf.get(l.itemId) === rate);
    const W = sumRationals(lines.map((l) => values.get(lineKey(l))!));
    const net = split.invoice.netCentsByRate[rate]!;
    const vat = split.invoice.vatCentsByRate[rate]!;
    expect(net).toBe(Number(roundHalfUp(W.num, W.den * 100n)));
    expect(vat).toBe(Number(roundHalfUp(BigInt(net) * BigInt(rate), 10_000n)));
    expect(sumBy(lines, (l) => l.netCents)).toBe(net);
    expect(sumBy(lines, (l) => l.vatCents)).toBe(vat);
    // one expect per lot, not per line: 10,000 expect() calls cost more than the split itself
    const badLines = lines.filter((l) => {
      const w = values.get(lineKey(l))!;
      return (
        !withinOneCent(l.netCents, BigInt(net), w, W) ||
        !withinOneCent(l.vatCents, BigInt(vat), w, W) ||
        l.grossCents !== l.netCents + l.vatCents ||
        (l.quantity === 0 && (l.netCents !== 0 || l.vatCents !== 0))
      );
    });
    expect(badLines).toEqual([]);
    invoiceGross += net + vat;
  }
  expect(split.invoice.grossCents).toBe(invoiceGross);
  expect(split.lines).toHaveLength(input.lines.length);

  // bodies: aggregates of their lines and shares, alone price from their own quantities
  expect(split.bodies.map((b) => b.bodyId)).toEqual(input.bodies.map((b) => b.id).sort());
  const quantityOf = new Map<string, number>();
  for (const l of input.lines)
    quantityOf.set(l.bodyId, (quantityOf.get(l.bodyId) ?? 0) + l.quantity);
  const group = <T>(values: readonly T[], key: (v: T) => string) => {
    const map = new Map<string, T[]>();
    for (const v of values) {
      const list = map.get(key(v));
      if (list) list.push(v);
      else map.set(key(v), [v]);
    }
    return map;
  };
  const linesByBody = group(split.lines, (l) => l.bodyId);
  const sharesByBody = group(split.shared, (s) => s.bodyId);
  const inputLinesByBody = group(input.lines, (l) => l.bodyId);
  for (const b of split.bodies) {
    const lines = linesByBody.get(b.bodyId) ?? [];
    const shares = sharesByBody.get(b.bodyId) ?? [];
    expect(b.goodsNetCents).toBe(sumBy(lines, (l) => l.netCents));
    expect(b.goodsVatCents).toBe(sumBy(lines, (l) => l.vatCents));
    expect(b.sharedNetCents).toBe(sumBy(shares, (s) => s.netCents));
    expect(b.sharedVatCents).toBe(sumBy(shares, (s) => s.vatCents));
    expect(b.grossCents).toBe(
      b.goodsNetCents + b.goodsVatCents + b.sharedNetCents + b.sharedVatCents,
    );
    let alone = 0n;
    for (const item of input.items) {
      const d = sumBy(
        (inputLinesByBody.get(b.bodyId) ?? []).filter((l) => l.itemId === item.id),
        (l) => l.quantity,
      );
      alone += costOf(item.bands, d, input.pricing);
    }
    expect(b.aloneNetCents).toBe(Number(roundHalfUp(alone, 100n)));
    expect(b.grossSavingsCents).toBe(b.aloneNetCents - b.goodsNetCents);
    expect(b.netSavingsCents).toBe(b.grossSavingsCents - b.sharedNetCents);
    // a body with nothing pays nothing
    if ((quantityOf.get(b.bodyId) ?? 0) === 0) {
      expect(shares).toEqual([]);
      expect([b.goodsNetCents, b.goodsVatCents, b.grossCents, b.aloneNetCents]).toEqual([
        0, 0, 0, 0,
      ]);
    }
    // all-units with non-increasing prices: the exact saving is never negative, so only the
    // rounding of each line (under a cent each) can make it so
    if (input.pricing === "all-units") {
      expect(b.grossSavingsCents).toBeGreaterThanOrEqual(-lines.length);
    }
  }

  // shared costs: each adds up exactly, each share within a cent of its key's exact quota
  const bodyById = new Map(input.bodies.map((b) => [b.id, b]));
  const savedById = new Map(split.bodies.map((b) => [b.bodyId, b.grossSavingsCents]));
  for (const cost of input.sharedCosts) {
    const shares = split.shared.filter((s) => s.costId === cost.id);
    const payers = input.bodies
      .map((b) => b.id)
      .sort()
      .filter(
        (id) =>
          (quantityOf.get(id) ?? 0) > 0 && (cost.payers === "all" || !bodyById.get(id)!.isLead),
      );
    expect(shares.map((s) => s.bodyId)).toEqual(
      cost.amountCents === 0 && payers.length === 0 ? [] : payers,
    );
    if (shares.length === 0) continue;
    const vat = Number(roundHalfUp(BigInt(cost.amountCents) * BigInt(cost.vatRateBp), 10_000n));
    expect(sumBy(shares, (s) => s.netCents)).toBe(cost.amountCents);
    expect(sumBy(shares, (s) => s.vatCents)).toBe(vat);
    const weightFor = (key: string, id: string): Rational => {
      switch (key) {
        case "value":
          return sumRationals((inputLinesByBody.get(id) ?? []).map((l) => values.get(lineKey(l))!));
        case "quantity":
          return rational(BigInt(quantityOf.get(id) ?? 0));
        case "population":
          return rational(BigInt(bodyById.get(id)!.population));
        case "equal":
          return rational(1n);
        default:
          return rational(BigInt(Math.max(0, savedById.get(id)!)));
      }
    };
    let weights: Rational[] = [];
    for (const key of [cost.key, "value", "equal"]) {
      weights = payers.map((id) => weightFor(key, id));
      if (weights.some((w) => w.num > 0n)) break;
    }
    const W = sumRationals(weights);
    shares.forEach((s, i) => {
      expect(withinOneCent(s.netCents, BigInt(cost.amountCents), weights[i]!, W)).toBe(true);
      expect(withinOneCent(s.vatCents, BigInt(vat), weights[i]!, W)).toBe(true);
      expect(s.grossCents).toBe(s.netCents + s.vatCents);
    });
  }
  const totalShared = sumBy(split.shared, (s) => s.grossCents);
  expect(sumBy(split.bodies, (b) => b.grossCents)).toBe(split.invoice.grossCents + totalShared);
}

describe("splitLotCosts – properties", () => {
  it("reconciles to the cent, within a cent per share, nothing for nobody (small lots)", () => {
    fc.assert(
      fc.property(lotArbitrary(SMALL), (input) => checkInvariants(input, splitLotCosts(input))),
      { numRuns: 2_000 },
    );
  });

  it("reconciles to the cent, within a cent per share, nothing for nobody (lots up to 200 bodies × 50 items)", () => {
    fc.assert(
      fc.property(lotArbitrary(BIG), (input) => checkInvariants(input, splitLotCosts(input))),
      { numRuns: 100 },
    );
  });

  it.each([
    ["small", SMALL, 1_000],
    ["big", BIG, 100],
  ] as const)("does not depend on input order (%s lots)", (_name, limits, numRuns) => {
    fc.assert(
      fc.property(lotArbitrary(limits), fc.integer(), (input, seed) => {
        const shuffled: LotSplitInput = {
          ...input,
          bodies: shuffle(input.bodies, seed),
          items: shuffle(input.items, seed + 1),
          lines: shuffle(input.lines, seed + 2),
          sharedCosts: shuffle(input.sharedCosts, seed + 3),
        };
        expect(splitLotCosts(shuffled)).toEqual(splitLotCosts(input));
      }),
      { numRuns },
    );
  });

  it.each([
    ["small", SMALL, 2_000],
    ["big", BIG, 100],
  ] as const)(
    "savings key: when the savings cover the shared costs, nobody is worse off than alone (%s lots)",
    (_name, limits, numRuns) => {
      fc.assert(
        fc.property(
          lotArbitrary(limits),
          fc.array(
            fc.record({
              part: fc.integer({ min: 0, max: 1_000 }),
              payers: fc.constantFrom<"all" | "non-lead">("all", "non-lead"),
              vatRateBp: fc.constantFrom(0, 1900),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          (lot, costSpecs) => {
            // The costs are built from the savings: cost c takes part_c / Σ parts of what its payers
            // save together, so Σ_c amount_c / savings_c ≤ 1 – and often exactly 1.
            const goods = splitLotCosts({ ...lot, sharedCosts: [] });
            const saved = new Map(
              goods.bodies.map((b) => [b.bodyId, Math.max(0, b.grossSavingsCents)]),
            );
            const hasQuantity = new Set(
              lot.lines.filter((l) => l.quantity > 0).map((l) => l.bodyId),
            );
            const parts = costSpecs.reduce((s, c) => s + c.part, 0) || 1;
            const sharedCosts = costSpecs.map((c, i) => {
              const available = lot.bodies
                .filter((b) => hasQuantity.has(b.id) && (c.payers === "all" || !b.isLead))
                .reduce((s, b) => s + saved.get(b.id)!, 0);
              return {
                id: `S${i}`,
                amountCents: Math.floor((available * c.part) / parts),
                vatRateBp: c.vatRateBp,
                key: "savings" as const,
                payers: c.payers,
              };
            });
            const split = splitLotCosts({ ...lot, sharedCosts });
            for (const b of split.bodies) {
              expect(b.netSavingsCents).toBeGreaterThanOrEqual(Math.min(0, b.grossSavingsCents));
            }
          },
        ),
        { numRuns },
      );
    },
  );
});
