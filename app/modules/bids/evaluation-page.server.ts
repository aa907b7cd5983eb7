// The evaluation page (Wertung) of one lot for the tender's lead: the ranking, the arithmetic,
// the split a bid would give (after the award: the split stored with it), and its two forms
// (switch the lot's shared costs to the savings key, award). The route only names the user.
import { termCents } from "~/domain/budget-years";
import { DomainError } from "~/domain/errors";
import { confirmationNeeded } from "~/kit/confirmation";
import { parseFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";
import { notFound, type PageOutcome } from "~/kit/http/responses.server";

import { listLotBodies, lotSplit, readLotSplits } from "~/modules/split/index.server";
import { listSharedCosts } from "~/modules/tender/index.server";
import { awardLot, rankLot, switchLotToSavingsKey } from "./award.server";
import {
  AWARD_REASON_MIN,
  awardSchema,
  BID_CONFIRMATIONS,
  type EvaluationPageResult,
} from "./forms";
import { informBidders, lotInformation } from "./information.server";
import { getPublishedTenderForLead, lotLabel } from "./tender-lots.server";

type Lead = { id: string; bodyId: string };
type Scope = { tenderId: string; lotId: string; user: Lead };

async function leadRanking({ tenderId, lotId, user }: Scope) {
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId: user.bodyId });
  const ranking = tender ? await rankLot({ tenderId, lotId, leadBodyId: user.bodyId }) : undefined;
  if (!ranking) throw notFound();
  return ranking;
}

/** The evaluation page of a lot; `?angebot=` names the bid whose split it previews. */
export async function loadEvaluationPage({ url, ...scope }: Scope & { url: URL }) {
  const ranking = await leadRanking(scope);
  const { tender, lot, ranked, unranked, award, criteria } = ranking;
  const asked = url.searchParams.get("angebot");
  const best = ranked[0]?.bidId ?? null;
  const previewBidId =
    award?.bidId ?? (ranked.some((r) => r.bidId === asked) ? asked : best) ?? null;
  // After the award the split as stored with it (decision 010); before, a preview of the bid.
  const preview = async () =>
    (award
      ? (await readLotSplits({ tenderId: tender.id, lotIds: [lot.id] })).get(lot.id)
      : undefined) ??
    (previewBidId
      ? await lotSplit({ tenderId: tender.id, lotId: lot.id, bidId: previewBidId })
      : undefined);
  const [split, bodies, costs, information] = await Promise.all([
    preview(),
    listLotBodies({ tenderId: tender.id, lotId: lot.id }),
    listSharedCosts({ tenderId: tender.id, leadBodyId: scope.user.bodyId }),
    lotInformation(ranking),
  ]);
  const names = new Map(bodies.map((b) => [b.id, b.name]));
  const lotCosts = costs.filter((c) => c.lotId === lot.id);
  return {
    tender: {
      id: tender.id,
      title: tender.title,
      referenceNumber: tender.referenceNumber,
      pricing: tender.pricing,
      qualityCriteria:
        tender.criteria === "price-quality"
          ? criteria.map((c) => ({ id: c.id, name: c.name, weightBp: c.weightBp }))
          : [],
      priceWeightBp: tender.priceWeightBp,
    },
    // Licences are priced per seat and year: the page adds each bid's price over the term (every
    // bid of the lot scaled alike, so the ranking per year is the ranking over the term).
    lot: {
      id: lot.id,
      label: lotLabel(lot),
      termMonths: lot.category === "license" ? tender.termMonths : null,
    },
    ranked: ranked.map((r) => ({
      bidId: r.bidId,
      bidderName: r.bidderName,
      rank: r.rank,
      evaluatedPrice: r.evaluatedPrice,
      evaluatedNetCents: r.evaluatedNetCents,
      termNetCents:
        lot.category === "license"
          ? Number(termCents(BigInt(r.evaluatedPrice), tender.termMonths))
          : null,
      pricePointsHundredths: r.pricePointsHundredths,
      scoreHundredths: r.scoreHundredths,
      qualityPoints: r.qualityPoints,
      items: r.items,
    })),
    unranked,
    best,
    information,
    award: award ? { ...award, awardedAt: award.awardedAt.toISOString() } : null,
    preview: split
      ? {
          bidId: previewBidId!,
          bidderName: ranked.find((r) => r.bidId === previewBidId)?.bidderName ?? "",
          invoice: split.invoice,
          bodies: split.bodies
            .map((b) => ({ ...b, name: names.get(b.bodyId) ?? b.bodyId }))
            .sort((a, b) => a.name.localeCompare(b.name, "de")),
          shared: lotCosts.map((c) => {
            const shares = split.shared.filter((s) => s.costId === c.id);
            const sum = (pick: (s: (typeof shares)[number]) => number) =>
              shares.reduce((total, s) => total + pick(s), 0);
            return {
              id: c.id,
              label: c.label,
              key: c.key,
              payers: c.payers,
              netCents: sum((s) => s.netCents),
              vatCents: sum((s) => s.vatCents),
              grossCents: sum((s) => s.grossCents),
            };
          }),
        }
      : null,
    allSavingsKey: lotCosts.every((c) => c.key === "savings"),
    hasSharedCosts: lotCosts.length > 0,
    notice: url.searchParams.get("schluessel")
      ? "Die Gemeinkosten dieses Loses werden jetzt nach der Ersparnis verteilt."
      : null,
  };
}

/** A post to the evaluation page: `intent` savings-key or award. */
export async function actOnEvaluationPage({
  request,
  ...scope
}: Scope & { request: Request }): Promise<PageOutcome<EvaluationPageResult>> {
  const ranking = await leadRanking(scope);
  const base = {
    tenderId: ranking.tender.id,
    lotId: ranking.lot.id,
    leadBodyId: scope.user.bodyId,
    actorUserId: scope.user.id,
  };
  const here = `/ausschreibungen/${base.tenderId}/wertung/${base.lotId}`;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  try {
    if (intent === "savings-key") {
      await switchLotToSavingsKey(base);
      return { redirect: `${here}?schluessel=1#nutzen` };
    }
    if (intent === "award" || intent === "inform") {
      const parsed = await parseFormData(request, awardSchema, formData);
      if (!parsed.ok)
        return { result: { fieldErrors: parsed.fieldErrors, message: null }, status: 400 };
      const chosen = ranking.ranked.find((r) => r.bidId === parsed.data.bidId);
      if (chosen && chosen.rank !== 1 && parsed.data.reason.length < AWARD_REASON_MIN) {
        const reason = `„${chosen.bidderName}“ ist nicht das wirtschaftlichste Angebot (Rang ${chosen.rank}). Bitte begründen Sie den Zuschlag (mindestens ${AWARD_REASON_MIN} Zeichen).`;
        return { result: { fieldErrors: { reason }, message: null }, status: 400 };
      }
      const confirmation = confirmationNeeded(formData, BID_CONFIRMATIONS[parsed.data.intent]);
      if (confirmation)
        return { result: { fieldErrors: {}, message: null, confirmation }, status: 200 };
      if (parsed.data.intent === "inform") {
        await informBidders({
          ...base,
          bidId: parsed.data.bidId,
          reason: parsed.data.reason,
          electronic: parsed.data.electronic === "ja",
        });
        return { redirect: `${here}#information` };
      }
      await awardLot({ ...base, bidId: parsed.data.bidId, reason: parsed.data.reason });
      return { redirect: `${here}?zuschlag=1` };
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { result: { fieldErrors: {}, message: error.message }, status: 409 };
  }
  throw new Response("Unbekannte Aktion", { status: 400 });
}
