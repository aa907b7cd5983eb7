// One awarded lot of a split as the viewer sees it (splitLot): the stored split's figures for the
// visible bodies, the shared costs in words, the budget years and the reconciliation.

import { parseIsoDate } from "~/domain/calendar-date";
import { splitFigures } from "~/domain/cost-split";
import { formatEuro, formatVatRate } from "~/domain/money";
import { type Pricing, type SharedCostKey, sharedCostKeyLabels } from "~/domain/vocabulary";

import { lotLabel, type TenderLot } from "~/modules/bids/index.server";
import { type StoredLotSplit } from "./split-store.server";
import {
  type BudgetYearDue,
  type Reconciliation,
  type SplitFigures,
  type SplitLot,
  type SplitSharedCost,
  type SplitTender,
} from "./split-view.server";

const splitKeyExplanations: Record<SharedCostKey, string> = {
  value: "im Verhältnis des Warenwerts jeder Körperschaft in diesem Los",
  quantity: "im Verhältnis der bestellten Mengen",
  population: "im Verhältnis der Einwohnerzahlen",
  equal: "zu gleichen Teilen",
  savings:
    "im Verhältnis der Ersparnis vor Gemeinkosten; solange die Ersparnisse die Gemeinkosten decken, zahlt keine Körperschaft mehr, als sie spart",
};

function describeSharedCost(cost: Omit<SplitSharedCost, "description">): string {
  const amount =
    cost.kind === "admin-percent"
      ? `${formatVatRate(cost.percentBp ?? 0)} des Nettowerts des Loses = ${formatEuro(cost.netCents)} netto`
      : `${formatEuro(cost.netCents)} netto`;
  const payers =
    cost.payers === "all"
      ? "auf alle Körperschaften mit Bedarf in diesem Los"
      : "auf alle Körperschaften mit Bedarf in diesem Los außer der federführenden";
  return `${cost.label} (${amount} zzgl. ${formatVatRate(cost.vatRateBp)} USt): ${sharedCostKeyLabels[cost.key]} ${payers} verteilt, ${splitKeyExplanations[cost.key]}; Rundung nach dem Verfahren der größten Reste.`;
}

export function describeGoodsSplit(pricing: Pricing): string {
  const price =
    pricing === "all-units"
      ? "Jede Körperschaft zahlt ihre eigenen Mengen zum Stückpreis der Staffel, in die die gebündelte Menge fällt (Gesamtmengenstaffel)."
      : "Jede Körperschaft trägt den Anteil ihrer Menge an den Kosten der gebündelten Menge nach der Stufenstaffel; als Stückpreis steht der Durchschnittspreis.";
  return `${price} Die Rechnung (je Steuersatz einmal gerundet) wird nach dem Verfahren der größten Reste (Hare-Niemeyer) centgenau auf die Bedarfszeilen verteilt; die Umsatzsteuer ebenso.`;
}

export const ZERO_FIGURES: SplitFigures = {
  goodsNetCents: 0,
  goodsVatCents: 0,
  sharedNetCents: 0,
  sharedVatCents: 0,
  grossCents: 0,
  aloneNetCents: 0,
  grossSavingsCents: 0,
  netSavingsCents: 0,
};

/** Adds b's figures into a (a national tender sums 130,000 body rows; no object per step). */
export function addFigures(a: SplitFigures, b: SplitFigures): void {
  a.goodsNetCents += b.goodsNetCents;
  a.goodsVatCents += b.goodsVatCents;
  a.sharedNetCents += b.sharedNetCents;
  a.sharedVatCents += b.sharedVatCents;
  a.grossCents += b.grossCents;
  a.aloneNetCents += b.aloneNetCents;
  a.grossSavingsCents += b.grossSavingsCents;
  a.netSavingsCents += b.netSavingsCents;
}

export function mergeYears(into: Map<number, BudgetYearDue>, years: readonly BudgetYearDue[]) {
  for (const y of years) {
    const have = into.get(y.year) ?? {
      year: y.year,
      licenceCents: 0,
      consumableCents: 0,
      sharedCents: 0,
      totalCents: 0,
    };
    have.licenceCents += y.licenceCents;
    have.consumableCents += y.consumableCents;
    have.sharedCents += y.sharedCents;
    have.totalCents += y.totalCents;
    into.set(y.year, have);
  }
}

export function sortedYears(map: Map<number, BudgetYearDue>): BudgetYearDue[] {
  return [...map.values()].sort((a, b) => a.year - b.year);
}
// One collator for every comparison: localeCompare(…, "de") looks its collator up per call,
// which a national tender's 130,000 body rows per sort noticed.
const germanOrder = new Intl.Collator("de");

export function byName(a: { name: string; bodyId: string }, b: { name: string; bodyId: string }) {
  return germanOrder.compare(a.name, b.name) || (a.bodyId < b.bodyId ? -1 : 1);
}

export function sumReconciliations(list: Reconciliation[]): Reconciliation {
  const sum = (f: (r: Reconciliation) => number) => list.reduce((s, r) => s + f(r), 0);
  return {
    invoiceNetCents: sum((r) => r.invoiceNetCents),
    invoiceVatCents: sum((r) => r.invoiceVatCents),
    invoiceGrossCents: sum((r) => r.invoiceGrossCents),
    sharedGrossCents: sum((r) => r.sharedGrossCents),
    expectedCents: sum((r) => r.expectedCents),
    allBodiesGrossCents: sum((r) => r.allBodiesGrossCents),
    linesNetCents: sum((r) => r.linesNetCents),
    linesVatCents: sum((r) => r.linesVatCents),
    bodyCount: Math.max(0, ...list.map((r) => r.bodyCount)),
    balanced: list.every((r) => r.balanced),
  };
}

/** An awarded lot as the viewer sees it: `stored` holds only the visible bodies' rows. */
export function splitLot({
  tender,
  lot,
  award,
  stored,
}: {
  tender: SplitTender;
  lot: TenderLot;
  award: { awardedAt: Date; bidderName: string; bidderAddress: string };
  stored: StoredLotSplit;
}): SplitLot {
  const { costRows, totals } = stored;
  const plan = stored;

  const rates = Object.keys(plan.invoice.netCentsByRate)
    .map(Number)
    .sort((a, b) => a - b);
  const byRate = rates.map((rate) => ({
    vatRateBp: rate,
    netCents: plan.invoice.netCentsByRate[rate]!,
    vatCents: plan.invoice.vatCentsByRate[rate]!,
  }));
  const invoiceNet = byRate.reduce((s, r) => s + r.netCents, 0);
  const invoiceVat = byRate.reduce((s, r) => s + r.vatCents, 0);

  const amounts = new Map(plan.sharedCosts.map((c) => [c.id, c.amountCents]));
  const sharedCosts: SplitSharedCost[] = costRows.map((c) => {
    const sum = totals.costs.get(c.id) ?? { vatCents: 0, grossCents: 0 };
    const cost = {
      id: c.id,
      label: c.label,
      kind: c.kind,
      key: c.key,
      payers: c.payers,
      percentBp: c.percentBp,
      vatRateBp: c.vatRateBp,
      netCents: amounts.get(c.id) ?? 0,
      vatCents: sum.vatCents,
      grossCents: sum.grossCents,
    };
    return { ...cost, description: describeSharedCost(cost) };
  });
  // Sums over every body of the lot, added up by the database whoever views: Σ of the shares,
  // of what each body pays, and of every line's cents as summed per body (checked against the
  // lines themselves when the split was stored).
  const sharedGross = sharedCosts.reduce((s, c) => s + c.grossCents, 0);
  const allBodiesGross = totals.figures.grossCents;
  const linesNet = totals.figures.goodsNetCents;
  const linesVat = totals.figures.goodsVatCents;
  const reconciliation: Reconciliation = {
    invoiceNetCents: invoiceNet,
    invoiceVatCents: invoiceVat,
    invoiceGrossCents: plan.invoice.grossCents,
    sharedGrossCents: sharedGross,
    expectedCents: plan.invoice.grossCents + sharedGross,
    allBodiesGrossCents: allBodiesGross,
    linesNetCents: linesNet,
    linesVatCents: linesVat,
    bodyCount: totals.bodies,
    balanced:
      allBodiesGross === plan.invoice.grossCents + sharedGross &&
      linesNet === invoiceNet &&
      linesVat === invoiceVat,
  };

  // Budget years of the visible bodies: licences as the sum of their lines' spreads (added up
  // by the database), consumables and one-off shared costs in the contract's first year.
  const startYear = parseIsoDate(tender.contractStart, "Vertragsbeginn").year;
  const shares = plan.shared;
  const sharedByBody = new Map<string, number>();
  for (const share of shares)
    sharedByBody.set(share.bodyId, (sharedByBody.get(share.bodyId) ?? 0) + share.grossCents);
  const lead = tender.leadBodyId;
  const visibleBodies = plan.bodies;
  return {
    id: lot.id,
    number: lot.number,
    title: lot.title,
    label: lotLabel(lot),
    category: lot.category,
    supplier: { name: award.bidderName, address: award.bidderAddress },
    awardedAt: award.awardedAt,
    invoice: {
      netCents: invoiceNet,
      vatCents: invoiceVat,
      grossCents: plan.invoice.grossCents,
      byRate,
    },
    goodsDescription: describeGoodsSplit(tender.pricing),
    sharedCosts,
    bodies: visibleBodies.map((b) => {
      const goods = b.goodsNetCents + b.goodsVatCents;
      const shared = sharedByBody.get(b.bodyId) ?? 0;
      const budgetYears: BudgetYearDue[] =
        lot.category === "license"
          ? plan.years.map((year, j) => ({
              year,
              licenceCents: b.yearCents[j]!,
              consumableCents: 0,
              sharedCents: year === startYear ? shared : 0,
              totalCents: b.yearCents[j]! + (year === startYear ? shared : 0),
            }))
          : [
              {
                year: startYear,
                licenceCents: 0,
                consumableCents: goods,
                sharedCents: shared,
                totalCents: goods + shared,
              },
            ];
      if (lot.category === "license" && shared !== 0 && !plan.years.includes(startYear)) {
        budgetYears.push({
          year: startYear,
          licenceCents: 0,
          consumableCents: 0,
          sharedCents: shared,
          totalCents: shared,
        });
        budgetYears.sort((x, y) => x.year - y.year);
      }
      return {
        bodyId: b.bodyId,
        ...splitFigures(b),
        name: "",
        ags: null,
        isLead: b.bodyId === lead,
        budgetYears,
      };
    }),
    shares,
    reconciliation,
    // the VAT rate the split used, not the catalogue's of today
    items: lot.items.map((i) => ({
      itemId: i.itemId,
      name: i.name,
      cpvCode: i.cpvCode,
      unit: i.unit,
      vatRateBp: plan.items.get(i.itemId)?.vatRateBp ?? i.vatRateBp,
      unitPrice: plan.items.get(i.itemId)?.unitPrice ?? 0,
    })),
    lineYears: lot.category === "license" ? plan.years : [startYear],
    lineCounts: new Map(visibleBodies.map((b) => [b.bodyId, b.lines])),
    totals: { ...totals.figures },
  };
}
