// The lifecycle of lots and tenders wired to the database (decision 023): every step in order or
// refused in German, each step an audit event, the tender's status derived from its lots, the
// § 134 GWB information with its DOCX letters and the standstill before the award, the
// Aufhebung with its ground, and each round item in at most one tender.
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";

import { getDb, pgErrorCode } from "#db/client";
import { auditEvents, lotStates, tenderRoundItems, tenders } from "#db/schema";
import { standstillEnd } from "~/domain/deadlines";
import { DomainError } from "~/domain/errors";
import { type LifecycleState, tenderStatusFromLots, transition } from "~/domain/lifecycle";
import { createSession, sessionCookie } from "~/modules/access/index.server";
import {
  awardLot,
  informationLetter,
  informBidders,
  listTenderLots,
  rankLot,
  recordBid,
} from "~/modules/bids/index.server";
import { roundTotals } from "~/modules/demand/index.server";
import {
  changeLotStatus,
  createTender,
  listLotLifecycles,
  type LotStepType,
} from "~/modules/tender/index.server";
import { action as tenderAction } from "~/routes/ausschreibungen.$tenderId._index/route";

import { bidderPrices, FACTORY_BIDDERS } from "../factories/awards";
import { makeOpenRound } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import { readDocx } from "../support/docx";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const DAY = 24 * 3600 * 1000;
const JUSTIFICATION =
  "Alle Angebote liegen deutlich über der Kostenschätzung; die Haushaltsmittel reichen nicht aus.";

async function statuses(tenderId: string, euWide = false) {
  const db = await getDb();
  return (await listLotLifecycles(db, { tenderId, euWide })).map((l) => l.state.status);
}

async function eventsOf(tenderId: string, prefix: string) {
  const db = await getDb();
  return db
    .select({ action: auditEvents.action, data: auditEvents.data })
    .from(auditEvents)
    .where(
      and(eq(auditEvents.subjectId, tenderId), sql`${auditEvents.action} like ${`${prefix}%`}`),
    )
    .orderBy(auditEvents.id);
}

/** Both factory bidders bid on every lot (the first is cheaper and ranks first). */
async function bidOnEveryLot(t: Awaited<ReturnType<typeof makePublishedTender>>, now: Date) {
  for (const lot of await listTenderLots({ tenderId: t.tenderId })) {
    for (const bidder of FACTORY_BIDDERS) {
      await recordBid({
        tenderId: t.tenderId,
        leadBodyId: t.leadBodyId,
        actorUserId: t.lead.id,
        lotId: lot.id,
        bidderName: bidder.name,
        bidderAddress: bidder.address,
        prices: bidderPrices(lot, bidder),
        source: "typed",
        now,
      });
    }
  }
}

async function best(t: { tenderId: string; leadBodyId: string }, lotId: string) {
  const ranking = await rankLot({ tenderId: t.tenderId, lotId, leadBodyId: t.leadBodyId });
  return ranking!.ranked[0]!;
}

describe("the lifecycle of a lot", () => {
  it("publishes every lot with its events, opens the offers with the first bid, and derives the tender's status", async () => {
    const now = new Date();
    const t = await makePublishedTender({ now });
    expect(await statuses(t.tenderId)).toEqual(["published", "published"]);
    const published = await eventsOf(t.tenderId, "tender.lot_published");
    expect(published).toHaveLength(2);
    expect(published[0]!.data).toMatchObject({
      lotNumber: 1,
      from: "draft",
      to: "published",
      fromLabel: "Entwurf",
      toLabel: "Veröffentlicht",
      step: "Veröffentlichen",
    });
    const statusEvents = await eventsOf(t.tenderId, "tender.status_changed");
    expect(statusEvents.map((e) => e.data.text)).toEqual([
      "Ausschreibung: Entwurf → Veröffentlicht",
    ]);

    await bidOnEveryLot(t, now);
    expect(await statuses(t.tenderId)).toEqual(["evaluation", "evaluation"]);
    const closed = await eventsOf(t.tenderId, "tender.lot_offers_closed");
    expect(closed).toHaveLength(2);
    expect(closed[0]!.data).toMatchObject({
      text: "Los 1: Veröffentlicht → Angebotsfrist abgelaufen",
      trigger: "Öffnung der Angebote (erstes Angebot erfasst)",
    });

    // Below the threshold: the award at once, no standstill; § 134 information is refused.
    const [lot1, lot2] = await listTenderLots({ tenderId: t.tenderId });
    const scope = { tenderId: t.tenderId, leadBodyId: t.leadBodyId, actorUserId: t.lead.id };
    await expect(
      informBidders({
        ...scope,
        lotId: lot1!.id,
        bidId: (await best(t, lot1!.id)).bidId,
        electronic: true,
      }),
    ).rejects.toThrow(/Unterhalb des EU-Schwellenwerts gilt keine Informations- und Wartepflicht/);
    await awardLot({ ...scope, lotId: lot1!.id, bidId: (await best(t, lot1!.id)).bidId, now });
    expect(await statuses(t.tenderId)).toEqual(["awarded", "evaluation"]);
    // A bid on an awarded lot is refused by the lifecycle's word.
    await expect(
      recordBid({
        ...scope,
        lotId: lot1!.id,
        bidderName: "Nachzügler GmbH",
        bidderAddress: "",
        prices: bidderPrices(lot1!, FACTORY_BIDDERS[0]!),
        source: "typed",
        now,
      }),
    ).rejects.toThrow(/Zuschlag/);
    await awardLot({ ...scope, lotId: lot2!.id, bidId: (await best(t, lot2!.id)).bidId, now });
    expect(await statuses(t.tenderId)).toEqual(["awarded", "awarded"]);
    // The tender is "Zuschlag erteilt" once every lot is.
    expect((await eventsOf(t.tenderId, "tender.status_changed")).map((e) => e.data.to)).toEqual([
      "published",
      "offers-closed",
      "evaluation",
      "awarded",
    ]);
    const awarded = await eventsOf(t.tenderId, "tender.lot_awarded");
    expect(awarded[0]!.data).toMatchObject({
      from: "evaluation",
      to: "awarded",
      toLabel: "Zuschlag erteilt",
      bidderName: FACTORY_BIDDERS[0]!.name,
      rank: 1,
    });

    await changeLotStatus({ ...scope, lotId: "all", step: "complete", now });
    expect(await statuses(t.tenderId)).toEqual(["completed", "completed"]);
    // Nothing after Abgeschlossen.
    await expect(
      changeLotStatus({
        ...scope,
        lotId: lot1!.id,
        step: "cancel",
        ground: "not-economic",
        justification: JUSTIFICATION,
        now,
      }),
    ).rejects.toThrow("Los 1 ist im Stand „Abgeschlossen“; „Aufheben“ ist jetzt nicht möglich.");
  });

  it("follows the domain's table for random sequences of steps, refusing every step out of order", async () => {
    // Random steps against the stored lots; the domain table is the oracle. The offer deadline
    // lies in the past, so closing is allowed where the table allows it.
    const steps: LotStepType[] = ["close-offers", "start-evaluation", "complete", "cancel"];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(...steps)), {
          minLength: 1,
          maxLength: 7,
        }),
        async (sequence) => {
          const now = new Date();
          const t = await makePublishedTender({ now });
          const lots = await listTenderLots({ tenderId: t.tenderId });
          const model: LifecycleState[] = lots.map(() => ({ status: "published" }));
          for (const [index, step] of sequence) {
            const lot = lots[index]!;
            const action =
              step === "close-offers"
                ? { type: step, offerDeadline: new Date(now.getTime() - DAY) }
                : step === "cancel"
                  ? { type: step, ground: "not-economic" as const, justification: JUSTIFICATION }
                  : { type: step };
            let expected: LifecycleState | null = null;
            try {
              expected = transition(model[index]!, action, { now, euWide: false });
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
            }
            const run = changeLotStatus({
              tenderId: t.tenderId,
              leadBodyId: t.leadBodyId,
              actorUserId: t.lead.id,
              lotId: lot.id,
              step,
              ground: "not-economic",
              justification: JUSTIFICATION,
              now,
            });
            if (expected) {
              await run;
              model[index] = expected;
            } else {
              await expect(run).rejects.toThrow(
                /ist im Stand „.*“; „.*“ ist jetzt nicht möglich\./,
              );
            }
            expect(await statuses(t.tenderId)).toEqual(model.map((m) => m.status));
          }
          const derived = tenderStatusFromLots(model.map((m) => m.status));
          const db = await getDb();
          const [row] = await db
            .select({ status: tenders.status })
            .from(tenders)
            .where(eq(tenders.id, t.tenderId));
          expect(row!.status).toBe(derived === "cancelled" ? "cancelled" : "published");
        },
      ),
      { numRuns: 8 },
    );
  });

  it("answers a step out of order on the tender page with 409 and a German message", async () => {
    const t = await makePublishedTender();
    const [lot1] = await listTenderLots({ tenderId: t.tenderId });
    const cookie = await sessionCookie.serialize(await createSession({ userId: t.lead.id }));
    const post = async (fields: Record<string, string>) =>
      (await tenderAction({
        request: new Request(`http://localhost/ausschreibungen/${t.tenderId}`, {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields),
        }),
        params: { tenderId: t.tenderId },
        context: {},
      }).catch((r: unknown) => r)) as {
        init?: { status: number };
        data?: { message: string; fieldErrors: Record<string, string> };
        status?: number;
      };
    const skip = await post({ intent: "lot-step", lotId: lot1!.id, step: "complete" });
    expect(skip.init!.status).toBe(409);
    expect(skip.data!.message).toBe(
      "Los 1 ist im Stand „Veröffentlicht“; „Abschließen“ ist jetzt nicht möglich.",
    );
    const noGround = await post({
      intent: "cancel",
      lotId: lot1!.id,
      ground: "weil",
      justification: "kurz",
    });
    expect(noGround.init!.status).toBe(400);
    expect(noGround.data!.fieldErrors.ground).toBe("Bitte wählen Sie einen Aufhebungsgrund.");
    expect(noGround.data!.fieldErrors.justification).toMatch(/mindestens 40 Zeichen/);
    const close = await post({ intent: "lot-step", lotId: lot1!.id, step: "close-offers" });
    expect((close as Response).status).toBe(302);
    expect(await statuses(t.tenderId)).toEqual(["offers-closed", "published"]);
  });
});

describe("§ 134 GWB above the EU threshold", () => {
  it("writes the letters, refuses the award before the standstill ends and accepts it after", async () => {
    const now = new Date("2026-12-01T09:00:00Z");
    const t = await makePublishedTender({ now, procedure: "eu-open" });
    await bidOnEveryLot(t, now);
    const [lot1] = await listTenderLots({ tenderId: t.tenderId });
    const winner = await best(t, lot1!.id);
    const scope = {
      tenderId: t.tenderId,
      leadBodyId: t.leadBodyId,
      actorUserId: t.lead.id,
      lotId: lot1!.id,
    };

    await expect(awardLot({ ...scope, bidId: winner.bidId, now })).rejects.toThrow(
      "Vor dem Zuschlag sind die unterlegenen Bieter nach § 134 GWB zu informieren.",
    );
    const sentAt = new Date("2026-12-02T15:30:00Z");
    await informBidders({ ...scope, bidId: winner.bidId, electronic: true, now: sentAt });
    const informed = await eventsOf(t.tenderId, "tender.lot_bidders_informed");
    expect(informed[0]!.data).toMatchObject({
      from: "evaluation",
      to: "evaluation",
      winnerName: FACTORY_BIDDERS[0]!.name,
      electronic: true,
      standstillDays: 10,
      awardPossibleFromText: "13.12.2026, 00:00 Uhr (MEZ)",
    });
    // The bids the information rests on stay as they are.
    await expect(
      recordBid({
        ...scope,
        bidderName: "Nachzügler GmbH",
        bidderAddress: "",
        prices: bidderPrices(lot1!, FACTORY_BIDDERS[0]!),
        source: "typed",
        now: sentAt,
      }),
    ).rejects.toThrow(/bereits nach § 134 GWB informiert/);

    // The letter to the loser: winner's name, reason, the earliest date of the contract.
    const loser = (await rankLot({ ...scope }))!.ranked[1]!;
    const letter = await informationLetter({ ...scope, bidId: loser.bidId });
    const doc = await readDocx(letter!.bytes);
    expect(letter!.fileName).toMatch(/^Information_134_GWB_Los_1_[A-Za-z0-9_]+\.docx$/);
    expect(doc.text).toContain(FACTORY_BIDDERS[0]!.name);
    expect(doc.text).toContain(`Rang 2 von 2`);
    expect(doc.text).toContain("frühestens am 13.12.2026, 00:00 Uhr (MEZ)");
    expect(doc.text).toContain("§ 134 Abs. 2 Satz 2 GWB");
    // No letter to the winner, and none to a stranger's bid id.
    expect(await informationLetter({ ...scope, bidId: winner.bidId })).toBeUndefined();
    // Another body's Vergabestelle never reads the letter (the route answers 404).
    const stranger = await makeOpenRound({ invited: 1 });
    expect(
      await informationLetter({ ...scope, leadBodyId: stranger.leadBodyId, bidId: loser.bidId }),
    ).toBeUndefined();

    // The award: refused a millisecond before the end, accepted at it.
    const end = standstillEnd({ sentAt, electronic: true }).awardPossibleFrom;
    expect(end.toISOString()).toBe("2026-12-12T23:00:00.000Z");
    await expect(
      awardLot({ ...scope, bidId: winner.bidId, now: new Date(end.getTime() - 1) }),
    ).rejects.toThrow(
      "Die Wartefrist nach § 134 Abs. 2 Satz 2 GWB (10 Kalendertage) läuft bis zum Ende des 12.12.2026; der Zuschlag ist erst ab 13.12.2026, 00:00 Uhr (MEZ) möglich.",
    );
    await expect(
      awardLot({ ...scope, bidId: loser.bidId, reason: "x".repeat(60), now: end }),
    ).rejects.toThrow(/informiert \(§ 134 GWB\)/);
    await awardLot({ ...scope, bidId: winner.bidId, now: end });
    expect(await statuses(t.tenderId, true)).toEqual(["awarded", "evaluation"]);
  });

  it("waits 15 days when the information goes by post", async () => {
    const now = new Date("2026-03-20T09:00:00Z");
    const t = await makePublishedTender({ now, procedure: "eu-open" });
    await bidOnEveryLot(t, now);
    const [lot1] = await listTenderLots({ tenderId: t.tenderId });
    const winner = await best(t, lot1!.id);
    const scope = {
      tenderId: t.tenderId,
      leadBodyId: t.leadBodyId,
      actorUserId: t.lead.id,
      lotId: lot1!.id,
    };
    await informBidders({ ...scope, bidId: winner.bidId, electronic: false, now });
    // 20.03. + 15 days = 04.04., summer time by then: 05.04. 00:00 MESZ.
    await expect(
      awardLot({ ...scope, bidId: winner.bidId, now: new Date("2026-04-04T21:59:59Z") }),
    ).rejects.toThrow("ab 05.04.2026, 00:00 Uhr (MESZ) möglich");
    await awardLot({ ...scope, bidId: winner.bidId, now: new Date("2026-04-04T22:00:00Z") });
  });
});

describe("the Aufhebung and the round items", () => {
  it("cancels with a ground from § 48 UVgO, frees the round's items, and bundles each item once", async () => {
    const now = new Date();
    const t = await makePublishedTender({ now });
    const scope = { tenderId: t.tenderId, leadBodyId: t.leadBodyId, actorUserId: t.lead.id };
    const input = {
      referenceNumber: "V-ZWEITES-MAL",
      title: "Noch einmal dasselbe",
      description: "",
      roundIds: [t.roundId],
      pricing: "all-units" as const,
      framework: false,
      termMonths: 12,
      termReason: "",
      contractStart: "2027-01-01",
      criteria: "price" as const,
      priceWeightBp: 10_000,
      qualityCriteria: [],
      submissionDeadline: new Date(now.getTime() + 40 * DAY),
    };
    // The round's items are taken: a second tender from the same round is refused, by name.
    const [first] = await (
      await getDb()
    )
      .select({ reference: tenders.referenceNumber })
      .from(tenders)
      .where(eq(tenders.id, t.tenderId));
    await expect(
      createTender({ leadBodyId: t.leadBodyId, actorUserId: t.lead.id, input, now }),
    ).rejects.toThrow(
      `ist bereits gebündelt: 3 Artikel sind in der Ausschreibung ${first!.reference} „Büromaterial 2027 (gemeinsam)“`,
    );
    // The constraint holds without the check too.
    const db = await getDb();
    const [claim] = await db
      .select()
      .from(tenderRoundItems)
      .where(eq(tenderRoundItems.tenderId, t.tenderId));
    const duplicate = await db
      .insert(tenderRoundItems)
      .values({ ...claim!, tenderId: t.tenderId })
      .catch((e: unknown) => e);
    expect(pgErrorCode(duplicate)).toBe("23505");
    // The round page names the tender that took each item.
    const totals = await roundTotals({ roundId: t.roundId, leadBodyId: t.leadBodyId });
    expect(totals.map((r) => r.tender?.id)).toEqual([t.tenderId, t.tenderId, t.tenderId]);

    // Aufhebung: a short justification is refused; one lot, then the whole tender.
    const [lot1] = await listTenderLots({ tenderId: t.tenderId });
    await expect(
      changeLotStatus({
        ...scope,
        lotId: lot1!.id,
        step: "cancel",
        ground: "not-economic",
        justification: "zu teuer",
        now,
      }),
    ).rejects.toThrow(/mindestens 40 Zeichen/);
    await changeLotStatus({
      ...scope,
      lotId: lot1!.id,
      step: "cancel",
      ground: "not-economic",
      justification: JUSTIFICATION,
      now,
    });
    expect(await statuses(t.tenderId)).toEqual(["cancelled", "published"]);
    const cancelled = await eventsOf(t.tenderId, "tender.lot_cancelled");
    expect(cancelled[0]!.data).toMatchObject({
      ground: "not-economic",
      groundLabel: "Kein wirtschaftliches Ergebnis erzielt",
      citation: "§ 48 Abs. 1 Nr. 3 UVgO",
      justification: JUSTIFICATION,
      toLabel: "Aufgehoben",
    });
    const [stored] = await db.select().from(lotStates).where(eq(lotStates.lotId, lot1!.id));
    expect(stored).toMatchObject({ status: "cancelled", cancellationGround: "not-economic" });
    // Still claimed while a lot runs.
    await expect(
      createTender({ leadBodyId: t.leadBodyId, actorUserId: t.lead.id, input, now }),
    ).rejects.toThrow(DomainError);

    await changeLotStatus({
      ...scope,
      lotId: "all",
      step: "cancel",
      ground: "basis-changed",
      justification: JUSTIFICATION,
      now,
    });
    expect(await statuses(t.tenderId)).toEqual(["cancelled", "cancelled"]);
    const [row] = await db
      .select({ status: tenders.status })
      .from(tenders)
      .where(eq(tenders.id, t.tenderId));
    expect(row!.status).toBe("cancelled");
    // The whole tender is cancelled: its items are free for a new tender.
    const again = await createTender({
      leadBodyId: t.leadBodyId,
      actorUserId: t.lead.id,
      input,
      now,
    });
    const totalsAfter = await roundTotals({ roundId: t.roundId, leadBodyId: t.leadBodyId });
    expect(totalsAfter.map((r) => r.tender?.referenceNumber)).toEqual([
      "V-ZWEITES-MAL",
      "V-ZWEITES-MAL",
      "V-ZWEITES-MAL",
    ]);
    expect(again.id).not.toBe(t.tenderId);
  });
});
