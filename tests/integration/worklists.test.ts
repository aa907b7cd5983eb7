// The start page's work lists (issue 18, decision 027): each role's lists hold what they should,
// never another body's rounds or tenders, and the lead's reminder queues one mail per officer of
// a silent body, none for bodies that answered, and nothing more the same day.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { getDb, queryRows } from "#db/client";
import { auditEvents, mailOutbox } from "#db/schema";
import { formatEuro } from "~/domain/money";
import {
  type AdminSection,
  type OfficerSection,
  type ProcurementSection,
  type TreasurerSection,
} from "~/modules/dashboard/types";
import { dashboardFor } from "~/modules/dashboard/index.server";
import {
  changeRoundStatus,
  declareNoDemand,
  remindSilentBodies,
  saveDemandForm,
} from "~/modules/demand/index.server";
import { listOutbox } from "~/modules/mail/index.server";
import { dueByBudgetYear, splitForTender } from "~/modules/split/index.server";
import * as startRoute from "~/routes/_index/route";

import { makeAwardedLicenceTender, makeAwardedTender } from "../factories/awards";
import { line, makeOpenRound, makeUser } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import { buildRequest, callRoute, cookieFor } from "../support/authorization";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const DAY = 24 * 3600 * 1000;

async function only<S>(
  bodyId: string,
  role: "officer" | "procurement" | "treasurer" | "admin",
  now = new Date(),
) {
  const [section] = await dashboardFor({ bodyId, roles: [role], now });
  return section as S;
}

/** An open round of three bodies: 0 entered demand, 1 answered "kein Bedarf", 2 is silent. */
async function answeredRound(now: Date) {
  const round = await makeOpenRound({ invited: 3, now, deadlineInMs: 3 * DAY + 3600_000 });
  const actor = (b: number) => ({ userId: round.officers[b]!.id, bodyId: round.bodyIds[b]! });
  const saved = await saveDemandForm({
    roundId: round.roundId,
    actor: actor(0),
    lines: [line(round.itemIds[0]!, 40, "1100")],
    deleted: [],
    now,
  });
  expect(saved.ok).toBe(true);
  await declareNoDemand({ roundId: round.roundId, actor: actor(1), now });
  return round;
}

describe("work lists", () => {
  it("Beschaffer: the round waiting for the answer with its deadline and time left, the answered ones, never another body's", async () => {
    const now = new Date();
    const round = await answeredRound(now);
    const other = await makeOpenRound({ invited: 1, now });

    const silent = await only<OfficerSection>(round.bodyIds[2]!, "officer", now);
    expect(silent.waiting.map((r) => r.id)).toEqual([round.roundId]);
    expect(silent.waiting[0]).toMatchObject({
      title: "Büromaterial 2027",
      leadBodyName: "Federführende Stadt",
      timeLeft: "noch 3 Tage",
      lines: 0,
      noDemand: false,
    });
    expect(silent.waiting[0]!.deadline).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr \(MES?Z\)$/);
    expect(silent.inProgress).toEqual([]);

    const entered = await only<OfficerSection>(round.bodyIds[0]!, "officer", now);
    expect(entered.waiting).toEqual([]);
    expect(entered.inProgress).toMatchObject([{ id: round.roundId, lines: 1, noDemand: false }]);
    const none = await only<OfficerSection>(round.bodyIds[1]!, "officer", now);
    expect(none.inProgress).toMatchObject([{ id: round.roundId, lines: 0, noDemand: true }]);

    // another body's round never appears; after the deadline the round leaves the list
    const ids = [...silent.waiting, ...silent.inProgress].map((r) => r.id);
    expect(ids).not.toContain(other.roundId);
    const later = await only<OfficerSection>(
      round.bodyIds[2]!,
      "officer",
      new Date(now.getTime() + 4 * DAY),
    );
    expect(later.waiting).toEqual([]);
  });

  it("Beschaffer: what was awarded, with the body's share from the stored split", async () => {
    const tender = await makeAwardedTender();
    const body = tender.bodyIds[0]!;
    const split = await splitForTender({
      tenderId: tender.tenderId,
      viewerBodyId: body,
      bodyId: body,
    });
    const own = split!.bodies.find((b) => b.bodyId === body)!;
    const list = await only<OfficerSection>(body, "officer");
    expect(list.awarded).toEqual([
      {
        id: tender.tenderId,
        title: "Büromaterial 2027 (gemeinsam)",
        referenceNumber: expect.any(String),
        leadBodyName: "Federführende Stadt",
        awardedLots: 2,
        lots: 2,
        share: formatEuro(own.grossCents),
        // not a framework agreement: no call-offs to record
        callOffs: false,
      },
    ]);
    const stranger = await makeOpenRound({ invited: 1 });
    expect((await only<OfficerSection>(stranger.bodyIds[0]!, "officer")).awarded).toEqual([]);
  });

  it("Vergabestelle: rounds by phase with the share answered, tenders by stage with the next deadline, what needs a decision", async () => {
    const now = new Date();
    const round = await answeredRound(now);
    const list = await only<ProcurementSection>(round.leadBodyId, "procurement", now);
    expect(list.rounds).toMatchObject([
      {
        id: round.roundId,
        phase: "open",
        invited: 3,
        answered: 2,
        silent: 1,
        percent: 66,
        timeLeft: "noch 3 Tage",
      },
    ]);
    expect(list.tenders).toEqual([]);
    expect(list.decisions).toEqual([]);

    // closed and not bundled: a decision to bundle
    await changeRoundStatus({
      roundId: round.roundId,
      leadBodyId: round.leadBodyId,
      actorUserId: round.lead.id,
      transition: "close",
      now,
    });
    const closed = await only<ProcurementSection>(
      round.leadBodyId,
      "procurement",
      new Date(now.getTime() + 60_000),
    );
    expect(closed.rounds[0]!.phase).toBe("closed");
    expect(closed.decisions).toMatchObject([
      { to: `/ausschreibungen/neu?runde=${round.roundId}`, action: "Ausschreibung bündeln" },
    ]);

    // a published tender whose deadline is ahead, and one whose deadline passed without bids
    const running = await makePublishedTender({
      submissionDeadline: new Date(now.getTime() + 10 * DAY),
      now,
    });
    const bidding = await only<ProcurementSection>(running.leadBodyId, "procurement", now);
    expect(bidding.tenders).toMatchObject([
      {
        id: running.tenderId,
        stage: "published",
        next: { label: "Angebotsfrist endet", timeLeft: "noch 10 Tage" },
      },
    ]);
    expect(bidding.rounds).toEqual([]); // its round is bundled
    expect(bidding.decisions).toEqual([]);
    const waiting = await makePublishedTender({ now });
    const due = await only<ProcurementSection>(waiting.leadBodyId, "procurement", now);
    expect(due.tenders).toMatchObject([
      { id: waiting.tenderId, stage: "offers-closed", next: null },
    ]);
    expect(due.decisions).toMatchObject([
      { to: `/ausschreibungen/${waiting.tenderId}`, action: "Wertung und Zuschlag" },
    ]);
    expect(due.decisions[0]!.text).toMatch(
      /^Angebotsfrist abgelaufen: Angebotsfrist endete am .* Uhr \(ME/,
    );

    // scoping: no lead sees another lead's rounds or tenders
    const ids = (s: ProcurementSection) => [
      ...s.rounds.map((r) => r.id),
      ...s.tenders.map((t) => t.id),
    ];
    expect(ids(due)).not.toContain(running.tenderId);
    expect(ids(due)).not.toContain(round.roundId);
    expect(ids(bidding)).not.toContain(waiting.tenderId);
  });

  it("Vergabestelle: an awarded tender shows as awarded and needs no decision", async () => {
    const tender = await makeAwardedTender();
    const list = await only<ProcurementSection>(tender.leadBodyId, "procurement");
    expect(list.tenders).toMatchObject([{ id: tender.tenderId, stage: "awarded", next: null }]);
    expect(list.decisions).toEqual([]);
  });

  it("Kämmerei: splits ready, XRechnungen for its body, and per budget year what the split pages say", async () => {
    const tender = await makeAwardedTender();
    const member = tender.bodyIds[0]!;
    const list = await only<TreasurerSection>(member, "treasurer");
    expect(list.splits).toMatchObject([
      {
        id: tender.tenderId,
        isLead: false,
        participates: true,
        awardedLots: 2,
        lots: 2,
        // delivery at 19 % for all, the lead's fee at 0 % (§ 2b UStG) from the others
        xrechnung: { taxed: true, untaxed: true },
      },
    ]);
    const lead = await only<TreasurerSection>(tender.leadBodyId, "treasurer");
    expect(lead.splits).toMatchObject([
      {
        id: tender.tenderId,
        isLead: true,
        participates: false,
        share: null,
        xrechnung: { taxed: false, untaxed: false },
      },
    ]);
    const stranger = await makeOpenRound({ invited: 1 });
    expect(await only<TreasurerSection>(stranger.bodyIds[0]!, "treasurer")).toEqual({
      role: "treasurer",
      splits: [],
      years: [],
    });

    // licences over two budget years: the totals equal the split pages' (dueByBudgetYear)
    const licence = await makeAwardedLicenceTender();
    for (const bodyId of licence.bodyIds) {
      const expected = new Map<number, number>();
      for (const due of await dueByBudgetYear({ bodyId }))
        for (const y of due.years) expected.set(y.year, (expected.get(y.year) ?? 0) + y.totalCents);
      const years = (await only<TreasurerSection>(bodyId, "treasurer")).years;
      expect(years).toEqual(
        [...expected]
          .filter(([, cents]) => cents !== 0)
          .sort(([a], [b]) => a - b)
          .map(([year, cents]) => ({ year, total: formatEuro(cents) })),
      );
      expect(years.length).toBeGreaterThan(1);
    }
  });

  it("Administration: users, bodies and the outbox by state", async () => {
    await makeOpenRound({ invited: 2 }); // queues two invitations
    const list = await only<AdminSection>("00000000-0000-4000-8000-000000000000", "admin");
    expect(list.outbox.queued).toBeGreaterThanOrEqual(2);
    const db = await getDb();
    const [counts] = await queryRows<{ users: number; bodies: number; queued: number }>(
      db,
      sql`select (select count(*)::int from users) as users, (select count(*)::int from bodies) as bodies,
                 (select count(*)::int from mail_outbox where state = 'queued') as queued`,
    );
    expect(list).toMatchObject({
      users: counts!.users,
      bodies: counts!.bodies,
      outbox: { queued: counts!.queued },
    });
    expect(list.users).toBeGreaterThan(0);
    // the outbox list the counts link to (?stand=…) holds exactly those mails
    for (const state of ["queued", "sent", "failed"] as const) {
      const { total, rows } = await listOutbox({ page: 1, pageSize: 1000, state });
      expect(total).toBe(list.outbox[state]);
      expect(rows.every((r) => r.state === state)).toBe(true);
    }
  });

  it("several roles: one section per role, in order", async () => {
    const round = await answeredRound(new Date());
    const sections = await dashboardFor({
      bodyId: round.bodyIds[0]!,
      roles: ["officer", "treasurer"],
    });
    expect(sections.map((s) => s.role)).toEqual(["officer", "treasurer"]);
  });
});

describe("the reminder", () => {
  const remindersOf = async (roundId: string) => {
    const db = await getDb();
    return db
      .select({ recipient: mailOutbox.recipient, subjectKey: mailOutbox.subjectKey })
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.kind, "reminder"),
          sql`${mailOutbox.subjectKey} like ${`round:${roundId}:reminder:manual:%`}`,
        ),
      );
  };
  const auditOf = async (roundId: string) => {
    const db = await getDb();
    return db
      .select({ action: auditEvents.action, data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, roundId), eq(auditEvents.action, "round.reminded")));
  };

  it("queues one mail per officer of each silent body, none for bodies that answered, and not twice a day", async () => {
    const now = new Date();
    const round = await answeredRound(now);
    const second = await makeUser(round.bodyIds[2]!, "officer");
    const actor = {
      roundId: round.roundId,
      leadBodyId: round.leadBodyId,
      actorUserId: round.lead.id,
    };

    expect(await remindSilentBodies({ ...actor, now })).toEqual({ mails: 2, bodies: 1 });
    const mails = await remindersOf(round.roundId);
    expect(mails.map((m) => m.recipient).sort()).toEqual(
      [round.officers[2]!.email, second.email].sort(),
    );
    expect(await auditOf(round.roundId)).toEqual([
      { action: "round.reminded", data: { silentBodies: 1, mails: 2 } },
    ]);

    // the same day again: nothing queued, nothing recorded
    expect(await remindSilentBodies({ ...actor, now: new Date(now.getTime() + 60_000) })).toEqual({
      mails: 0,
      bodies: 1,
    });
    expect(await remindSilentBodies({ ...actor, now: new Date(now.getTime() + 60_000) })).toEqual({
      mails: 0,
      bodies: 1,
    });
    expect(await remindersOf(round.roundId)).toHaveLength(2);
    expect(await auditOf(round.roundId)).toHaveLength(1);

    // another lead cannot remind this round's bodies
    const foreign = await makeOpenRound({ invited: 1, now });
    await expect(
      remindSilentBodies({
        roundId: round.roundId,
        leadBodyId: foreign.leadBodyId,
        actorUserId: foreign.lead.id,
        now,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("POST / as the lead redirects with the counts; a closed round is refused in German; other roles get 403", async () => {
    const now = new Date();
    const round = await answeredRound(now);
    const post = async (userId: string, fields: Record<string, string>) =>
      callRoute(startRoute.action, buildRequest("POST", "/", await cookieFor(userId), fields), {});
    expect(await post(round.lead.id, { intent: "remind", roundId: round.roundId })).toMatchObject({
      status: 302,
      location: "/?erinnert=1-1#runden",
    });
    expect(await post(round.lead.id, { intent: "remind", roundId: "kaputt" })).toMatchObject({
      status: 400,
    });
    expect(
      await post(round.officers[2]!.id, { intent: "remind", roundId: round.roundId }),
    ).toMatchObject({
      status: 403,
    });
    await changeRoundStatus({
      roundId: round.roundId,
      leadBodyId: round.leadBodyId,
      actorUserId: round.lead.id,
      transition: "close",
      now,
    });
    const refused = await post(round.lead.id, { intent: "remind", roundId: round.roundId });
    expect(refused).toMatchObject({ status: 400 });
    expect(refused.text).toContain("Erinnern lässt sich nur an eine laufende Bedarfsabfrage.");
    expect(await remindersOf(round.roundId)).toHaveLength(1);
  });
});
