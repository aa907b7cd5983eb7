// The council paper's use cases: who may have it, and its figures, loaded through the other
// modules' doors and scoped by the caller's body. Only the body's Kämmerei (treasurer) and
// Beschaffer (officer) get it, and only for a tender or round their body takes part in;
// everyone else gets the 404 page (DESIGN.md "Who uses it"; decision 019).
import { type UserWithBody, getBody, requireRole } from "~/modules/access/index.server";
import { latestAwardedBands } from "~/modules/bids/index.server";
import {
  fileNameSlug,
  getRoundForInvitedBody,
  listDemandLines,
  listRoundItems,
  roundTotals,
} from "~/modules/demand/index.server";
import { collectSplitLines, recordSplitExport, splitForTender } from "~/modules/split/index.server";
import { isUuid } from "~/domain/ids";
import { itemCategoryLabels } from "~/domain/vocabulary";
import { formatBerlinDate, formatDeadline } from "~/kit/dates";
import { download, notFound } from "~/kit/http/responses.server";
import {
  type AwardPaper,
  type BudgetRow,
  DOCX_TYPE,
  type EstimatePaper,
  writeCouncilPaper,
} from "./council-paper.server";
import { estimateDemand } from "./estimate";

type TenderSplit = NonNullable<Awaited<ReturnType<typeof splitForTender>>>;

const PAPER_ROLES = ["treasurer", "officer"] as const;

async function bodyOf(user: UserWithBody) {
  const body = await getBody({ id: user.bodyId });
  if (!body) throw notFound();
  return body;
}

/** The body's amounts per Haushaltsjahr, Produkt and Sachkonto: its lines, then shared costs. */
async function budgetRowsOf(split: TenderSplit): Promise<BudgetRow[]> {
  const body = split.bodies[0]!;
  const linesByLot = await collectSplitLines(split);
  const rows = new Map<string, BudgetRow>();
  for (const lot of split.lots) {
    const what = itemCategoryLabels[lot.category];
    for (const line of linesByLot.get(lot.id) ?? []) {
      for (const { year, cents } of line.budgetYears) {
        const key = [year, line.product, line.ledgerAccount, what].join("\u0000");
        const row = rows.get(key) ?? {
          year,
          product: line.product,
          ledgerAccount: line.ledgerAccount,
          what,
          grossCents: 0,
        };
        row.grossCents += cents;
        rows.set(key, row);
      }
    }
  }
  const list = [...rows.values()];
  for (const y of body.budgetYears) {
    if (y.sharedCents !== 0) {
      list.push({
        year: y.year,
        product: "",
        ledgerAccount: "",
        what: "Gemeinkosten",
        grossCents: y.sharedCents,
      });
    }
  }
  return list.sort(
    (a, b) =>
      a.year - b.year ||
      Number(a.what === "Gemeinkosten") - Number(b.what === "Gemeinkosten") ||
      a.product.localeCompare(b.product, "de") ||
      a.ledgerAccount.localeCompare(b.ledgerAccount, "de") ||
      a.what.localeCompare(b.what, "de"),
  );
}

function docxResponse(fileName: string, bytes: Buffer): Response {
  return download(fileName, bytes, DOCX_TYPE);
}

/**
 * `GET /kosten/{tenderId}/beschlussvorlage.docx`: after the award, the body's real share – the
 * split's own figures, so to the cent those of its XLSX and CSV. A download is an audit event.
 */
export async function tenderCouncilPaper(
  request: Request,
  tenderId = "",
  now = new Date(),
): Promise<Response> {
  const user = await requireRole(request, [...PAPER_ROLES]);
  const split = await splitForTender({ tenderId, viewerBodyId: user.bodyId, bodyId: user.bodyId });
  const own = split?.bodies.find((b) => b.bodyId === user.bodyId);
  if (!split || !own || split.bodies.length !== 1) throw notFound();
  const body = await bodyOf(user);
  const years = await budgetRowsOf(split);
  // The paper states nothing the split does not: its years add up to what the body pays.
  const yearsTotal = years.reduce((s, y) => s + y.grossCents, 0);
  if (yearsTotal !== own.grossCents) {
    throw new Error(`council paper: years ${yearsTotal} ≠ share ${own.grossCents} cents`);
  }
  const paper: AwardPaper = {
    kind: "award",
    date: formatBerlinDate(now),
    body: { name: own.name, kind: body.kind, land: body.land },
    leadName: split.tender.leadBodyName,
    tender: {
      title: split.tender.title,
      referenceNumber: split.tender.referenceNumber,
      contractStart: split.tender.contractStart,
      termMonths: split.tender.termMonths,
    },
    lots: split.lots.map((lot) => ({ label: lot.label, supplier: lot.supplier.name })),
    pendingLots: split.pendingLots.length,
    figures: {
      goodsNetCents: own.goodsNetCents,
      sharedNetCents: own.sharedNetCents,
      vatCents: own.goodsVatCents + own.sharedVatCents,
      grossCents: own.grossCents,
      aloneNetCents: own.aloneNetCents,
      netSavingsCents: own.netSavingsCents,
    },
    years,
  };
  const bytes = await writeCouncilPaper(paper);
  await recordSplitExport({
    tenderId: split.tender.id,
    viewerBodyId: user.bodyId,
    actorUserId: user.id,
    format: "docx",
    exportedFor: own.name,
  });
  return docxResponse(
    `Beschlussvorlage_${fileNameSlug(split.tender.referenceNumber, 30)}_${fileNameSlug(own.name, 40)}.docx`,
    bytes,
  );
}

/**
 * `GET /bedarf/{roundId}/beschlussvorlage.docx`: before the tender, an estimate from the body's
 * entered demand. A body that is not invited, or has entered no demand, takes no part: 404.
 */
export async function roundCouncilPaper(
  request: Request,
  roundId = "",
  now = new Date(),
): Promise<Response> {
  const user = await requireRole(request, [...PAPER_ROLES]);
  const round = isUuid(roundId)
    ? await getRoundForInvitedBody({ roundId, bodyId: user.bodyId })
    : undefined;
  if (!round) throw notFound();
  const lines = await listDemandLines({ roundId, bodyId: user.bodyId });
  if (lines.length === 0) throw notFound();
  // The round's bundled quantity per item – the lead's consolidation, read with the round's
  // own lead now that the invitation is established. Only the band it reaches is printed,
  // never the total itself (a round of two would give the other body's quantity away).
  const [items, totals, body] = await Promise.all([
    listRoundItems({ roundId }),
    roundTotals({ roundId, leadBodyId: round.leadBodyId }),
    bodyOf(user),
  ]);
  const awarded = await latestAwardedBands({ itemIds: items.map((i) => i.id) });
  const bundled = new Map(totals.map((t) => [t.itemId, t.quantity]));
  const estimate = estimateDemand({
    items: items.map((i) => ({
      itemId: i.id,
      name: i.name,
      unit: i.unit,
      vatRateBp: i.vatRateBp,
      referencePrice: i.referencePrice,
      roundQuantity: bundled.get(i.id) ?? 0,
      awarded: awarded.get(i.id),
    })),
    lines,
  });
  const paper: EstimatePaper = {
    kind: "estimate",
    date: formatBerlinDate(now),
    body: { name: body.name, kind: body.kind, land: body.land },
    leadName: round.leadBodyName,
    round: {
      title: round.title,
      budgetYear: round.budgetYear,
      deadline: formatDeadline(round.deadline),
    },
    items: estimate.items,
    figures: estimate.totals,
    years: estimate.accounts.map((a) => ({
      year: round.budgetYear,
      product: a.product,
      ledgerAccount: a.ledgerAccount,
      what: "Schätzung",
      grossCents: a.grossCents,
    })),
  };
  const bytes = await writeCouncilPaper(paper);
  return docxResponse(
    `Beschlussvorlage_Schaetzung_${fileNameSlug(round.title, 30)}_${fileNameSlug(body.name, 40)}.docx`,
    bytes,
  );
}
