// Builds a published joint tender on the current test database: a closed round with demand from
// three bodies, bundled into two lots. Shared by the tender, publication and bid/award tests;
// keep the signature of `makePublishedTender` stable. Built through the product's own model
// functions: create, edit lots and bands, shared costs, procedure choice, publish.
import { saveDemandForm } from "~/modules/demand/index.server";
import { changeRoundStatus } from "~/modules/demand/index.server";
import {
  addSharedCost,
  berlinIsoDate,
  createTender,
  listLots,
  publishTender,
  recordProcedureChoice,
  renameLot,
  setItemBands,
  splitLot,
  tenderAdvice,
} from "~/modules/tender/index.server";

import { line, makeOpenRound } from "./rounds";

const DAY = 24 * 3600 * 1000;

export type PublishedTenderOptions = {
  /**
   * Default: one day before `now` (bids can be recorded at once). Must lie after the tender's
   * publication, 30 days before `now` + 2 hours.
   */
  submissionDeadline?: Date;
  pricing?: "all-units" | "incremental";
  framework?: boolean;
  /** a framework's reserve for call-offs (basis points) */
  callOffReserveBp?: number;
  goodsBilling?: "supplier" | "lead";
  termMonths?: number;
  /** Defaults to the current time; the round ran 30 days before it (40 for "eu-open"). */
  now?: Date;
  /** Default "national-public"; "eu-open" makes § 134 GWB apply (decision 023). */
  procedure?: "national-public" | "eu-open";
  /** Stop before publishing: a draft with lots, bands, shared costs and a procedure. */
  draft?: boolean;
};

/**
 * Demand (item index → quantities): body 0 orders item 0 on two cost centres.
 * Bundled: item 0 = 750, item 1 = 170, item 2 = 25. Lot 1 = items 0 and 1, lot 2 = item 2.
 */
export const FACTORY_DEMAND: {
  body: number;
  item: number;
  quantity: number;
  costCentre: string;
}[] = [
  { body: 0, item: 0, quantity: 250, costCentre: "10" },
  { body: 0, item: 0, quantity: 150, costCentre: "20" },
  { body: 0, item: 1, quantity: 50, costCentre: "" },
  { body: 0, item: 2, quantity: 20, costCentre: "" },
  { body: 1, item: 0, quantity: 300, costCentre: "" },
  { body: 1, item: 1, quantity: 120, costCentre: "" },
  { body: 2, item: 0, quantity: 50, costCentre: "" },
  { body: 2, item: 2, quantity: 5, costCentre: "" },
];

export const FACTORY_BANDS = [0, 100, 1000];

export async function makePublishedTender(options: PublishedTenderOptions = {}) {
  const now = options.now ?? new Date();
  // An EU-wide procedure needs 30 days for offers (§ 15 VgV): its round runs 40 days before.
  const roundStart = new Date(now.getTime() - (options.procedure === "eu-open" ? 40 : 30) * DAY);
  const round = await makeOpenRound({ invited: 3, items: 3, now: roundStart, deadlineInMs: DAY });
  const { roundId, leadBodyId, lead, bodyIds, officers, itemIds } = round;
  for (let b = 0; b < bodyIds.length; b++) {
    const result = await saveDemandForm({
      roundId,
      actor: { userId: officers[b]!.id, bodyId: bodyIds[b]! },
      lines: FACTORY_DEMAND.filter((d) => d.body === b).map((d) =>
        line(itemIds[d.item]!, d.quantity, d.costCentre),
      ),
      deleted: [],
      now: roundStart,
    });
    if (!result.ok) throw new Error("Demand could not be saved");
  }
  await changeRoundStatus({
    roundId,
    leadBodyId,
    actorUserId: lead.id,
    transition: "close",
    now: new Date(roundStart.getTime() + 60_000),
  });

  const created = new Date(roundStart.getTime() + 3600 * 1000);
  const publishedAt = new Date(roundStart.getTime() + 2 * 3600 * 1000);
  const submissionDeadline = options.submissionDeadline ?? new Date(now.getTime() - DAY);
  const actor = { leadBodyId, actorUserId: lead.id, now: created };
  const { id: tenderId } = await createTender({
    ...actor,
    input: {
      referenceNumber: `V-${Math.floor(Math.random() * 1e9)}`,
      title: "Büromaterial 2027 (gemeinsam)",
      description: "Gemeinsame Ausschreibung der Testkörperschaften",
      roundIds: [roundId],
      pricing: options.pricing ?? "all-units",
      framework: options.framework ?? false,
      callOffReserveBp: options.callOffReserveBp ?? 0,
      goodsBilling: options.goodsBilling,
      termMonths: options.termMonths ?? 12,
      termReason: "",
      contractStart: "2027-01-01",
      criteria: "price",
      priceWeightBp: 10_000,
      qualityCriteria: [],
      submissionDeadline,
    },
  });
  const proposed = await listLots({ tenderId, leadBodyId });
  const firstLot = proposed![0]!.id;
  await renameLot({ ...actor, tenderId, lotId: firstLot, title: "Papier" });
  await splitLot({
    ...actor,
    tenderId,
    lotId: firstLot,
    itemIds: [itemIds[2]!],
    title: "Papier Sonderformate",
  });
  for (const itemId of itemIds) {
    await setItemBands({ ...actor, tenderId, itemId, bandMinQty: FACTORY_BANDS });
  }
  const lotIds = (await listLots({ tenderId, leadBodyId }))!.map((l) => l.id);
  await addSharedCost({
    ...actor,
    tenderId,
    lotId: lotIds[0]!,
    input: {
      kind: "delivery",
      label: "Lieferpauschale",
      amountCents: 5000,
      percentBp: null,
      vatRateBp: 1900,
      key: "value",
      payers: "all",
    },
  });
  await addSharedCost({
    ...actor,
    tenderId,
    lotId: lotIds[0]!,
    input: {
      kind: "admin-percent",
      label: "Verwaltungskosten der federführenden Stelle",
      amountCents: null,
      percentBp: 200,
      vatRateBp: 0,
      key: "value",
      payers: "non-lead",
    },
  });
  if (options.procedure === "eu-open") {
    await recordProcedureChoice({
      ...actor,
      tenderId,
      procedure: "eu-open",
      reason: EU_PROCEDURE_REASON,
    });
  } else {
    await recordAdvisedProcedure({ ...actor, tenderId });
  }
  if (!options.draft) await publishTender({ ...actor, tenderId, now: publishedAt });
  return { tenderId, leadBodyId, lead, bodyIds, officers, lotIds, itemIds, roundId };
}

/** The reason the factories give for an EU-wide procedure where the value would not need one. */
export const EU_PROCEDURE_REASON =
  "Europaweites offenes Verfahren gewählt, um den Binnenmarkt zu erreichen und die Fristen des § 134 GWB zu prüfen.";

/** The reason the factories give for an Öffentliche Ausschreibung where less would do. */
export const FACTORY_PROCEDURE_REASON =
  "Öffentliche Ausschreibung gewählt, damit möglichst viele Anbieter im Wettbewerb ein Angebot abgeben können.";

/**
 * Chooses the procedure through the gate: EU-wide open where the value reaches the threshold,
 * else the Öffentliche Ausschreibung, always allowed below it (§ 8 Abs. 2 UVgO), with a reason
 * where the advice would allow less.
 */
export async function recordAdvisedProcedure(actor: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  now: Date;
}) {
  const advice = await tenderAdvice({
    tenderId: actor.tenderId,
    leadBodyId: actor.leadBodyId,
    date: berlinIsoDate(actor.now),
  });
  if (!advice?.advice || advice.advice.euWide) {
    await recordProcedureChoice({ ...actor, procedure: "eu-open", reason: "" });
  } else {
    await recordProcedureChoice({
      ...actor,
      procedure: "national-public",
      reason: FACTORY_PROCEDURE_REASON,
    });
  }
}
