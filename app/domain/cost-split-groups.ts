import { type PriceBand, bandIndexAt, exactCost, requirePricing } from "~/domain/bands";
import { termCents } from "~/domain/budget-years";
import {
  type LotSplit,
  type LotSplitBody,
  type LotSplitInput,
  type LotSplitShare,
  splitSharedCosts,
} from "~/domain/cost-split";
import { type BodyState, bodyFigures, readSharedCosts } from "~/domain/cost-split-state";
import { DomainError } from "~/domain/errors";
import { compareStrings, toSafeNumber } from "~/domain/input-checks";
import { lcm, roundHalfUp } from "~/domain/rational";
import { type Pricing } from "~/domain/vocabulary";

/**
 * The cost split of one lot without holding its lines (decision 007): the same money as
 * `splitLotCosts`, computed by the database from a handful of numbers per item.
 *
 * A line's exact share of a rate's invoice is total × v / S, where v is the line's exact value
 * and S the rate's exact sum. Both kinds of pricing make S a whole number (all-units: Σ Q × p;
 * incremental: Σ cost(Q), each item's lines adding up to its cost) and make a line's quota
 * factor × q / denominator with integers per item (`ItemQuota`). So the database computes each
 * line's whole cents and the rank of its remainder with exact integer arithmetic (`numeric`),
 * finds where the largest-remainder order runs out of cents (one boundary class of equal
 * remainders per rate and component, `settleBoundary`), and only if that class is split the
 * lines of it are read here and ordered by the engine's tie-break (`pickTieWinners`). What each
 * body pays is then a sum over its lines in the database (`finishLotSplit` takes the sums); the
 * shared costs are split exactly as `splitLotCosts` splits them.
 */
/** Per item of a lot: Σ quantity, the number of lines and the largest quantity of a line. */
export type ItemTotal = { itemId: string; quantity: bigint; lines: number; maxQuantity: bigint };

export type LotItem = { id: string; vatRateBp: number; bands: PriceBand[] };

export type ItemFigures = {
  vatRateBp: number;
  bands: PriceBand[];
  bundledQuantity: bigint;
  /** exact cost of the bundled quantity, 1/10,000 EUR */
  costAtBundle: bigint;
  /** shown as the unit price (1/10,000 EUR): the band price, incremental the rounded average */
  unitPrice: number;
  /** a line's weight for the `value` key is quantity × valueFactor (see goodsValueScaled) */
  valueFactor: bigint;
};

/**
 * A line of quantity q: net cents = (netFactor × q) div denominator, its remainder
 * r = (netFactor × q) mod denominator; VAT likewise with vatFactor. Remainders of one rate are
 * ranked by key = (r × keyScale) div keyDivisor, which orders them exactly as the fractions
 * r / denominator (incremental: keyScale is the square of the largest bundled quantity, so
 * different fractions can never share a key).
 */
export type ItemQuota = {
  netFactor: bigint;
  vatFactor: bigint;
  denominator: bigint;
  keyScale: bigint;
  keyDivisor: bigint;
};

export type GoodsPlan = {
  pricing: Pricing;
  /**
   * Every product the database forms (factor × quantity, denominator, remainder × keyScale)
   * stays below 2^63: it may compute in `bigint` instead of `numeric` (ten times faster).
   */
  fitsInt8: boolean;
  invoice: LotSplit["invoice"];
  /** rates with lines, ascending; per rate the invoice's net and VAT cents */
  rates: { vatRateBp: number; net: bigint; vat: bigint }[];
  items: Map<string, ItemFigures & ItemQuota>;
  /** the lot's exact net at the bundled quantities, 1/10,000 EUR (percentage fees) */
  exactNet: bigint;
};

export function planGoods({
  pricing: pricingInput,
  items: itemList,
  totals,
  termMonths,
}: {
  pricing: Pricing;
  items: LotItem[];
  /** per item of the lot with lines: Σ quantity and how many lines */
  totals: ItemTotal[];
  /** licence lots: prices per year over this term (LotSplitInput.termMonths) */
  termMonths?: number;
}): GoodsPlan {
  const pricing = requirePricing(pricingInput);
  const known = new Map(itemList.map((i) => [i.id, i]));
  const total = new Map<string, ItemTotal>();
  for (const t of totals) {
    if (!known.has(t.itemId)) {
      throw new DomainError(`Artikel „${t.itemId}“: Der Artikel ist in diesem Los unbekannt.`);
    }
    total.set(t.itemId, t);
  }
  const bundledOf = (id: string) => total.get(id)?.quantity ?? 0n;
  // The same scale as splitLotCosts: the LCM of the bundled quantities makes every body's exact
  // goods value (Σ cost(Q) × d / Q) a whole number in the same proportions.
  const valueScale =
    pricing === "all-units"
      ? 1n
      : itemList.reduce((l, it) => (bundledOf(it.id) > 0n ? lcm(l, bundledOf(it.id)) : l), 1n);
  const figures = new Map<string, ItemFigures>();
  let exactNet = 0n;
  for (const it of itemList) {
    const q = bundledOf(it.id);
    const price = BigInt(it.bands[bandIndexAt(it.bands, q)]!.unitPrice);
    const cost = exactCost(it.bands, q, pricing);
    exactNet += cost;
    figures.set(it.id, {
      vatRateBp: it.vatRateBp,
      bands: it.bands,
      bundledQuantity: q,
      costAtBundle: cost,
      unitPrice: pricing === "all-units" || q === 0n ? Number(price) : Number(roundHalfUp(cost, q)),
      valueFactor: pricing === "all-units" ? price : q === 0n ? 0n : (cost * valueScale) / q,
    });
  }

  // Rates with lines (an item with lines of quantity 0 still brings its rate to the invoice).
  const withLines = itemList.filter((it) => (total.get(it.id)?.lines ?? 0) > 0);
  const rateList = [...new Set(withLines.map((it) => it.vatRateBp))].sort((a, b) => a - b);
  const items = new Map<string, ItemFigures & ItemQuota>();
  const rates: GoodsPlan["rates"] = [];
  const netCentsByRate: Record<number, number> = {};
  const vatCentsByRate: Record<number, number> = {};
  let invoiceGross = 0n;
  for (const rate of rateList) {
    const members = withLines.filter((it) => it.vatRateBp === rate);
    // exact sum in 1/10,000 EUR: Σ Q × p, or Σ cost(Q) – a whole number either way
    const exact = members.reduce((s, it) => s + figures.get(it.id)!.costAtBundle, 0n);
    const net = termCents(exact, termMonths);
    const vat = roundHalfUp(net * BigInt(rate), 10_000n);
    const largest = members.reduce((m, it) => (bundledOf(it.id) > m ? bundledOf(it.id) : m), 1n);
    for (const it of members) {
      const f = figures.get(it.id)!;
      const q = f.bundledQuantity;
      // all-units: quota = total × q·p / S; incremental: total × cost(Q)·q / (Q·S)
      const per = pricing === "all-units" ? f.valueFactor : q === 0n ? 0n : f.costAtBundle;
      const divisor = pricing === "all-units" || q === 0n ? 1n : q;
      items.set(it.id, {
        ...f,
        netFactor: exact === 0n ? 0n : net * per,
        vatFactor: exact === 0n ? 0n : vat * per,
        denominator: exact === 0n ? 1n : exact * divisor,
        keyScale: pricing === "all-units" ? 1n : largest * largest,
        keyDivisor: divisor,
      });
    }
    rates.push({ vatRateBp: rate, net, vat });
    netCentsByRate[rate] = toSafeNumber(net, `Nettobetrag der Rechnung zu ${rate} Basispunkten`);
    vatCentsByRate[rate] = toSafeNumber(vat, `Umsatzsteuer der Rechnung zu ${rate} Basispunkten`);
    invoiceGross += net + vat;
  }
  for (const it of itemList) {
    if (!items.has(it.id)) {
      items.set(it.id, {
        ...figures.get(it.id)!,
        netFactor: 0n,
        vatFactor: 0n,
        denominator: 1n,
        keyScale: 1n,
        keyDivisor: 1n,
      });
    }
  }
  const INT8 = 2n ** 63n;
  // The database multiplies a factor by one line's quantity, at most the item's largest.
  const fitsInt8 = [...items].every(([id, q]) => {
    const largest = total.get(id)?.maxQuantity ?? 0n;
    return (
      q.netFactor * largest < INT8 &&
      q.vatFactor * largest < INT8 &&
      q.denominator * q.keyScale < INT8
    );
  });
  return {
    pricing,
    fitsInt8,
    invoice: {
      netCentsByRate,
      vatCentsByRate,
      grossCents: toSafeNumber(invoiceGross, "Bruttobetrag der Rechnung"),
    },
    rates,
    items,
    exactNet,
  };
}

/**
 * Where the cents of one rate and component run out, as the database sees it: `leftOver` cents
 * remain after every line's whole cents; ranked by key (largest first), the class of equal keys
 * at `key` holds `classLines` lines, `linesAbove` lines rank above it.
 */
export type Boundary = { leftOver: bigint; key: bigint; classLines: bigint; linesAbove: bigint };

/** Which lines get a cent: key > `key`, or key = `key` when `all`, else `tie` of them by line order. */
export type Threshold = { key: bigint; all: boolean; tie: number } | null;

export function settleBoundary(boundary: Boundary | undefined, leftOver: bigint): Threshold {
  if (leftOver === 0n) return null;
  if (!boundary || boundary.leftOver !== leftOver) {
    throw new Error("settleBoundary: no class where the cents run out – the sums do not match");
  }
  const cents = leftOver - boundary.linesAbove;
  if (cents <= 0n || cents > boundary.classLines) {
    throw new Error("settleBoundary: the boundary class does not hold the last cent");
  }
  return cents === boundary.classLines
    ? { key: boundary.key, all: true, tie: 0 }
    : { key: boundary.key, all: false, tie: Number(cents) };
}

export type TieLine = {
  /** the line's ref (the frozen line's id), as splitLotCosts orders by it: as text */
  ref: string;
  bodyId: string;
  itemId: string;
  costCentre: string;
  quantity: number;
};

/** splitLotCosts's line order: (bodyId, itemId, costCentre, ref, quantity), plain string order. */
export function compareTieLines(a: TieLine, b: TieLine): number {
  return (
    compareStrings(a.bodyId, b.bodyId) ||
    compareStrings(a.itemId, b.itemId) ||
    compareStrings(a.costCentre, b.costCentre) ||
    compareStrings(a.ref, b.ref) ||
    a.quantity - b.quantity
  );
}

/** The refs of the lines of a tie class that get its cents: the first `cents` in line order. */
export function pickTieWinners(lines: readonly TieLine[], cents: number): string[] {
  if (cents > lines.length) {
    throw new Error("pickTieWinners: fewer lines than cents – the groups do not match the lines");
  }
  return [...lines]
    .sort(compareTieLines)
    .slice(0, cents)
    .map((l) => l.ref);
}

/** What the database adds up per body over its lines of the lot. */
export type BodySums = {
  id: string;
  population: number;
  isLead: boolean;
  totalQuantity: bigint;
  goodsNetCents: bigint;
  goodsVatCents: bigint;
  /** Σ quantity × valueFactor of the line's item */
  goodsValueScaled: bigint;
  /** Σ over its items of the exact cost of its own quantity of the item (1/10,000 EUR) */
  aloneExact: bigint;
};

/** The bodies' figures and the shared costs' shares, as splitLotCosts returns them. */
export function finishLotSplit({
  bodies: sums,
  sharedCosts,
  termMonths,
}: {
  bodies: BodySums[];
  sharedCosts: LotSplitInput["sharedCosts"];
  /** licence lots: LotSplitInput.termMonths */
  termMonths?: number;
}): { bodies: LotSplitBody[]; shared: LotSplitShare[] } {
  const sorted: BodyState[] = sums
    .map((b) => {
      const aloneNet = termCents(b.aloneExact, termMonths);
      return {
        id: b.id,
        population: BigInt(b.population),
        isLead: b.isLead,
        totalQuantity: b.totalQuantity,
        quantityByItem: new Map<string, bigint>(),
        goodsValueScaled: b.goodsValueScaled,
        goodsNet: b.goodsNetCents,
        goodsVat: b.goodsVatCents,
        sharedNet: 0n,
        sharedVat: 0n,
        aloneNet,
        grossSavings: aloneNet - b.goodsNetCents,
      };
    })
    .sort((a, b) => compareStrings(a.id, b.id));
  const shared = splitSharedCosts(readSharedCosts(sharedCosts), sorted);
  return {
    shared,
    bodies: sorted.map(bodyFigures),
  };
}

/**
 * Budget years of a licence line depend only on its gross T: splitting T over the years by
 * months (M months in all) gives (T div M) × months of the year plus the split of T mod M (the
 * quotas differ by whole cents, the remainders not at all). So the M splits of 0 … M−1 cents
 * let the database add up a body's years over its lines. `spread` is spreadOverBudgetYears for
 * the contract; the split of M cents is exactly the months per year.
 */
export function budgetYearTable(
  spread: (cents: number) => { year: number; cents: number }[],
  termMonths: number,
): { years: number[]; months: number[]; rest: number[][] } {
  const perYear = spread(termMonths);
  const rest: number[][] = [];
  for (let r = 0; r < termMonths; r++) rest.push(spread(r).map((y) => y.cents));
  return { years: perYear.map((y) => y.year), months: perYear.map((y) => y.cents), rest };
}
