// The data of the split page (/kosten/:tenderId): the viewer's part of the split, shaped for the
// page (figures with their savings, the lots, the paging of the lead's overview).
import { splitFigures } from "~/domain/cost-split";
import { pricingLabels } from "~/domain/vocabulary";

import { callOffYears } from "~/modules/calloffs/index.server";

import { requireSplitView } from "./split-access.server";
import { type SplitBody } from "./split-view.server";

function bodyRow(b: SplitBody) {
  return {
    bodyId: b.bodyId,
    name: b.name,
    isLead: b.isLead,
    ...splitFigures(b),
    budgetYears: b.budgetYears,
  };
}

/** The page's data for the viewer behind `request`; 404 for anyone who may not see the split. */
export async function loadSplitPage(
  request: Request,
  tenderId: string | undefined,
  { search, page }: { search: string; page: number },
) {
  const { user, split, paging } = await requireSplitView(request, tenderId, { search, page });
  const { tender } = split;
  const own = split.bodies.find((b) => b.bodyId === user.bodyId);
  const ownFigures = own ? splitFigures(own) : null;
  const ownBodyId = !split.viewer.isLead ? split.bodies[0]?.bodyId : undefined;
  // a framework's call-offs per Haushaltsjahr: the viewer's body's, or for the lead every body's
  const callOffs = tender.framework
    ? await callOffYears({
        tenderId: tender.id,
        bodyId: split.viewer.isLead ? undefined : (ownBodyId ?? user.bodyId),
      })
    : null;
  // with goods billed centrally, the invoices also exist per Haushaltsjahr (decision 031): the
  // contract's first year (award rows) and every year with call-offs
  const invoiceYears =
    tender.goodsBilling === "lead" && callOffs && callOffs.length > 0
      ? [...new Set([Number(tender.contractStart.slice(0, 4)), ...callOffs.map((y) => y.year)])]
      : [];
  return {
    tender: {
      id: tender.id,
      title: tender.title,
      referenceNumber: tender.referenceNumber,
      leadBodyName: tender.leadBodyName,
      pricing: pricingLabels[tender.pricing],
      contractStart: tender.contractStart,
      termMonths: tender.termMonths,
    },
    callOffs,
    isLead: split.viewer.isLead,
    ownBodyId: user.bodyId,
    ownParticipates: split.bodies.some((b) => b.bodyId === user.bodyId),
    lots: split.lots.map((lot) => ({
      id: lot.id,
      label: lot.label,
      category: lot.category,
      supplier: lot.supplier.name,
      awardedAt: lot.awardedAt.toISOString(),
      invoice: lot.invoice,
      goodsDescription: lot.goodsDescription,
      sharedCosts: lot.sharedCosts.map((c) => ({ id: c.id, description: c.description })),
      reconciliation: lot.reconciliation,
      bodies: lot.bodies.map(bodyRow),
      totals: splitFigures(lot.totals),
    })),
    pendingLots: split.pendingLots,
    bodies: split.bodies.map(bodyRow),
    totals: splitFigures(split.totals),
    paging,
    reconciliation: split.reconciliation,
    // The XRechnung downloads the viewer may take (decision 016): a participating body's own
    // invoice from the lead when the lead bills it anything, and the lead's ZIP of all of them.
    invoices: {
      own:
        !split.viewer.isLead &&
        ownFigures !== null &&
        (tender.goodsBilling === "lead" ||
          ownFigures.sharedNetCents + ownFigures.sharedVatCents !== 0),
      all: split.viewer.isLead && split.bodies.some((b) => !b.isLead),
      years: invoiceYears.sort((a, b) => a - b),
    },
  };
}
