import {
  type PriceBand,
  type Pricing,
  bandIndexAt,
  exactCost,
  requirePricing,
} from "~/domain/bands";
import {
  type BodyState,
  bodyFigures,
  type LotSplit,
  type LotSplitBody,
  type LotSplitInput,
  type LotSplitShare,
  readSharedCosts,
  splitSharedCosts,
} from "~/domain/cost-split";
import { DomainError } from "~/domain/errors";
import { compareStrings, toSafeNumber } from "~/domain/input-checks";
import { type Rational, compareRationals, lcm, roundHalfUp, sumRationals } from "~/domain/rational";

/**
 * The cost split of one lot without holding its lines (decision 007): the same money as
 * `splitLotCosts`, computed from aggregates a database can give cheaply.
 *
 * Every line of one item with one quantity has the same exact value, so the same quota of the
 * invoice and the same remainder. So the goods split needs only the lot's *groups* (item,
 * quantity, number of lines): a few thousand even for a national lot. Per group it yields the
 * whole cents every line of the group gets; only where the largest-remainder order has to
 * choose between lines of equal remainder (one class of groups per invoice component at most)
 * the lines themselves decide, in the engine's tie-break order (`pickTieWinners`). What each
 * body then pays is a sum over its lines, which the database adds up (`finishLotSplit` takes
 * those sums); the shared costs are split exactly as `splitLotCosts` splits them.
 */
export type LineGroup = { itemId: string; quantity: number; lines: number };

export type LotItem = { id: string; vatRateBp: number; bands: PriceBand[] };

/** Whole cents of every line of a group (net and VAT), before any tie cent. */
export type GroupCents = { net: number; vat: number };

/** Groups whose lines have the same remainder; `cents` of their lines, first in line order, get one cent more. */
export type TieClass = {
  component: "net" | "vat";
  vatRateBp: number;
  groups: { itemId: string; quantity: number }[];
  cents: number;
};

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

export type GoodsPlan = {
  pricing: Pricing;
  invoice: LotSplit["invoice"];
  items: Map<string, ItemFigures>;
  groups: Map<string, GroupCents>;
  ties: TieClass[];
  /** the lot's exact net at the bundled quantities, 1/10,000 EUR (percentage fees) */
  exactNet: bigint;
};

export const groupKey = (itemId: string, quantity: number | bigint) => `${itemId}|${quantity}`;

type Quota = { group: LineGroup; lines: bigint; floor: bigint; remainder: bigint; den: bigint };

export function planGoodsSplit({
  pricing: pricingInput,
  items: itemList,
  groups,
}: {
  pricing: Pricing;
  items: LotItem[];
  groups: LineGroup[];
}): GoodsPlan {
  const pricing = requirePricing(pricingInput);
  const bundled = new Map<string, bigint>(itemList.map((i) => [i.id, 0n]));
  for (const g of groups) {
    const q = bundled.get(g.itemId);
    if (q === undefined) {
      throw new DomainError(`Artikel „${g.itemId}“: Der Artikel ist in diesem Los unbekannt.`);
    }
    bundled.set(g.itemId, q + BigInt(g.quantity) * BigInt(g.lines));
  }
  // The same scale as splitLotCosts: the LCM of the bundled quantities makes every body's exact
  // goods value (Σ cost(Q) × d / Q) a whole number in the same proportions.
  const valueScale =
    pricing === "all-units"
      ? 1n
      : [...bundled.values()].reduce((l, q) => (q > 0n ? lcm(l, q) : l), 1n);
  const items = new Map<string, ItemFigures>();
  let exactNet = 0n;
  for (const it of itemList) {
    const q = bundled.get(it.id)!;
    const price = BigInt(it.bands[bandIndexAt(it.bands, q)]!.unitPrice);
    const cost = exactCost(it.bands, q, pricing);
    exactNet += cost;
    items.set(it.id, {
      vatRateBp: it.vatRateBp,
      bands: it.bands,
      bundledQuantity: q,
      costAtBundle: cost,
      unitPrice: pricing === "all-units" || q === 0n ? Number(price) : Number(roundHalfUp(cost, q)),
      valueFactor: pricing === "all-units" ? price : q === 0n ? 0n : (cost * valueScale) / q,
    });
  }

  /** A line's exact value: all-units q × p; incremental cost(Q) × q / Q, kept unreduced. */
  const lineValue = (g: LineGroup): Rational => {
    const item = items.get(g.itemId)!;
    const q = BigInt(g.quantity);
    if (pricing === "all-units") return { num: q * item.valueFactor, den: 1n };
    return q === 0n
      ? { num: 0n, den: 1n }
      : { num: item.costAtBundle * q, den: item.bundledQuantity };
  };

  const byRate = new Map<number, LineGroup[]>();
  for (const g of groups) {
    const rate = items.get(g.itemId)!.vatRateBp;
    const list = byRate.get(rate);
    if (list) list.push(g);
    else byRate.set(rate, [g]);
  }
  const rates = [...byRate.keys()].sort((a, b) => a - b);
  const netCentsByRate: Record<number, number> = {};
  const vatCentsByRate: Record<number, number> = {};
  const cents = new Map<string, { net: bigint; vat: bigint }>();
  const ties: TieClass[] = [];
  let invoiceGross = 0n;
  for (const rate of rates) {
    const list = byRate.get(rate)!;
    const values = list.map(lineValue);
    const exact = sumRationals(
      values.map((v, i) => ({ num: v.num * BigInt(list[i]!.lines), den: v.den })),
    );
    const net = roundHalfUp(exact.num, exact.den * 100n);
    const vat = roundHalfUp(net * BigInt(rate), 10_000n);
    for (const [component, total] of [
      ["net", net],
      ["vat", vat],
    ] as const) {
      // quota of one line = total × v / Σv, as exactQuotas computes it
      const quotas: Quota[] = list.map((group, i) => {
        const v = values[i]!;
        if (exact.num === 0n) {
          return { group, lines: BigInt(group.lines), floor: 0n, remainder: 0n, den: 1n };
        }
        const numerator = total * v.num * exact.den;
        const den = v.den * exact.num;
        return {
          group,
          lines: BigInt(group.lines),
          floor: numerator / den,
          remainder: numerator % den,
          den,
        };
      });
      if (exact.num === 0n && total !== 0n) {
        throw new DomainError(
          `Rechnung, Steuersatz ${rate} Basispunkte: Alle Gewichte sind 0, der Betrag ${total} lässt sich nicht aufteilen.`,
        );
      }
      let leftOver = total - quotas.reduce((s, q) => s + q.floor * q.lines, 0n);
      const extra = new Set<Quota>();
      // Largest remainders first; a class of equal remainders is decided by the line order.
      // All-units lines share one denominator, so their remainders compare as they are.
      const oneDen = quotas.every((q) => q.den === quotas[0]!.den);
      const byRemainder = oneDen
        ? (a: Quota, b: Quota) =>
            a.remainder < b.remainder ? 1 : a.remainder > b.remainder ? -1 : 0
        : (a: Quota, b: Quota) =>
            compareRationals({ num: b.remainder, den: b.den }, { num: a.remainder, den: a.den });
      const ranked = quotas.filter((q) => q.remainder > 0n).sort(byRemainder);
      for (let i = 0; i < ranked.length && leftOver > 0n;) {
        let j = i;
        let lines = 0n;
        while (j < ranked.length && byRemainder(ranked[j]!, ranked[i]!) === 0) {
          lines += ranked[j]!.lines;
          j++;
        }
        const members = ranked.slice(i, j);
        if (lines <= leftOver) {
          for (const q of members) extra.add(q);
          leftOver -= lines;
        } else {
          ties.push({
            component,
            vatRateBp: rate,
            groups: members.map((q) => ({ itemId: q.group.itemId, quantity: q.group.quantity })),
            cents: Number(leftOver),
          });
          leftOver = 0n;
        }
        i = j;
      }
      for (const q of quotas) {
        const key = groupKey(q.group.itemId, q.group.quantity);
        const c = cents.get(key) ?? { net: 0n, vat: 0n };
        c[component] = q.floor + (extra.has(q) ? 1n : 0n);
        cents.set(key, c);
      }
    }
    netCentsByRate[rate] = toSafeNumber(net, `Nettobetrag der Rechnung zu ${rate} Basispunkten`);
    vatCentsByRate[rate] = toSafeNumber(vat, `Umsatzsteuer der Rechnung zu ${rate} Basispunkten`);
    invoiceGross += net + vat;
  }
  const groupCents = new Map<string, GroupCents>();
  for (const [key, c] of cents) {
    groupCents.set(key, {
      net: toSafeNumber(c.net, "Nettobetrag einer Zeile"),
      vat: toSafeNumber(c.vat, "Umsatzsteuer einer Zeile"),
    });
  }
  return {
    pricing,
    invoice: {
      netCentsByRate,
      vatCentsByRate,
      grossCents: toSafeNumber(invoiceGross, "Bruttobetrag der Rechnung"),
    },
    items,
    groups: groupCents,
    ties,
    exactNet,
  };
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
}: {
  bodies: BodySums[];
  sharedCosts: LotSplitInput["sharedCosts"];
}): { bodies: LotSplitBody[]; shared: LotSplitShare[] } {
  const sorted: BodyState[] = sums
    .map((b) => {
      const aloneNet = roundHalfUp(b.aloneExact, 100n);
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
