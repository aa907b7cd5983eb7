// The cost split (Kostenaufteilung) of an awarded tender as the treasurers read it: per body and
// lot the goods, VAT, shared costs, what it pays, what it would have paid alone, its savings, the
// amounts per budget year (Haushaltsjahr), and the reconciliation with the supplier invoices.
//
// Scoped by the viewer's body in here, not in the page: the lead body's users get every
// participating body; any other participating body gets only its own rows – the returned object
// holds no other body's figures or names. The split itself needs every line of a lot (the
// invoice is divided over all of them), so it is computed in full and only the viewer's part
// leaves this module. Lot totals (invoice, shared costs, the sum over all bodies) are not secret:
// every participant sees them to check the reconciliation.
import { and, eq, or, sql } from "drizzle-orm";

import { getDb, pgErrorCode, queryRows } from "#db/client";
import { awards, bids, bodies, tenderParticipants, tenders } from "#db/schema";
import { parseIsoDate } from "~/domain/calendar-date";
import { type SplitFigures as DomainSplitFigures, splitFigures } from "~/domain/cost-split";
import {
  type GoodsBilling,
  type ItemCategory,
  type Pricing,
  type SharedCostKey,
  sharedCostKeyLabels,
  type SharedCostKind,
  type SharedCostPayers,
} from "~/domain/vocabulary";
import { budgetYearTable } from "~/domain/cost-split-groups";
import { formatEuro, formatVatRate } from "~/domain/money";

import { isUuid } from "~/domain/ids";

import { recordAuditEvent } from "~/modules/audit/index.server";
import { listTenderLots, lotLabel, type TenderLot } from "~/modules/bids/index.server";
import {
  licenceSpread,
  lotCsvRows,
  lotSplitLines,
  readLotSplits,
  storeLotSplits,
  type StoredLotSplit,
} from "./split.server";

export type SplitTender = {
  id: string;
  referenceNumber: string;
  title: string;
  leadBodyId: string;
  leadBodyName: string;
  pricing: Pricing;
  framework: boolean;
  /** who bills the goods: the supplier each body, or the lead (re-invoiced); shared costs: the lead */
  goodsBilling: GoodsBilling;
  /** ISO date "2027-04-01" */
  contractStart: string;
  termMonths: number;
};

/**
 * Money in cents; "gross" savings are before shared costs, "net" after (both without VAT);
 * `grossCents` is what the body pays (goods and shared costs with VAT), `aloneNetCents` what it
 * would have paid alone from the same bid (net).
 */
export type SplitFigures = DomainSplitFigures;

/** Gross amounts due in one budget year: licences spread by month, the rest in the start year. */
export type BudgetYearDue = {
  year: number;
  licenceCents: number;
  consumableCents: number;
  sharedCents: number;
  totalCents: number;
};

export type SplitBody = SplitFigures & {
  bodyId: string;
  name: string;
  ags: string | null;
  isLead: boolean;
  budgetYears: BudgetYearDue[];
};

export type SplitLine = {
  /** the frozen tender line's id */
  ref: string;
  bodyId: string;
  itemId: string;
  itemName: string;
  cpvCode: string;
  unit: string;
  quantity: number;
  /** 1/10,000 EUR: the band price at the bundled quantity; incremental: the average, rounded */
  unitPrice: number;
  netCents: number;
  vatRateBp: number;
  vatCents: number;
  grossCents: number;
  costCentre: string;
  product: string;
  ledgerAccount: string;
  deliveryAddress: string;
  /** gross per budget year (one year for consumables) */
  budgetYears: { year: number; cents: number }[];
};

export type SplitItem = {
  itemId: string;
  name: string;
  cpvCode: string;
  unit: string;
  vatRateBp: number;
  /** 1/10,000 EUR: the band price at the bundled quantity; incremental: the average, rounded */
  unitPrice: number;
};

export type SplitSharedCost = {
  id: string;
  label: string;
  kind: SharedCostKind;
  key: SharedCostKey;
  payers: SharedCostPayers;
  percentBp: number | null;
  vatRateBp: number;
  /** the whole cost, over all paying bodies */
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** how it is split, in words */
  description: string;
};

export type SplitShare = {
  costId: string;
  bodyId: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

/** Computed, never asserted: the shares of all bodies against the invoice and shared costs. */
export type Reconciliation = {
  invoiceNetCents: number;
  invoiceVatCents: number;
  invoiceGrossCents: number;
  sharedGrossCents: number;
  /** invoice gross + shared costs gross */
  expectedCents: number;
  /** Σ over every body of the lot (not only the visible ones) */
  allBodiesGrossCents: number;
  /** Σ over every line, net and VAT */
  linesNetCents: number;
  linesVatCents: number;
  bodyCount: number;
  balanced: boolean;
};

export type SplitLot = {
  id: string;
  number: number;
  title: string;
  label: string;
  category: ItemCategory;
  supplier: { name: string; address: string };
  awardedAt: Date;
  invoice: {
    netCents: number;
    vatCents: number;
    grossCents: number;
    byRate: { vatRateBp: number; netCents: number; vatCents: number }[];
  };
  /** how the goods and each shared cost are split, in words */
  goodsDescription: string;
  sharedCosts: SplitSharedCost[];
  bodies: SplitBody[];
  shares: SplitShare[];
  reconciliation: Reconciliation;
  /** the lot's items as its lines show them */
  items: SplitItem[];
  /** the budget years a line of this lot falls in (licences: every year of the term) */
  lineYears: number[];
  /** per visible body: how many lines it has in this lot */
  lineCounts: Map<string, number>;
  /** Σ over every body of the lot, whoever views */
  totals: SplitFigures;
};

export type TenderSplit = {
  tender: SplitTender;
  viewer: { bodyId: string; isLead: boolean };
  /** "all": every participating body (lead only); "body": one body; "page": some (lead only) */
  scope: "all" | "body" | "page";
  lots: SplitLot[];
  /** lots still without an award (the split follows the award) */
  pendingLots: { number: number; title: string; label: string }[];
  /** the visible bodies' totals over all lots */
  bodies: SplitBody[];
  /** Σ over every body of every lot, whoever views (what a table's "Summe" row shows) */
  totals: SplitFigures;
  reconciliation: Reconciliation;
};

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

const ZERO_FIGURES: SplitFigures = {
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
function addFigures(a: SplitFigures, b: SplitFigures): void {
  a.goodsNetCents += b.goodsNetCents;
  a.goodsVatCents += b.goodsVatCents;
  a.sharedNetCents += b.sharedNetCents;
  a.sharedVatCents += b.sharedVatCents;
  a.grossCents += b.grossCents;
  a.aloneNetCents += b.aloneNetCents;
  a.grossSavingsCents += b.grossSavingsCents;
  a.netSavingsCents += b.netSavingsCents;
}

function mergeYears(into: Map<number, BudgetYearDue>, years: readonly BudgetYearDue[]) {
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

function sortedYears(map: Map<number, BudgetYearDue>): BudgetYearDue[] {
  return [...map.values()].sort((a, b) => a.year - b.year);
}

async function loadTenderForViewer(tenderId: string, viewerBodyId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: tenders.id,
      referenceNumber: tenders.referenceNumber,
      title: tenders.title,
      leadBodyId: tenders.leadBodyId,
      leadBodyName: bodies.name,
      pricing: tenders.pricing,
      framework: tenders.framework,
      goodsBilling: tenders.goodsBilling,
      contractStart: tenders.contractStart,
      termMonths: tenders.termMonths,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(
      and(
        eq(tenders.id, tenderId),
        eq(tenders.status, "published"),
        or(
          eq(tenders.leadBodyId, viewerBodyId),
          sql`exists (select 1 from ${tenderParticipants} tp where tp.tender_id = ${tenders.id} and tp.body_id = ${viewerBodyId}::uuid)`,
        ),
      ),
    );
  return row;
}

async function isParticipant(tenderId: string, bodyId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ bodyId: tenderParticipants.bodyId })
    .from(tenderParticipants)
    .where(and(eq(tenderParticipants.tenderId, tenderId), eq(tenderParticipants.bodyId, bodyId)));
  return row !== undefined;
}

/**
 * The split of a published tender's awarded lots for the viewer's body. Undefined when the
 * viewer's body neither leads nor takes part, or when `bodyId` names a body the viewer may not
 * see (any other body for a non-lead; a non-participant for the lead). `bodyId` narrows the
 * lead's view to one body (its export), `page` to some bodies (a page of its overview; the lots'
 * totals stay every body's). The lines are not in it: `splitLineChunks` streams them.
 */
export async function splitForTender({
  tenderId,
  viewerBodyId,
  bodyId,
  page,
}: {
  tenderId: string;
  viewerBodyId: string;
  bodyId?: string;
  /** the lead's view only: the bodies of one page (listSplitParticipants) */
  page?: string[];
}): Promise<TenderSplit | undefined> {
  if (!isUuid(tenderId) || !isUuid(viewerBodyId)) return undefined;
  if (bodyId !== undefined && !isUuid(bodyId)) return undefined;
  if (page !== undefined && !page.every(isUuid)) return undefined;
  const tender = await loadTenderForViewer(tenderId, viewerBodyId);
  if (!tender) return undefined;
  const isLead = tender.leadBodyId === viewerBodyId;
  if (!isLead && bodyId !== undefined && bodyId !== viewerBodyId) return undefined;
  if (isLead && bodyId !== undefined && !(await isParticipant(tenderId, bodyId))) return undefined;
  // null = every body (the lead's overview); a body's rows are read only by itself or the lead
  const scope: TenderSplit["scope"] =
    !isLead || bodyId !== undefined ? "body" : page !== undefined ? "page" : "all";
  const only: string[] | null =
    scope === "all" ? null : scope === "page" ? page! : [isLead ? bodyId! : viewerBodyId];

  const db = await getDb();
  const [structure, awarded] = await Promise.all([
    listTenderLots({ tenderId }),
    db
      .select({
        lotId: awards.lotId,
        awardedAt: awards.awardedAt,
        bidderName: bids.bidderName,
        bidderAddress: bids.bidderAddress,
      })
      .from(awards)
      .innerJoin(bids, eq(bids.id, awards.bidId))
      .where(eq(awards.tenderId, tenderId)),
  ]);
  const awardByLot = new Map(awarded.map((a) => [a.lotId, a]));

  const lots: SplitLot[] = [];
  const pendingLots: TenderSplit["pendingLots"] = [];
  const names = new Map<string, { name: string; ags: string | null }>();
  // Every awarded lot's split as stored at its award; only the visible bodies' rows are read.
  const awardedIds = structure.filter((lot) => awardByLot.has(lot.id)).map((lot) => lot.id);
  let splits = await readLotSplits({ tenderId, lotIds: awardedIds, bodyIds: only ?? undefined });
  if (splits.size < awardedIds.length) {
    // awarded before splits were stored (migration 0006): stored now, once
    const missing = awardedIds.filter((id) => !splits.has(id));
    await db
      .transaction((tx) => storeLotSplits(tx, { tenderId, lotIds: missing, now: new Date() }))
      .catch((error: unknown) => {
        // another request stored it first
        if (pgErrorCode(error) !== "23505") throw error;
      });
    splits = await readLotSplits({ tenderId, lotIds: awardedIds, bodyIds: only ?? undefined });
  }
  for (const lot of structure) {
    const award = awardByLot.get(lot.id);
    if (!award) {
      pendingLots.push({ number: lot.number, title: lot.title, label: lotLabel(lot) });
      continue;
    }
    const stored = splits.get(lot.id);
    const computed = stored ? splitLot({ tender, lot, award, stored }) : undefined;
    // A body without demand in this lot has nothing in it; the lead's overview shows every lot.
    if (computed && (scope !== "body" || computed.bodies.length > 0)) lots.push(computed);
  }

  // Names of the visible bodies only.
  const bodyIds = [...new Set(lots.flatMap((l) => l.bodies.map((b) => b.bodyId)))];
  if (bodyIds.length > 0) {
    // one array parameter, not one parameter per body (10,751 of them nationally)
    const rows = await db
      .select({ id: bodies.id, name: bodies.name, ags: bodies.ags })
      .from(bodies)
      .where(sql`${bodies.id} = any(${`{${bodyIds.join(",")}}`}::uuid[])`);
    for (const r of rows) names.set(r.id, { name: r.name, ags: r.ags });
  }
  const totals = new Map<string, { figures: SplitFigures; years: Map<number, BudgetYearDue> }>();
  for (const lot of lots) {
    for (const body of lot.bodies) {
      const known = names.get(body.bodyId);
      body.name = known?.name ?? "";
      body.ags = known?.ags ?? null;
      let total = totals.get(body.bodyId);
      if (!total)
        totals.set(body.bodyId, (total = { figures: { ...ZERO_FIGURES }, years: new Map() }));
      addFigures(total.figures, body);
      mergeYears(total.years, body.budgetYears);
    }
  }
  const bodyTotals: SplitBody[] = [...totals.entries()]
    .map(([id, t]) => ({
      ...t.figures,
      bodyId: id,
      name: names.get(id)?.name ?? "",
      ags: names.get(id)?.ags ?? null,
      isLead: id === tender.leadBodyId,
      budgetYears: sortedYears(t.years),
    }))
    .sort(byName);
  for (const lot of lots) lot.bodies.sort(byName);

  return {
    tender,
    viewer: { bodyId: viewerBodyId, isLead },
    scope,
    lots,
    pendingLots,
    bodies: bodyTotals,
    totals: lots.reduce((sum, lot) => (addFigures(sum, lot.totals), sum), { ...ZERO_FIGURES }),
    reconciliation: sumReconciliations(lots.map((l) => l.reconciliation)),
  };
}

// One collator for every comparison: localeCompare(…, "de") looks its collator up per call,
// which a national tender's 130,000 body rows per sort noticed.
const germanOrder = new Intl.Collator("de");

function byName(a: { name: string; bodyId: string }, b: { name: string; bodyId: string }) {
  return germanOrder.compare(a.name, b.name) || (a.bodyId < b.bodyId ? -1 : 1);
}

function sumReconciliations(list: Reconciliation[]): Reconciliation {
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
function splitLot({
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

/**
 * The visible bodies' lines of a lot, chunk by chunk, with what the exports show: item, unit
 * price, cents, accounts and – per line – its budget years. Bounded memory for a national lot.
 */
export async function* splitLineChunks(
  split: TenderSplit,
  lot: SplitLot,
  { batch }: { batch?: number } = {},
): AsyncGenerator<SplitLine[]> {
  const items = new Map(lot.items.map((i) => [i.itemId, i]));
  const years = lineYears(lot.category, split.tender);
  const only = visibleBody(split);
  if (only === null) return;
  for await (const chunk of lotSplitLines({ lotId: lot.id, bodyId: only, batch })) {
    yield chunk.map((line) => {
      const item = items.get(line.itemId)!;
      const gross = line.netCents + line.vatCents;
      return {
        ref: line.ref,
        bodyId: line.bodyId,
        itemId: line.itemId,
        itemName: item.name,
        cpvCode: item.cpvCode,
        unit: item.unit,
        quantity: line.quantity,
        unitPrice: item.unitPrice,
        netCents: line.netCents,
        vatRateBp: item.vatRateBp,
        vatCents: line.vatCents,
        grossCents: gross,
        costCentre: line.costCentre,
        product: line.product,
        ledgerAccount: line.ledgerAccount,
        deliveryAddress: line.deliveryAddress,
        budgetYears: years(gross),
      };
    });
  }
}

/** A body of the lead's overview: who it is and whether it matches the search. */
export type SplitParticipant = { bodyId: string; name: string; ags: string | null };

/**
 * The bodies of the awarded lots' stored splits, in German name order, for the lead's paged
 * overview; `search` keeps those whose name or AGS contains it. Undefined for anyone but the
 * lead's viewer.
 */
export async function listSplitParticipants({
  tenderId,
  viewerBodyId,
  search = "",
}: {
  tenderId: string;
  viewerBodyId: string;
  search?: string;
}): Promise<SplitParticipant[] | undefined> {
  if (!isUuid(tenderId) || !isUuid(viewerBodyId)) return undefined;
  const db = await getDb();
  const [lead] = await db
    .select({ id: tenders.id })
    .from(tenders)
    .where(
      and(
        eq(tenders.id, tenderId),
        eq(tenders.leadBodyId, viewerBodyId),
        eq(tenders.status, "published"),
      ),
    );
  if (!lead) return undefined;
  const needle = search.trim().toLocaleLowerCase("de-DE");
  const rows = await queryRows<{ id: string; name: string; ags: string | null }>(
    db,
    sql`select b.id::text as id, b.name, b.ags from bodies b
         where b.id in (select sb.body_id from split_bodies sb
                          join lot_splits ls on ls.lot_id = sb.lot_id
                         where ls.tender_id = ${tenderId})`,
  );
  return rows
    .filter(
      (r) =>
        needle === "" ||
        r.name.toLocaleLowerCase("de-DE").includes(needle) ||
        (r.ags ?? "").includes(needle),
    )
    .map((r) => ({ bodyId: r.id, name: r.name, ags: r.ags }))
    .sort(byName);
}

/** How many lines the split's files hold (the visible bodies' lines of every lot). */
export function countSplitLines(split: TenderSplit): number {
  let n = 0;
  for (const lot of split.lots) for (const lines of lot.lineCounts.values()) n += lines;
  return n;
}

/** undefined: every body (the lead's full view); null: nobody (an empty body scope). */
function visibleBody(split: TenderSplit): string | undefined | null {
  if (split.scope === "all") return undefined;
  if (split.scope === "page") throw new Error("a page of the lead's view has no files");
  return split.bodies[0]?.bodyId ?? null;
}

/**
 * The visible lines of a lot as CSV rows (CRLF after each), formatted and streamed by the
 * database; the caller formats the per-item fields (`lotCsvRows`).
 */
export async function* splitLineCsvRows(
  split: TenderSplit,
  lot: SplitLot,
  format: Omit<Parameters<typeof lotCsvRows>[1], "bodyId">,
): AsyncGenerator<{ text: string; rows: number }> {
  const only = visibleBody(split);
  if (only === null) return;
  yield* lotCsvRows(lot.id, { ...format, bodyId: only });
}

/** A line's budget years; licences through the table of budgetYearTable (a million lines). */
function lineYears(
  category: ItemCategory,
  tender: Pick<SplitTender, "contractStart" | "termMonths">,
): (grossCents: number) => { year: number; cents: number }[] {
  if (category !== "license") {
    const year = parseIsoDate(tender.contractStart, "Vertragsbeginn").year;
    return (cents) => [{ year, cents }];
  }
  const spread = licenceSpread(tender);
  const table = budgetYearTable(spread, tender.termMonths);
  const m = tender.termMonths;
  return (cents) => {
    const whole = Math.floor(cents / m);
    const rest = table.rest[cents % m]!;
    return table.years.map((year, j) => ({ year, cents: whole * table.months[j]! + rest[j]! }));
  };
}

/** Every visible line of the split, lot by lot: for one body's file (a few hundred lines). */
export async function collectSplitLines(split: TenderSplit): Promise<Map<string, SplitLine[]>> {
  const result = new Map<string, SplitLine[]>();
  for (const lot of split.lots) {
    const lines: SplitLine[] = [];
    for await (const chunk of splitLineChunks(split, lot)) lines.push(...chunk);
    result.set(lot.id, lines);
  }
  return result;
}

export type SplitTenderSummary = {
  id: string;
  referenceNumber: string;
  title: string;
  leadBodyName: string;
  isLead: boolean;
  participates: boolean;
  lots: number;
  awardedLots: number;
  participants: number;
  lastAwardedAt: Date;
};

/** Published tenders with at least one award that the body leads or takes part in, newest first. */
export async function listSplitTenders({
  bodyId,
}: {
  bodyId: string;
}): Promise<SplitTenderSummary[]> {
  if (!isUuid(bodyId)) return [];
  const db = await getDb();
  const rows = await db
    .select({
      id: tenders.id,
      referenceNumber: tenders.referenceNumber,
      title: tenders.title,
      leadBodyId: tenders.leadBodyId,
      leadBodyName: bodies.name,
      participates: sql<boolean>`exists (select 1 from ${tenderParticipants} tp where tp.tender_id = ${tenders.id} and tp.body_id = ${bodyId}::uuid)`,
      lots: sql<number>`(select count(*)::int from lots l where l.tender_id = ${tenders.id})`,
      awardedLots: sql<number>`(select count(*)::int from awards a where a.tender_id = ${tenders.id})`,
      participants: sql<number>`(select count(*)::int from ${tenderParticipants} tp where tp.tender_id = ${tenders.id})`,
      lastAwardedAt: sql<Date>`(select max(a.awarded_at) from awards a where a.tender_id = ${tenders.id})`,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(
      and(
        eq(tenders.status, "published"),
        sql`exists (select 1 from awards a where a.tender_id = ${tenders.id})`,
        or(
          eq(tenders.leadBodyId, bodyId),
          sql`exists (select 1 from ${tenderParticipants} tp where tp.tender_id = ${tenders.id} and tp.body_id = ${bodyId}::uuid)`,
        ),
      ),
    );
  return rows
    .map((r) => ({
      id: r.id,
      referenceNumber: r.referenceNumber,
      title: r.title,
      leadBodyName: r.leadBodyName,
      isLead: r.leadBodyId === bodyId,
      participates: Boolean(r.participates),
      lots: Number(r.lots),
      awardedLots: Number(r.awardedLots),
      participants: Number(r.participants),
      lastAwardedAt: new Date(r.lastAwardedAt),
    }))
    .sort(
      (a, b) =>
        b.lastAwardedAt.getTime() - a.lastAwardedAt.getTime() ||
        a.title.localeCompare(b.title, "de"),
    );
}

export type DueTender = {
  tenderId: string;
  referenceNumber: string;
  title: string;
  leadBodyName: string;
  awardedLots: number;
  lots: number;
  totalCents: number;
  years: BudgetYearDue[];
};

/**
 * What the body owes per budget year, for every awarded tender it takes part in (its own
 * figures only, also when it leads). For the treasurer's dashboard and the list of splits.
 */
export async function dueByBudgetYear({ bodyId }: { bodyId: string }): Promise<DueTender[]> {
  const tendersOfBody = (await listSplitTenders({ bodyId })).filter((t) => t.participates);
  const result: DueTender[] = [];
  for (const t of tendersOfBody) {
    const split = await splitForTender({ tenderId: t.id, viewerBodyId: bodyId, bodyId });
    const own = split?.bodies.find((b) => b.bodyId === bodyId);
    if (!split || !own) continue;
    result.push({
      tenderId: t.id,
      referenceNumber: t.referenceNumber,
      title: t.title,
      leadBodyName: t.leadBodyName,
      awardedLots: t.awardedLots,
      lots: t.lots,
      totalCents: own.grossCents,
      years: own.budgetYears,
    });
  }
  return result;
}

/** Every download of a split is an audit event of the tender (§ 8 VgV record). */
export async function recordSplitExport({
  tenderId,
  viewerBodyId,
  actorUserId,
  format,
  exportedFor,
}: {
  tenderId: string;
  viewerBodyId: string;
  actorUserId: string;
  format: "xlsx" | "csv";
  /** the body's name, or "alle Körperschaften" for the lead's full export */
  exportedFor: string;
}) {
  await recordAuditEvent(null, {
    actorUserId,
    bodyId: viewerBodyId,
    action: "tender.split_exported",
    subjectType: "tender",
    subjectId: tenderId,
    data: { format, exportedFor },
  });
}
