import { type PriceBand, bandIndexAt, exactCost, requirePricing } from "~/domain/bands";
import { termCents, termFactor } from "~/domain/budget-years";
import {
  type BodyState,
  type CostInput,
  type LineState,
  bodyFigures,
  lineLabel,
  readBodies,
  readItems,
  readLines,
  readSharedCosts,
} from "~/domain/cost-split-state";
import { DomainError } from "~/domain/errors";
import { type Pricing, type SharedCostKey, type SharedCostPayers } from "~/domain/vocabulary";
import { compareStrings, toSafeNumber } from "~/domain/input-checks";
import {
  type Quota,
  exactQuotas,
  largestRemainder,
  remainderOrder,
} from "~/domain/largest-remainder";
import {
  type Rational,
  ZERO,
  ceilDiv,
  lcm,
  rational,
  roundHalfUp,
  sumRationals,
} from "~/domain/rational";

/**
 * Cost split (Kostenaufteilung) of one awarded lot: one supplier invoice, split to the cent over
 * the demand lines, plus the shared costs (Gemeinkosten) and each body's savings (Nutzen).
 * Units: `unitPrice` 1/10,000 EUR, money in cents, `vatRateBp` in basis points (1900 = 19 %).
 */
export type LotSplitInput = {
  pricing: Pricing;
  bodies: { id: string; population: number; isLead: boolean }[];
  items: { id: string; vatRateBp: number; bands: PriceBand[] }[];
  /**
   * `ref` is optional and not part of the split rules: a caller with several demand lines of the
   * same body, item and cost centre (e.g. different ledger accounts) passes its line id here to
   * tell them apart; it is echoed in the output and orders such lines among themselves.
   */
  lines: { bodyId: string; itemId: string; costCentre: string; quantity: number; ref?: string }[];
  sharedCosts: {
    id: string;
    amountCents: number;
    vatRateBp: number;
    key: SharedCostKey;
    payers: SharedCostPayers;
  }[];
  /**
   * Licence lots: the unit prices are per seat and year and the contract runs this many months,
   * so the invoice and what each body would pay alone are the yearly amounts × months / 12
   * (termFactor). Absent for goods bought once.
   */
  termMonths?: number;
};

export type LotSplitLine = {
  bodyId: string;
  itemId: string;
  costCentre: string;
  quantity: number;
  ref?: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

export type LotSplitShare = {
  costId: string;
  bodyId: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

export type LotSplitBody = {
  bodyId: string;
  goodsNetCents: number;
  goodsVatCents: number;
  sharedNetCents: number;
  sharedVatCents: number;
  grossCents: number;
  aloneNetCents: number;
  grossSavingsCents: number;
  netSavingsCents: number;
};

/** What a body pays, would have paid alone and saves: the money of a LotSplitBody. */
export type SplitFigures = Omit<LotSplitBody, "bodyId">;

/** Just the figures of anything that carries them (a row, a body, a sum). */
export function splitFigures(f: SplitFigures): SplitFigures {
  return {
    goodsNetCents: f.goodsNetCents,
    goodsVatCents: f.goodsVatCents,
    sharedNetCents: f.sharedNetCents,
    sharedVatCents: f.sharedVatCents,
    grossCents: f.grossCents,
    aloneNetCents: f.aloneNetCents,
    grossSavingsCents: f.grossSavingsCents,
    netSavingsCents: f.netSavingsCents,
  };
}

export type LotSplit = {
  invoice: {
    netCentsByRate: Record<number, number>;
    vatCentsByRate: Record<number, number>;
    grossCents: number;
  };
  lines: LotSplitLine[];
  /** one row per shared cost and paying body, ordered by cost id, then body id */
  shared: LotSplitShare[];
  bodies: LotSplitBody[];
};

export function splitLotCosts(input: LotSplitInput): LotSplit {
  const pricing = requirePricing(input.pricing);
  const bodies = readBodies(input.bodies);
  const items = readItems(input.items);
  const lines = readLines(input.lines, bodies, items);
  const costs = readSharedCosts(input.sharedCosts);

  for (const line of lines) {
    const item = items.get(line.itemId)!;
    item.bundledQuantity += line.quantity;
    const body = bodies.get(line.bodyId)!;
    body.totalQuantity += line.quantity;
    body.quantityByItem.set(
      line.itemId,
      (body.quantityByItem.get(line.itemId) ?? 0n) + line.quantity,
    );
  }

  // Exact line values in 1/10,000 EUR at the price the bundle reached.
  const unitPriceAtBundle = new Map<string, bigint>();
  const costAtBundle = new Map<string, bigint>();
  for (const item of items.values()) {
    unitPriceAtBundle.set(
      item.id,
      BigInt(item.bands[bandIndexAt(item.bands, item.bundledQuantity)]!.unitPrice),
    );
    costAtBundle.set(item.id, exactCost(item.bands, item.bundledQuantity, pricing));
  }
  for (const line of lines) {
    const item = items.get(line.itemId)!;
    line.value =
      pricing === "all-units"
        ? rational(line.quantity * unitPriceAtBundle.get(item.id)!)
        : line.quantity === 0n
          ? ZERO // Q may be 0 too; a line without quantity has no value either way
          : // Deliberately not reduced: every line of an item keeps the denominator Q, so the
            // sum per rate groups into one fraction per item, which is the whole number cost(Q).
            // Reduced fractions would make the sum's denominator the LCM of all line
            // denominators – thousands of bits at national scale, and a hundred times slower.
            { num: costAtBundle.get(item.id)! * line.quantity, den: item.bundledQuantity };
  }
  // A body's exact goods value is a sum of fractions with up to one denominator per item. Summed
  // as reduced fractions that costs a gcd of ever longer numbers per line; instead every value is
  // scaled by the LCM of the denominators, which keeps the `value` key's weights whole numbers in
  // the same proportions.
  const valueScale =
    pricing === "all-units"
      ? 1n
      : [...items.values()].reduce(
          (l, it) => (it.bundledQuantity > 0n ? lcm(l, it.bundledQuantity) : l),
          1n,
        );
  for (const line of lines) {
    bodies.get(line.bodyId)!.goodsValueScaled += (line.value.num * valueScale) / line.value.den;
  }

  // The invoice: per VAT rate, the exact net rounded once, then the VAT on that net.
  const linesByRate = new Map<number, LineState[]>();
  for (const line of lines) {
    const rate = items.get(line.itemId)!.vatRateBp;
    const group = linesByRate.get(rate);
    if (group) group.push(line);
    else linesByRate.set(rate, [line]);
  }
  const rates = [...linesByRate.keys()].sort((a, b) => a - b);
  const term = termFactor(input.termMonths);
  const netCentsByRate: Record<number, number> = {};
  const vatCentsByRate: Record<number, number> = {};
  let invoiceGross = 0n;
  for (const rate of rates) {
    const group = linesByRate.get(rate)!; // already in line order, which is the tie-break
    const exact = sumRationals(group.map((l) => l.value));
    const net = roundHalfUp(exact.num * term.num, exact.den * 100n * term.den);
    const vat = roundHalfUp(net * BigInt(rate), 10_000n);
    const weights = group.map((l) => l.value);
    const what = `Rechnung, Steuersatz ${rate} Basispunkte`;
    const netShares = largestRemainder(net, weights, (a, b) => a - b, what);
    const vatShares = largestRemainder(vat, weights, (a, b) => a - b, what);
    group.forEach((line, i) => {
      line.netCents = netShares[i]!;
      line.vatCents = vatShares[i]!;
    });
    netCentsByRate[rate] = toSafeNumber(net, `Nettobetrag der Rechnung zu ${rate} Basispunkten`);
    vatCentsByRate[rate] = toSafeNumber(vat, `Umsatzsteuer der Rechnung zu ${rate} Basispunkten`);
    invoiceGross += net + vat;
  }

  // What each body would have paid alone from the same bands, and its gross savings.
  for (const line of lines) {
    const body = bodies.get(line.bodyId)!;
    body.goodsNet += line.netCents;
    body.goodsVat += line.vatCents;
  }
  for (const body of bodies.values()) {
    let alone = 0n;
    for (const [itemId, quantity] of body.quantityByItem) {
      alone += exactCost(items.get(itemId)!.bands, quantity, pricing);
    }
    body.aloneNet = termCents(alone, input.termMonths);
    body.grossSavings = body.aloneNet - body.goodsNet;
  }

  const sortedBodies = [...bodies.values()].sort((a, b) => compareStrings(a.id, b.id));
  const shared = splitSharedCosts(costs, sortedBodies);

  return {
    invoice: {
      netCentsByRate,
      vatCentsByRate,
      grossCents: toSafeNumber(invoiceGross, "Bruttobetrag der Rechnung"),
    },
    lines: lines.map((l) => {
      const what = lineLabel(l);
      const out: LotSplitLine = {
        bodyId: l.bodyId,
        itemId: l.itemId,
        costCentre: l.costCentre,
        quantity: Number(l.quantity),
        netCents: toSafeNumber(l.netCents, `${what}: Nettobetrag`),
        vatCents: toSafeNumber(l.vatCents, `${what}: Umsatzsteuer`),
        grossCents: toSafeNumber(l.netCents + l.vatCents, `${what}: Bruttobetrag`),
      };
      if (l.ref !== undefined) out.ref = l.ref;
      return out;
    }),
    shared,
    bodies: sortedBodies.map(bodyFigures),
  };
}

export function splitSharedCosts(costs: CostInput[], sortedBodies: BodyState[]): LotSplitShare[] {
  type Allocation = {
    cost: CostInput;
    payers: BodyState[];
    weights: Rational[];
    net: bigint[];
    vat: bigint[];
  };
  const allocations: Allocation[] = [];
  const savingsKeyed: Allocation[] = [];

  for (const cost of costs) {
    const what = `Gemeinkosten „${cost.id}“`;
    const payers = sortedBodies.filter(
      (b) => b.totalQuantity > 0n && (cost.payers === "all" || !b.isLead),
    );
    const amount = BigInt(cost.amountCents);
    const vat = roundHalfUp(amount * BigInt(cost.vatRateBp), 10_000n);
    if (payers.length === 0) {
      if (amount === 0n) continue;
      throw new DomainError(
        `${what}: Es gibt keine Körperschaft, die sie tragen kann – niemand ${cost.payers === "non-lead" ? "außer der federführenden Körperschaft " : ""}hat in diesem Los eine Menge.`,
      );
    }
    const { weights, key } = sharedCostWeights(cost.key, payers);
    // Tie-break: smaller bodyId first; payers are sorted by id, so index order is id order.
    const byId = (a: number, b: number) => a - b;
    const allocation: Allocation = {
      cost,
      payers,
      weights,
      net: key === "savings" ? [] : largestRemainder(amount, weights, byId, what),
      vat: largestRemainder(vat, weights, byId, `${what}, Umsatzsteuer`),
    };
    allocations.push(allocation);
    if (key === "savings") savingsKeyed.push(allocation);
  }

  if (savingsKeyed.length > 0) {
    const nets = splitSavingsKeyedJointly(
      savingsKeyed.map((a) => ({
        amount: BigInt(a.cost.amountCents),
        payers: a.payers.map((p) => p.id),
        weights: a.weights,
        what: `Gemeinkosten „${a.cost.id}“`,
      })),
    );
    savingsKeyed.forEach((a, i) => {
      a.net = nets[i]!;
    });
  }

  const shares: LotSplitShare[] = [];
  for (const { cost, payers, net, vat } of allocations) {
    payers.forEach((body, i) => {
      const n = net[i]!;
      const v = vat[i]!;
      body.sharedNet += n;
      body.sharedVat += v;
      const what = `Gemeinkosten „${cost.id}“, Körperschaft „${body.id}“`;
      shares.push({
        costId: cost.id,
        bodyId: body.id,
        netCents: toSafeNumber(n, `${what}: Nettobetrag`),
        vatCents: toSafeNumber(v, `${what}: Umsatzsteuer`),
        grossCents: toSafeNumber(n + v, `${what}: Bruttobetrag`),
      });
    });
  }
  return shares;
}

/** Weights of a key; when all are zero, fall back to `value`, then to `equal` (issue 3). */
function sharedCostWeights(
  key: SharedCostKey,
  payers: BodyState[],
): { weights: Rational[]; key: SharedCostKey } {
  for (const candidate of [key, "value", "equal"] as const) {
    const weights = payers.map((b): Rational => {
      switch (candidate) {
        case "value":
          return rational(b.goodsValueScaled);
        case "quantity":
          return rational(b.totalQuantity);
        case "population":
          return rational(b.population);
        case "equal":
          return rational(1n);
        case "savings":
          return rational(b.grossSavings > 0n ? b.grossSavings : 0n);
      }
    });
    if (weights.some((w) => w.num > 0n)) return { weights, key: candidate };
  }
  // unreachable: `equal` always has positive weights for a non-empty payer list
  throw new DomainError("Gemeinkosten: Es konnte kein Verteilungsschlüssel angewandt werden.");
}

/**
 * The `savings` key promises that nobody pays more than it saves while the savings cover the
 * shared costs. Splitting each such cost on its own by largest remainder can break that promise
 * by a cent per extra cost: with two 1-cent costs and two bodies saving 1 cent each, the same
 * body would win the tie twice and pay 2 cents. So the net amounts of all savings-keyed costs
 * are rounded together: every share is still its exact quota rounded down or up (within one cent),
 * every cost still adds up exactly, and a body's total never exceeds its exact total rounded up.
 * Cents go in largest-remainder order (ties: smaller bodyId), so with one such cost, or when no
 * body hits its cap, the result is exactly the plain largest-remainder split. When the greedy pass
 * would overfill a body, an augmenting path moves an earlier cent (b-matching); a solution always
 * exists because the exact fractional split is one.
 */
function splitSavingsKeyedJointly(
  costs: { amount: bigint; payers: string[]; weights: Rational[]; what: string }[],
): bigint[][] {
  const quotas: Quota[][] = costs.map((c) => exactQuotas(c.amount, c.weights, c.what));
  const shares = quotas.map((qs) => qs.map((q) => q.floor));

  // cap per body: ceil(exact total) − Σ floors = how many extra cents it may take in all
  const exactTotals = new Map<string, Rational[]>();
  const floors = new Map<string, bigint>();
  costs.forEach((c, ci) => {
    c.payers.forEach((id, pi) => {
      const q = quotas[ci]![pi]!;
      const list = exactTotals.get(id) ?? [];
      list.push(rational(q.floor * q.denominator + q.remainder, q.denominator));
      exactTotals.set(id, list);
      floors.set(id, (floors.get(id) ?? 0n) + q.floor);
    });
  });
  const spare = new Map<string, bigint>();
  for (const [id, parts] of exactTotals) {
    const total = sumRationals(parts);
    spare.set(id, ceilDiv(total.num, total.den) - floors.get(id)!);
  }

  const order = quotas.map((qs) => remainderOrder(qs, (a, b) => a - b));
  // extra[ci] = set of payer indices of cost ci that received an extra cent
  const extra = costs.map(() => new Set<number>());
  const eligible = (ci: number, pi: number) =>
    quotas[ci]![pi]!.remainder > 0n && !extra[ci]!.has(pi);

  costs.forEach((c, ci) => {
    let leftOver = c.amount - shares[ci]!.reduce((s, x) => s + x, 0n);
    for (const pi of order[ci]!) {
      if (leftOver === 0n) break;
      const id = c.payers[pi]!;
      if (quotas[ci]![pi]!.remainder === 0n || spare.get(id)! <= 0n) continue;
      extra[ci]!.add(pi);
      spare.set(id, spare.get(id)! - 1n);
      leftOver -= 1n;
    }
    while (leftOver > 0n) {
      augment(ci);
      leftOver -= 1n;
    }
  });

  // Breadth-first search for an alternating path: cost ci takes a cent from a full body, which
  // hands one of its earlier cents (of another cost) on, until a body with spare capacity is hit.
  function augment(start: number): void {
    type Step = { ci: number; pi: number; from: Step | undefined };
    const visitedBodies = new Set<string>();
    const queue: { ci: number; via: Step | undefined }[] = [{ ci: start, via: undefined }];
    const visitedCosts = new Set<number>([start]);
    while (queue.length > 0) {
      const { ci, via } = queue.shift()!;
      for (const pi of order[ci]!) {
        if (!eligible(ci, pi)) continue;
        const id = costs[ci]!.payers[pi]!;
        if (visitedBodies.has(id)) continue;
        visitedBodies.add(id);
        const step: Step = { ci, pi, from: via };
        if (spare.get(id)! > 0n) {
          spare.set(id, spare.get(id)! - 1n);
          // apply the path: each step adds its cent, and the body it came through gives one up
          for (let s: Step | undefined = step; s; s = s.from) {
            extra[s.ci]!.add(s.pi);
            if (s.from) {
              const prevBody = costs[s.from.ci]!.payers[s.from.pi]!;
              const giverIndex = costs[s.ci]!.payers.indexOf(prevBody);
              extra[s.ci]!.delete(giverIndex);
            }
          }
          return;
        }
        // the body is full: any other cost that gave it a cent may move that cent elsewhere
        costs.forEach((other, oi) => {
          if (visitedCosts.has(oi)) return;
          const oIndex = other.payers.indexOf(id);
          if (oIndex >= 0 && extra[oi]!.has(oIndex)) {
            visitedCosts.add(oi);
            queue.push({ ci: oi, via: step });
          }
        });
      }
    }
    throw new Error("splitSavingsKeyedJointly: no augmenting path – this is a bug");
  }

  return costs.map((_, ci) => shares[ci]!.map((s, pi) => s + (extra[ci]!.has(pi) ? 1n : 0n)));
}
