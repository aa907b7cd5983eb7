// § 134 GWB above the EU threshold: before the award the office informs every unsuccessful bidder
// (the winner's name, why their bid loses, the earliest date of the contract); sending starts the
// standstill (10 calendar days electronically, 15 otherwise) and the award waits for its end
// (decision 023). The letters are DOCX files written from the ranking the information was based
// on; bids cannot change once the information is sent (bid-locks.server.ts).
import { getDb } from "#db/client";
import { standstillEnd } from "~/domain/deadlines";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { lifecycleStatusLabels, standstillEndText } from "~/domain/lifecycle";
import { formatEuro } from "~/domain/money";
import { formatBerlinDate } from "~/kit/dates";
import { notFound } from "~/kit/http/responses.server";

import { fileNameSlug } from "~/modules/demand/index.server";
import { isEuWide, type LotLifecycle, listLotLifecycles } from "~/modules/tender/index.server";
import {
  type BidChoice,
  choiceReason,
  type LotRanking,
  rankLot,
  rankStoredForLot,
} from "./award.server";
import { lockOpenLotSteps, lockTenderForBids, requireLeadProcurement } from "./bid-locks.server";
import { AWARD_REASON_MIN } from "./forms";
import { type InformationLetter, writeInformationLetter } from "./information-letter.server";
import { lotLabel } from "./tender-lots.server";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

type LotScope = { tenderId: string; lotId: string; leadBodyId: string };

/**
 * Sends the § 134 GWB information for a lot in the Wertung: names `bidId` as the winner (any bid
 * but the best-ranked needs a reason), records the sending and starts the standstill. Sending
 * again (after a new Wertung) starts it again. Below the EU threshold there is nothing to send.
 */
export async function informBidders(choice: BidChoice & { electronic: boolean }): Promise<void> {
  const { tenderId, lotId, leadBodyId, actorUserId, bidId, electronic } = choice;
  const now = choice.now ?? new Date();
  const why = choiceReason(choice);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requireLeadProcurement(tx, actorUserId, leadBodyId);
    const tender = await lockTenderForBids(tx, { tenderId, leadBodyId, now });
    const euWide = isEuWide(tender.procedure);
    if (!euWide) {
      throw new DomainError(
        "Unterhalb des EU-Schwellenwerts gilt keine Informations- und Wartepflicht nach § 134 GWB; der Zuschlag kann direkt erteilt werden.",
      );
    }
    const { lot, step } = await lockOpenLotSteps(tx, {
      tender,
      lotId,
      leadBodyId,
      actorUserId,
      now,
    });
    const { ranked, unranked } = await rankStoredForLot(tx, { tenderId, lotId: lot.id });
    if (unranked.length > 0) {
      throw new DomainError(
        `${lotLabel(lot)}: Erst wenn alle Angebote gewertet sind, können die Bieter informiert werden (${unranked.map((u) => u.bidderName).join(", ")}: ${unranked[0]!.reason})`,
      );
    }
    const winner = ranked.find((r) => r.bidId === bidId);
    if (!winner) throw notFound();
    if (winner.rank !== 1 && why.length < AWARD_REASON_MIN) {
      throw new DomainError(
        `„${winner.bidderName}“ ist nicht das wirtschaftlichste Angebot (Rang ${winner.rank}). Bitte begründen Sie die Wahl (mindestens ${AWARD_REASON_MIN} Zeichen).`,
      );
    }
    await step(
      { type: "inform-bidders", sentAt: now, electronic },
      {
        informed: { bidId, reason: why },
        data: {
          winnerBidId: bidId,
          winnerName: winner.bidderName,
          reason: why,
          recipients: ranked
            .filter((r) => r.bidId !== bidId)
            .map((r) => ({ bidId: r.bidId, bidderName: r.bidderName, rank: r.rank })),
        },
      },
    );
  });
}

export type LotInformation = {
  euWide: boolean;
  status: string;
  statusLabel: string;
  sent: {
    sentAt: string;
    electronic: boolean;
    winnerBidId: string;
    winnerName: string;
    awardPossibleFrom: string;
    awardPossibleFromText: string;
    standstillDays: number;
    letters: { bidId: string; bidderName: string; href: string }[];
  } | null;
};

/** The lot's lifecycle and § 134 information as the evaluation and bids pages show them. */
export async function lotInformation(ranking: LotRanking): Promise<LotInformation> {
  const euWide = isEuWide(ranking.tender.procedure);
  const lifecycle = await lotLifecycleOf(ranking.tender.id, ranking.lot.id, euWide);
  return informationView(ranking, lifecycle, euWide);
}

async function lotLifecycleOf(tenderId: string, lotId: string, euWide: boolean) {
  const db = await getDb();
  const lifecycle = (await listLotLifecycles(db, { tenderId, euWide })).find(
    (l) => l.lotId === lotId,
  );
  if (!lifecycle) throw notFound();
  return lifecycle;
}

function informationView(
  ranking: LotRanking,
  lifecycle: LotLifecycle,
  euWide: boolean,
): LotInformation {
  const { information, status } = lifecycle.state;
  const winner = ranking.ranked.find((r) => r.bidId === lifecycle.informedBidId);
  const base = { euWide, status, statusLabel: lifecycleStatusLabels[status] };
  if (!information || !winner) return { ...base, sent: null };
  const standstill = standstillEnd(information);
  return {
    ...base,
    sent: {
      sentAt: information.sentAt.toISOString(),
      electronic: information.electronic,
      winnerBidId: winner.bidId,
      winnerName: winner.bidderName,
      awardPossibleFrom: standstill.awardPossibleFrom.toISOString(),
      awardPossibleFromText: standstillEndText(standstill),
      standstillDays: standstill.days,
      letters: ranking.ranked
        .filter((r) => r.bidId !== winner.bidId)
        .map((r) => ({
          bidId: r.bidId,
          bidderName: r.bidderName,
          href: `/ausschreibungen/${ranking.tender.id}/information/${ranking.lot.id}/${r.bidId}.docx`,
        })),
    },
  };
}

const points = (hundredths: number) =>
  (hundredths / 100).toLocaleString("de-DE", { minimumFractionDigits: 2 });

/** The letter to one unsuccessful bidder, from the ranking the information was based on. */
export async function informationLetter({
  bidId,
  ...scope
}: LotScope & { bidId: string }): Promise<{ fileName: string; bytes: Buffer } | undefined> {
  if (!isUuid(bidId)) return undefined;
  const ranking = await rankLot(scope);
  if (!ranking) return undefined;
  const euWide = isEuWide(ranking.tender.procedure);
  const lifecycle = await lotLifecycleOf(scope.tenderId, scope.lotId, euWide);
  const view = informationView(ranking, lifecycle, euWide);
  const recipient = ranking.ranked.find((r) => r.bidId === bidId);
  if (!view.sent || !recipient || recipient.bidId === view.sent.winnerBidId) return undefined;
  const winner = ranking.ranked.find((r) => r.bidId === view.sent!.winnerBidId)!;
  const n = ranking.ranked.length;
  const withQuality = ranking.tender.criteria === "price-quality" && ranking.criteria.length > 0;
  const reasons = [
    withQuality
      ? `Ihr Angebot liegt in der Wertung nach Preis und Qualität auf Rang ${recipient.rank} von ${n}: ${points(recipient.scoreHundredths)} Punkte gegenüber ${points(winner.scoreHundredths)} Punkten des erfolgreichen Angebots.`
      : `Ihr Angebot liegt in der Wertung nach dem Preis auf Rang ${recipient.rank} von ${n}: Wertungspreis ${formatEuro(recipient.evaluatedNetCents)} netto gegenüber ${formatEuro(winner.evaluatedNetCents)} netto des erfolgreichen Angebots.`,
  ];
  if (winner.rank !== 1 && lifecycle.informedReason) {
    reasons.push(
      `Der Zuschlag soll nicht auf das am besten bewertete Angebot gehen: ${lifecycle.informedReason}`,
    );
  }
  const standstill = standstillEnd(lifecycle.state.information!);
  const letter: InformationLetter = {
    date: formatBerlinDate(lifecycle.state.information!.sentAt),
    sender: ranking.tender.leadBodyName,
    recipient: { name: recipient.bidderName, address: recipient.bidderAddress },
    tender: { referenceNumber: ranking.tender.referenceNumber, title: ranking.tender.title },
    lotLabel: lotLabel(ranking.lot),
    winnerName: winner.bidderName,
    reasons,
    earliestContract: view.sent.awardPossibleFromText,
    standstillDays: standstill.days,
    citation: standstill.citation,
    electronic: lifecycle.state.information!.electronic,
  };
  return {
    fileName: `Information_134_GWB_Los_${ranking.lot.number}_${fileNameSlug(recipient.bidderName)}.docx`,
    bytes: await writeInformationLetter(letter),
  };
}

/** The letter as a download for the lead's Vergabestelle. */
export async function informationLetterResponse(
  scope: LotScope & { bidId: string },
): Promise<Response> {
  const letter = await informationLetter(scope);
  if (!letter) throw notFound();
  return new Response(new Uint8Array(letter.bytes), {
    headers: {
      "Content-Type": DOCX_TYPE,
      "Content-Disposition": `attachment; filename="${letter.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
