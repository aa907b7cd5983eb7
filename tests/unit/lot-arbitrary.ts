// Random lots for the property tests: up to `maxBodies` bodies and `maxItems` items with bands,
// several VAT rates and shared costs. Not a test file itself (no `.test.ts`).
import fc from "fast-check";
import { type LotSplitInput } from "~/domain/cost-split";
import { type SharedCostKey } from "~/domain/vocabulary";

export const RATES = [0, 700, 1900] as const;
const KEYS: SharedCostKey[] = ["value", "quantity", "population", "equal", "savings"];

export type LotLimits = {
  maxBodies: number;
  maxItems: number;
  maxCosts: number;
  maxQuantity: number;
};

const bandsArb = fc
  .record({
    first: fc.integer({ min: 0, max: 2_000_000 }),
    steps: fc.array(
      fc.record({
        width: fc.integer({ min: 1, max: 300 }),
        drop: fc.integer({ min: 0, max: 5_000 }),
      }),
      {
        maxLength: 4,
      },
    ),
  })
  .map(({ first, steps }) => {
    const bands = [{ minQty: 0, unitPrice: first }];
    let minQty = 0;
    let price = first;
    for (const s of steps) {
      minQty += s.width;
      price = Math.max(0, price - s.drop);
      bands.push({ minQty, unitPrice: price });
    }
    return bands;
  });

export function lotArbitrary(
  limits: LotLimits,
  pricing?: LotSplitInput["pricing"],
): fc.Arbitrary<LotSplitInput> {
  return fc
    .record({
      pricing: pricing
        ? fc.constant(pricing)
        : fc.constantFrom<LotSplitInput["pricing"]>("all-units", "incremental"),
      bodyCount: fc.integer({ min: 1, max: limits.maxBodies }),
      items: fc.array(fc.record({ vatRateBp: fc.constantFrom(...RATES), bands: bandsArb }), {
        minLength: 1,
        maxLength: limits.maxItems,
        size: "max", // the default size would rarely build more than a handful of items
      }),
      leadIndex: fc.nat(),
      seed: fc.integer(),
      costs: fc.array(
        fc.record({
          amountCents: fc.oneof(
            fc.integer({ min: 0, max: 5 }),
            fc.integer({ min: 0, max: 500_000 }),
          ),
          vatRateBp: fc.constantFrom(...RATES),
          key: fc.constantFrom(...KEYS),
          payers: fc.constantFrom<"all" | "non-lead">("all", "non-lead"),
        }),
        { maxLength: limits.maxCosts },
      ),
    })
    .map(({ pricing, bodyCount, items, leadIndex, seed, costs }) => {
      // Lines come from a small seeded generator: tens of thousands of fast-check values per lot
      // would make generation, not the engine, the bottleneck.
      const rng = mulberry32(seed);
      const bodies = Array.from({ length: bodyCount }, (_, i) => ({
        id: `B${String(i).padStart(3, "0")}`,
        population: Math.floor(rng() * 200_000),
        isLead: i === leadIndex % bodyCount,
      }));
      const itemList = items.map((it, i) => ({ id: `I${i}`, ...it }));
      const lines: LotSplitInput["lines"] = [];
      for (const body of bodies) {
        if (rng() < 0.15) continue; // bodies with nothing
        for (const item of itemList) {
          if (rng() < 0.5) continue;
          const centres = rng() < 0.2 ? 2 : 1;
          for (let c = 0; c < centres; c++) {
            const small = rng() < 0.5;
            const quantity =
              rng() < 0.05 ? 0 : Math.floor(rng() * (small ? 20 : limits.maxQuantity));
            lines.push({ bodyId: body.id, itemId: item.id, costCentre: `K${c}`, quantity });
          }
        }
      }
      // A positive shared cost needs someone to pay it (else a DomainError, tested by hand).
      const withQuantity = new Set(lines.filter((l) => l.quantity > 0).map((l) => l.bodyId));
      const payable = (payers: "all" | "non-lead") =>
        bodies.some((b) => withQuantity.has(b.id) && (payers === "all" || !b.isLead));
      return {
        pricing,
        bodies,
        items: itemList,
        lines,
        sharedCosts: costs.map((c, i) => ({
          id: `S${i}`,
          ...c,
          amountCents: payable(c.payers) ? c.amountCents : 0,
        })),
      };
    });
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(values: readonly T[], seed: number): T[] {
  const rng = mulberry32(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
