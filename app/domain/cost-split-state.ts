// The cost split's working state (cost-split.ts): the input checked and read into it, ordered
// as the rules prescribe, and a body's figures read out of it. Shared with the split at scale
// (cost-split-groups.ts), which aggregates lines in SQL and feeds the same state.
import { type PriceBand, validateBands } from "~/domain/bands";
import { type LotSplitBody, type LotSplitInput } from "~/domain/cost-split";
import { DomainError } from "~/domain/errors";
import {
  compareStrings,
  describe,
  requireId,
  requireInteger,
  requireVatRateBp,
  toSafeNumber,
} from "~/domain/input-checks";
import { type Rational, ZERO } from "~/domain/rational";
import { sharedCostKeys } from "~/domain/vocabulary";

/** Exported for the split at scale (cost-split-groups.ts), which aggregates lines in SQL. */
export type BodyState = {
  id: string;
  population: bigint;
  isLead: boolean;
  totalQuantity: bigint;
  quantityByItem: Map<string, bigint>;
  /** exact goods value × `valueScale` (an integer; see splitLotCosts) */
  goodsValueScaled: bigint;
  goodsNet: bigint;
  goodsVat: bigint;
  sharedNet: bigint;
  sharedVat: bigint;
  aloneNet: bigint;
  grossSavings: bigint;
};

export type ItemState = {
  id: string;
  vatRateBp: number;
  bands: PriceBand[];
  bundledQuantity: bigint;
};

export type LineState = {
  bodyId: string;
  itemId: string;
  costCentre: string;
  ref: string | undefined;
  quantity: bigint;
  value: Rational;
  netCents: bigint;
  vatCents: bigint;
};

export function lineLabel(line: { bodyId: unknown; itemId: unknown; costCentre: unknown }): string {
  return `Zeile (Körperschaft ${describe(line.bodyId)}, Artikel ${describe(line.itemId)}, Kostenstelle ${describe(line.costCentre)})`;
}

/** The prescribed line order: (bodyId, itemId, costCentre) in plain string order, then ref, then quantity. */
function compareLines(a: LineState, b: LineState): number {
  return (
    compareStrings(a.bodyId, b.bodyId) ||
    compareStrings(a.itemId, b.itemId) ||
    compareStrings(a.costCentre, b.costCentre) ||
    compareStrings(a.ref ?? "", b.ref ?? "") ||
    (a.quantity < b.quantity ? -1 : a.quantity > b.quantity ? 1 : 0)
  );
}

export type CostInput = LotSplitInput["sharedCosts"][number];

/** A body's figures as the split returns them (also for the split at scale, cost-split-groups.ts). */
export function bodyFigures(b: BodyState): LotSplitBody {
  const what = `Körperschaft „${b.id}“`;
  return {
    bodyId: b.id,
    goodsNetCents: toSafeNumber(b.goodsNet, `${what}: Warenwert netto`),
    goodsVatCents: toSafeNumber(b.goodsVat, `${what}: Umsatzsteuer auf Waren`),
    sharedNetCents: toSafeNumber(b.sharedNet, `${what}: Gemeinkosten netto`),
    sharedVatCents: toSafeNumber(b.sharedVat, `${what}: Umsatzsteuer auf Gemeinkosten`),
    grossCents: toSafeNumber(
      b.goodsNet + b.goodsVat + b.sharedNet + b.sharedVat,
      `${what}: Bruttobetrag`,
    ),
    aloneNetCents: toSafeNumber(b.aloneNet, `${what}: Einzelbeschaffung netto`),
    grossSavingsCents: toSafeNumber(b.grossSavings, `${what}: Bruttoersparnis`),
    netSavingsCents: toSafeNumber(b.grossSavings - b.sharedNet, `${what}: Nettoersparnis`),
  };
}

export function readBodies(input: LotSplitInput["bodies"]): Map<string, BodyState> {
  if (!Array.isArray(input)) throw new DomainError("Die Liste der Körperschaften fehlt.");
  const bodies = new Map<string, BodyState>();
  for (const b of input) {
    const id = requireId(b?.id, "Körperschaft");
    if (bodies.has(id)) throw new DomainError(`Körperschaft „${id}“ ist doppelt angegeben.`);
    const population = requireInteger(b.population, `Körperschaft „${id}“: Einwohnerzahl`);
    if (typeof b.isLead !== "boolean") {
      throw new DomainError(`Körperschaft „${id}“: Es fehlt die Angabe, ob sie federführend ist.`);
    }
    bodies.set(id, {
      id,
      population: BigInt(population),
      isLead: b.isLead,
      totalQuantity: 0n,
      quantityByItem: new Map(),
      goodsValueScaled: 0n,
      goodsNet: 0n,
      goodsVat: 0n,
      sharedNet: 0n,
      sharedVat: 0n,
      aloneNet: 0n,
      grossSavings: 0n,
    });
  }
  return bodies;
}

export function readItems(input: LotSplitInput["items"]): Map<string, ItemState> {
  if (!Array.isArray(input)) throw new DomainError("Die Liste der Artikel fehlt.");
  const items = new Map<string, ItemState>();
  for (const it of input) {
    const id = requireId(it?.id, "Artikel");
    if (items.has(id)) throw new DomainError(`Artikel „${id}“ ist doppelt angegeben.`);
    const vatRateBp = requireVatRateBp(it.vatRateBp, `Artikel „${id}“`);
    validateBands(it.bands, `Artikel „${id}“`);
    items.set(id, { id, vatRateBp, bands: it.bands, bundledQuantity: 0n });
  }
  return items;
}

export function readLines(
  input: LotSplitInput["lines"],
  bodies: Map<string, BodyState>,
  items: Map<string, ItemState>,
): LineState[] {
  if (!Array.isArray(input)) throw new DomainError("Die Liste der Bedarfszeilen fehlt.");
  const lines = input.map((l): LineState => {
    const what = lineLabel(l ?? {});
    if (typeof l?.bodyId !== "string" || !bodies.has(l.bodyId)) {
      throw new DomainError(`${what}: Die Körperschaft ist in diesem Los unbekannt.`);
    }
    if (typeof l.itemId !== "string" || !items.has(l.itemId)) {
      throw new DomainError(`${what}: Der Artikel ist in diesem Los unbekannt.`);
    }
    if (typeof l.costCentre !== "string")
      throw new DomainError(`${what}: Die Kostenstelle muss ein Text sein.`);
    if (l.ref !== undefined && typeof l.ref !== "string") {
      throw new DomainError(`${what}: Die Zeilenkennung muss ein Text sein.`);
    }
    const quantity = requireInteger(l.quantity, `${what}: Menge`);
    return {
      bodyId: l.bodyId,
      itemId: l.itemId,
      costCentre: l.costCentre,
      ref: l.ref,
      quantity: BigInt(quantity),
      value: ZERO,
      netCents: 0n,
      vatCents: 0n,
    };
  });
  return lines.sort(compareLines);
}

export function readSharedCosts(input: LotSplitInput["sharedCosts"]): CostInput[] {
  if (!Array.isArray(input)) throw new DomainError("Die Liste der Gemeinkosten fehlt.");
  const seen = new Set<string>();
  const costs = input.map((c): CostInput => {
    const id = requireId(c?.id, "Gemeinkosten");
    if (seen.has(id)) throw new DomainError(`Gemeinkosten „${id}“ sind doppelt angegeben.`);
    seen.add(id);
    const what = `Gemeinkosten „${id}“`;
    const amountCents = requireInteger(c.amountCents, `${what}: Betrag in Cent`);
    const vatRateBp = requireVatRateBp(c.vatRateBp, what);
    if (!(sharedCostKeys as readonly string[]).includes(c.key)) {
      throw new DomainError(
        `${what}: Unbekannter Verteilungsschlüssel ${describe(c.key)} (erlaubt: Warenwert „value“, Menge „quantity“, Einwohner „population“, gleich „equal“, Ersparnis „savings“).`,
      );
    }
    if (c.payers !== "all" && c.payers !== "non-lead") {
      throw new DomainError(
        `${what}: Unbekannte Angabe der Zahlenden ${describe(c.payers)} (erlaubt: „all“, „non-lead“).`,
      );
    }
    return { id, amountCents, vatRateBp, key: c.key, payers: c.payers };
  });
  return costs.sort((a, b) => compareStrings(a.id, b.id));
}
