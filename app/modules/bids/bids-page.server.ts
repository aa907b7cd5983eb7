// The bids page (Angebote) of a tender's lead: what it shows, and what its forms do (upload a
// price sheet, type in a bid, delete a bid, give quality points). The route only names the user.
import { DomainError } from "~/domain/errors";
import { confirmationNeeded } from "~/kit/confirmation";
import { nestFormData, parseFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";
import { badRequest, notFound, type PageOutcome } from "~/kit/http/responses.server";
import { MAX_UPLOAD_BYTES, readUploadedFile } from "~/kit/http/upload.server";
import { formatProblem } from "~/kit/spreadsheet/xlsx-reader.server";

import { listBids } from "./bid-queries.server";
import { deleteBid, recordBid, setBidQualityPoints } from "./bid.server";
import {
  BID_CONFIRMATIONS,
  type BidsPageResult,
  deleteBidSchema,
  PRICE_SHEET_FIELD,
  qualityPointsSchema,
  typedBidSchema,
} from "./forms";
import { importPriceSheetUpload } from "./price-sheet-upload.server";
import {
  type BidTender,
  getPublishedTenderForLead,
  listQualityCriteria,
  lotLabel,
} from "./tender-lots.server";

type Lead = { id: string; bodyId: string };

async function leadTender(tenderId: string, user: Lead): Promise<BidTender> {
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId: user.bodyId });
  if (!tender) throw notFound();
  return tender;
}

/**
 * After bids were entered: the bidder's name and number of bids as the database has them. The
 * query only names whom to look up, so a link cannot make the page say anything else.
 */
function registeredNotice(
  lotBids: { bids: { bidderName: string }[] }[],
  bidder: string | null,
): string {
  const count = lotBids.flatMap((l) => l.bids).filter((b) => b.bidderName === bidder).length;
  return count > 0 ? `${count} Angebot(e) von „${bidder}“ erfasst.` : "Das Angebot wurde erfasst.";
}

/** The bids page of the tender's lead; 404 for anyone else. */
export async function loadBidsPage({
  tenderId,
  user,
  url,
}: {
  tenderId: string;
  user: Lead;
  url: URL;
}) {
  const tender = await leadTender(tenderId, user);
  const [lotBids, criteria] = await Promise.all([
    listBids({ tenderId: tender.id, leadBodyId: user.bodyId }),
    listQualityCriteria({ tenderId: tender.id }),
  ]);
  return {
    tender: {
      id: tender.id,
      title: tender.title,
      referenceNumber: tender.referenceNumber,
      submissionDeadline: tender.submissionDeadline.toISOString(),
    },
    deadlinePassed: Date.now() >= tender.submissionDeadline.getTime(),
    criteria:
      tender.criteria === "price-quality" ? criteria.map((c) => ({ id: c.id, name: c.name })) : [],
    notice: url.searchParams.get("erfasst")
      ? registeredNotice(lotBids ?? [], url.searchParams.get("bieter"))
      : url.searchParams.get("geloescht")
        ? "Das Angebot wurde gelöscht."
        : url.searchParams.get("punkte")
          ? "Die Qualitätspunkte wurden gespeichert."
          : null,
    maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    lots: (lotBids ?? []).map(({ lot, bids, awardedBidId }) => ({
      id: lot.id,
      number: lot.number,
      label: lotLabel(lot),
      awarded: awardedBidId !== null,
      items: lot.items.map((item) => ({
        itemId: item.itemId,
        name: item.name,
        unit: item.unit,
        bundledQuantity: item.bundledQuantity,
        bands: item.bandMinQty,
      })),
      bids: bids.map((b) => ({
        id: b.id,
        bidderName: b.bidderName,
        bidderAddress: b.bidderAddress,
        source: b.source,
        createdAt: b.createdAt.toISOString(),
        prices: b.prices,
        awarded: b.awarded,
        qualityComplete: b.qualityComplete,
      })),
    })),
  };
}

const pointsOf = (quality: { criterionId: string; points: number }[]) =>
  Object.fromEntries(quality.map((q) => [q.criterionId, q.points]));

/** A post to the bids page: a price sheet (multipart) or one of its forms (by `intent`). */
export async function actOnBidsPage({
  request,
  tenderId,
  user,
}: {
  request: Request;
  tenderId: string;
  user: Lead;
}): Promise<PageOutcome<BidsPageResult>> {
  const tender = await leadTender(tenderId, user);
  const base = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  const here = `/ausschreibungen/${tender.id}/angebote`;
  const answer = (result: BidsPageResult, status: number) => ({ result, status });
  const registered = (count: number, bidder: string) => ({
    redirect: `${here}?${new URLSearchParams({ erfasst: String(count), bieter: bidder }).toString()}`,
  });

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUploadedFile(request, { field: PRICE_SHEET_FIELD });
    if (!upload.ok) {
      return answer({ form: "upload", fileError: upload.message, problems: [] }, upload.status);
    }
    const result = await importPriceSheetUpload({
      tenderId: tender.id,
      actor: { userId: user.id, bodyId: user.bodyId },
      bytes: upload.bytes,
      fileName: upload.fileName,
    });
    if (!result.ok) {
      const problems = result.problems.map(formatProblem);
      return answer({ form: "upload", fileError: null, problems }, result.status);
    }
    return registered(result.bids.length, result.bidderName);
  }

  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "typed") {
    const values = nestFormData(formData);
    const lotId = typeof values.lotId === "string" ? values.lotId : "";
    const parsed = await parseFormData(request, typedBidSchema, formData);
    if (!parsed.ok) {
      return answer(
        { form: "typed", lotId, fieldErrors: parsed.fieldErrors, message: null, values },
        400,
      );
    }
    try {
      await recordBid({
        ...base,
        lotId: parsed.data.lotId,
        bidderName: parsed.data.bidderName,
        bidderAddress: parsed.data.bidderAddress,
        prices: parsed.data.prices,
        qualityPoints:
          tender.criteria === "price-quality" ? pointsOf(parsed.data.quality) : undefined,
        source: "typed",
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return answer({ form: "typed", lotId, fieldErrors: {}, message: error.message, values }, 409);
    }
    return registered(1, parsed.data.bidderName);
  }

  if (intent === "delete" || intent === "quality") {
    const bidId = String(formData.get("bidId") ?? "");
    try {
      if (intent === "delete") {
        const parsed = await parseFormData(request, deleteBidSchema, formData);
        if (!parsed.ok) throw badRequest();
        const confirmation = confirmationNeeded(formData, BID_CONFIRMATIONS.delete);
        if (confirmation) return answer({ form: "confirm", confirmation }, 200);
        await deleteBid({ ...base, bidId: parsed.data.bidId });
        return { redirect: `${here}?geloescht=1` };
      }
      const parsed = await parseFormData(request, qualityPointsSchema, formData);
      if (!parsed.ok) {
        return answer({ form: "bid", bidId, fieldErrors: parsed.fieldErrors, message: null }, 400);
      }
      await setBidQualityPoints({
        ...base,
        bidId: parsed.data.bidId,
        qualityPoints: pointsOf(parsed.data.quality),
      });
      return { redirect: `${here}?punkte=1` };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return answer({ form: "bid", bidId, fieldErrors: {}, message: error.message }, 409);
    }
  }
  // Also where an upload arrives without its multipart encoding.
  throw new Response(
    "Unbekannte Aktion: Die Anfrage enthält weder eine Datei noch ein Formular dieser Seite. Bitte laden Sie die Seite neu.",
    { status: 400 },
  );
}
