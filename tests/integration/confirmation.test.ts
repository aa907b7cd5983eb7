// Confirmation before the irreversible (issue 18, decision 028): every action that cannot be
// undone acts only on a POST carrying `bestaetigt=1`. Without it the action answers with the
// confirmation text and the fields to post again, and the database is unchanged.
import { type ActionFunctionArgs } from "@remix-run/node";

import { CANCELLATION_GROUNDS } from "~/domain/exception-grounds";
import { CONFIRM_FIELD } from "~/kit/confirmation";
import { DISABLE_USER_CONFIRMATION } from "~/modules/access/forms";
import { BID_CONFIRMATIONS } from "~/modules/bids/forms";
import { listSharedCosts } from "~/modules/tender/index.server";
import { listBids, listTenderLots, rankLot, recordBid } from "~/modules/bids/index.server";
import { ROUND_CONFIRMATIONS } from "~/modules/demand/forms";
import { TENDER_CONFIRMATIONS } from "~/modules/tender/forms";
import { action as usersAction } from "~/routes/admin.benutzer._index";
import { action as tenderAction } from "~/routes/ausschreibungen.$tenderId._index/route";
import { action as bidsAction } from "~/routes/ausschreibungen.$tenderId.angebote/route";
import { action as costsAction } from "~/routes/ausschreibungen.$tenderId.umlagen/route";
import { action as evaluationAction } from "~/routes/ausschreibungen.$tenderId.wertung.$lotId/route";
import { action as roundAction } from "~/routes/runden.$roundId._index/route";

import { bidderPrices, FACTORY_BIDDERS } from "../factories/awards";
import { makeBody, makeOpenRound, makeUser } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import { cookieFor } from "../support/authorization";
import { checksumOf, useTestDatabase } from "../support/database";

useTestDatabase();

const DAY = 24 * 3600 * 1000;
const TABLES = [
  "rounds",
  "round_invitations",
  "tenders",
  "tender_lines",
  "lots",
  "shared_costs",
  "bids",
  "bid_prices",
  "awards",
  "lot_states",
  "lot_splits",
  "users",
  "audit_events",
  "mail_outbox",
] as const;

type Action = (args: ActionFunctionArgs) => Promise<unknown> | unknown;

/** Posts `fields` to the action as the user; the answer's data, or the thrown response. */
async function post(
  action: Action,
  path: string,
  params: Record<string, string>,
  userId: string,
  fields: Record<string, string>,
) {
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Cookie: await cookieFor(userId) },
    body: new URLSearchParams(fields),
  });
  try {
    const result = (await action({ request, params, context: {} })) as Record<string, unknown>;
    const isData = result && typeof result === "object" && "init" in result && "data" in result;
    return {
      status: isData ? ((result.init as { status?: number } | null)?.status ?? 200) : 200,
      body: (isData ? result.data : result) as Record<string, unknown>,
    };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: {} };
    throw thrown;
  }
}

/**
 * The rule for one action: unconfirmed, nothing changes and the answer carries the text and the
 * posted fields; confirmed, it acts (a redirect or the success answer) and `acted` holds.
 */
async function expectConfirmation({
  action,
  path,
  params,
  userId,
  fields,
  text,
  acted,
}: {
  action: Action;
  path: string;
  params: Record<string, string>;
  userId: string;
  fields: Record<string, string>;
  text: string;
  acted: () => Promise<boolean>;
}) {
  // The session of each post is made before the fingerprint (sessions are not watched).
  const before = await checksumOf(TABLES);
  const unconfirmed = await post(action, path, params, userId, fields);
  expect(await checksumOf(TABLES)).toBe(before);
  expect(await acted()).toBe(false);
  expect(unconfirmed.status).toBe(200);
  expect(unconfirmed.body.confirmation).toEqual({ text, values: fields });

  // Anything but "1" is no confirmation either.
  await post(action, path, params, userId, { ...fields, [CONFIRM_FIELD]: "ja" });
  expect(await checksumOf(TABLES)).toBe(before);

  const confirmed = await post(action, path, params, userId, { ...fields, [CONFIRM_FIELD]: "1" });
  expect(confirmed.body.confirmation).toBeUndefined();
  expect(await acted()).toBe(true);
  expect(await checksumOf(TABLES)).not.toBe(before);
}

async function roundStatus(roundId: string) {
  const { getDb } = await import("#db/client");
  const { rounds } = await import("#db/schema");
  const { eq } = await import("drizzle-orm");
  const [row] = await (
    await getDb()
  )
    .select({ status: rounds.status, deadline: rounds.deadline })
    .from(rounds)
    .where(eq(rounds.id, roundId));
  return row!;
}

describe("confirmation before the irreversible", () => {
  it("publishing, closing and reopening a demand round", async () => {
    const round = await makeOpenRound({ deadlineInMs: 7 * DAY });
    const path = `/runden/${round.roundId}`;
    const params = { roundId: round.roundId };
    await expectConfirmation({
      action: roundAction,
      path,
      params,
      userId: round.lead.id,
      fields: { intent: "close" },
      text: ROUND_CONFIRMATIONS.close,
      acted: async () => (await roundStatus(round.roundId)).status === "closed",
    });
    const deadline = new Date(Date.now() + 10 * DAY);
    const berlin = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Berlin",
      dateStyle: "short",
      timeStyle: "short",
    })
      .format(deadline)
      .replace(" ", "T");
    await expectConfirmation({
      action: roundAction,
      path,
      params,
      userId: round.lead.id,
      fields: {
        intent: "reopen",
        reason: "Eine Gemeinde hatte die Einladung nicht erhalten.",
        deadline: berlin,
      },
      text: ROUND_CONFIRMATIONS.reopen,
      acted: async () => (await roundStatus(round.roundId)).status === "open",
    });

    // A draft round: publishing.
    const { createRound } = await import("~/modules/demand/index.server");
    const { id: draftId } = await createRound({
      leadBodyId: round.leadBodyId,
      actorUserId: round.lead.id,
      input: {
        title: "Reinigungsmittel 2027",
        description: "",
        budgetYear: 2027,
        opensAt: new Date(Date.now() - 3600 * 1000),
        deadline: new Date(Date.now() + 7 * DAY),
        itemIds: round.itemIds,
        bodyIds: round.bodyIds,
      },
    });
    await expectConfirmation({
      action: roundAction,
      path: `/runden/${draftId}`,
      params: { roundId: draftId },
      userId: round.lead.id,
      fields: { intent: "open" },
      text: ROUND_CONFIRMATIONS.open,
      acted: async () => (await roundStatus(draftId)).status === "open",
    });
  });

  it("publishing a tender and deleting a shared cost", async () => {
    const t = await makePublishedTender({
      draft: true,
      submissionDeadline: new Date(Date.now() + 60 * DAY),
    });
    const params = { tenderId: t.tenderId };
    const costs = async () =>
      (await listSharedCosts({ tenderId: t.tenderId, leadBodyId: t.leadBodyId }))!;
    const [cost] = await costs();
    await expectConfirmation({
      action: costsAction,
      path: `/ausschreibungen/${t.tenderId}/umlagen`,
      params,
      userId: t.lead.id,
      fields: { intent: "delete-cost", costId: cost!.id },
      text: TENDER_CONFIRMATIONS.deleteCost,
      acted: async () => !(await costs()).some((c) => c.id === cost!.id),
    });
    const { getDb } = await import("#db/client");
    const { tenders } = await import("#db/schema");
    const { eq } = await import("drizzle-orm");
    await expectConfirmation({
      action: tenderAction,
      path: `/ausschreibungen/${t.tenderId}`,
      params,
      userId: t.lead.id,
      fields: { intent: "publish" },
      text: TENDER_CONFIRMATIONS.publish,
      acted: async () => {
        const [row] = await (
          await getDb()
        )
          .select({ status: tenders.status })
          .from(tenders)
          .where(eq(tenders.id, t.tenderId));
        return row!.status !== "draft";
      },
    });
  });

  it("cancelling a lot (Aufhebung)", async () => {
    const t = await makePublishedTender({ submissionDeadline: new Date(Date.now() + 60 * DAY) });
    const [lot] = await listTenderLots({ tenderId: t.tenderId });
    const { getDb } = await import("#db/client");
    const { sql } = await import("drizzle-orm");
    await expectConfirmation({
      action: tenderAction,
      path: `/ausschreibungen/${t.tenderId}`,
      params: { tenderId: t.tenderId },
      userId: t.lead.id,
      fields: {
        intent: "cancel",
        lotId: lot!.id,
        ground: CANCELLATION_GROUNDS[0]!.id,
        justification:
          "Kein Angebot entspricht den Bedingungen; die Ausschreibung wird neu aufgesetzt.",
      },
      text: TENDER_CONFIRMATIONS.cancel,
      acted: async () => {
        const rows = (await (
          await getDb()
        ).execute(sql`select status from lot_states where lot_id = ${lot!.id}::uuid`)) as unknown;
        const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
        return (list as { status: string }[])[0]?.status === "cancelled";
      },
    });
  });

  it("deleting a bid and awarding a lot", async () => {
    const t = await makePublishedTender();
    const [lot] = await listTenderLots({ tenderId: t.tenderId });
    for (const bidder of FACTORY_BIDDERS) {
      await recordBid({
        tenderId: t.tenderId,
        leadBodyId: t.leadBodyId,
        actorUserId: t.lead.id,
        lotId: lot!.id,
        bidderName: bidder.name,
        bidderAddress: bidder.address,
        prices: bidderPrices(lot!, bidder),
        source: "typed",
      });
    }
    const bidIds = async () =>
      (await listBids({ tenderId: t.tenderId, leadBodyId: t.leadBodyId }))!.flatMap((l) =>
        l.bids.map((b) => b.id),
      );
    const ranking = async () =>
      (await rankLot({ tenderId: t.tenderId, lotId: lot!.id, leadBodyId: t.leadBodyId }))!;
    const extra = await recordBid({
      tenderId: t.tenderId,
      leadBodyId: t.leadBodyId,
      actorUserId: t.lead.id,
      lotId: lot!.id,
      bidderName: "Nachzügler GmbH",
      bidderAddress: "Irgendwo 1, 12345 Musterstadt",
      prices: bidderPrices(lot!, FACTORY_BIDDERS[0]!),
      source: "typed",
    });
    const extraId = extra.bidId;
    await expectConfirmation({
      action: bidsAction,
      path: `/ausschreibungen/${t.tenderId}/angebote`,
      params: { tenderId: t.tenderId },
      userId: t.lead.id,
      fields: { intent: "delete", bidId: extraId },
      text: BID_CONFIRMATIONS.delete,
      acted: async () => !(await bidIds()).includes(extraId),
    });
    const best = (await ranking()).ranked[0]!.bidId;
    await expectConfirmation({
      action: evaluationAction,
      path: `/ausschreibungen/${t.tenderId}/wertung/${lot!.id}`,
      params: { tenderId: t.tenderId, lotId: lot!.id },
      userId: t.lead.id,
      fields: { intent: "award", bidId: best, reason: "" },
      text: BID_CONFIRMATIONS.award,
      acted: async () => (await ranking()).award !== null && (await ranking()).award !== undefined,
    });
  });

  it("disabling a user account", async () => {
    const bodyId = await makeBody("Landkreis Verwaltung");
    const admin = await makeUser(bodyId, "admin");
    const officer = await makeUser(bodyId, "officer");
    const { getDb } = await import("#db/client");
    const { users } = await import("#db/schema");
    const { eq } = await import("drizzle-orm");
    await expectConfirmation({
      action: usersAction,
      path: "/admin/benutzer",
      params: {},
      userId: admin.id,
      fields: { intent: "disable", userId: officer.id },
      text: DISABLE_USER_CONFIRMATION,
      acted: async () => {
        const [row] = await (
          await getDb()
        )
          .select({ disabledAt: users.disabledAt })
          .from(users)
          .where(eq(users.id, officer.id));
        return row!.disabledAt !== null;
      },
    });
  });
});
