// Issue 15, points 2–5 wired into the tender: § 3 VgV over the whole term, the Land rows, the
// procedure gate on the choice and at publication, the legal minimum deadlines at publication
// (across the DST change and the year end), and the early-closed round's original deadline.
import { eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { bodies, rounds, tenders } from "#db/schema";
import { createSession, sessionCookie } from "~/modules/access/index.server";
import { changeRoundStatus } from "~/modules/demand/index.server";
import {
  createTender,
  getTenderForLead,
  publishTender,
  recordProcedureChoice,
  tenderAdvice,
  updateTenderSettings,
} from "~/modules/tender/index.server";
import { action as tenderPageAction } from "~/routes/ausschreibungen.$tenderId._index/route";

import { type ItemSpec, makeClosedRound, tenderInput } from "../factories/closed-rounds";
import { makeOpenRound } from "../factories/rounds";
import { FACTORY_PROCEDURE_REASON } from "../factories/tenders";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const DAY = 24 * 3600_000;
const LICENCE: ItemSpec = { cpvCode: "48300000-1", category: "license", referencePrice: 1_200_000 };
const TONER: ItemSpec = { cpvCode: "30125110-5", category: "consumable", referencePrice: 600_000 };
const JUSTIFICATION =
  "Nur ein Anbieter kann die vorhandene Fachanwendung warten, weil er die Quellrechte allein hält.";

/** A draft tender over one closed round: `quantity` of one item, by one body, at `now`. */
async function draftTender(
  spec: ItemSpec,
  quantity: number,
  now: Date,
  overrides: Parameters<typeof tenderInput>[1] = {},
) {
  const r = await makeClosedRound([spec], [[quantity]], now);
  const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id, now };
  const { id: tenderId } = await createTender({
    ...base,
    input: tenderInput([r.roundId], {
      submissionDeadline: new Date(now.getTime() + 60 * DAY),
      ...overrides,
    }),
  });
  return { ...r, base: { ...base, tenderId } };
}

const valueOn = async (t: { base: { tenderId: string; leadBodyId: string } }, date: string) =>
  (await tenderAdvice({ ...t.base, date }))!;

describe("§ 3 VgV: the estimated value over the whole term", () => {
  it("counts a licence over 24 months twice, 49 months as 48, and an extension", async () => {
    const t = await draftTender(LICENCE, 100, new Date()); // 100 seats × 120 € a year
    const date = "2026-11-23";
    const year = await valueOn(t, date);
    expect(year.lots[0]).toMatchObject({
      estimatedNetCents: 1_200_000,
      countedMonths: 12,
      citation: "§ 3 Abs. 11 Nr. 1 VgV",
    });
    const set = (o: Parameters<typeof tenderInput>[1]) =>
      updateTenderSettings({ ...t.base, input: tenderInput([], o) });

    await set({ termMonths: 24 });
    const two = await valueOn(t, date);
    expect(two.lots[0]!.estimatedNetCents).toBe(2 * year.lots[0]!.estimatedNetCents);
    expect(two.advice!.totalNetCents).toBe(2_400_000);

    await set({ termMonths: 49, termReason: "Amortisation der Einführung über vier Jahre hinaus" });
    const long = await valueOn(t, date);
    expect(long.lots[0]).toMatchObject({
      estimatedNetCents: 4_800_000,
      countedMonths: 48,
      citation: "§ 3 Abs. 11 Nr. 2 VgV",
    });

    await set({ termMonths: 12, extensionMonths: [12] });
    const extended = await valueOn(t, date);
    expect(extended.lots[0]!.estimatedNetCents).toBe(2_400_000);
    expect(extended.lots[0]!.explanation).toContain("24 Monate einschließlich Verlängerungen");
    expect((await getTenderForLead(t.base))!.extensionMonths).toEqual([12]);

    // the record keeps the value over the term
    await recordProcedureChoice({
      ...t.base,
      procedure: "national-public",
      reason: FACTORY_PROCEDURE_REASON,
    });
    const [event] = await queryRows<{ data: { advice: { totalNetCents: number } } }>(
      await getDb(),
      sql`select data from audit_events where subject_id = ${t.base.tenderId}
          and action = 'tender.procedure_chosen'`,
    );
    expect(event!.data.advice.totalNetCents).toBe(2_400_000);
  });

  it("says the Land's limits are not checked instead of falling back silently", async () => {
    const t = await draftTender(TONER, 10, new Date());
    const db = await getDb();
    await db.update(bodies).set({ land: "Hessen" }).where(eq(bodies.id, t.leadBodyId));
    const hessen = await valueOn(t, "2026-11-23");
    const np = hessen.advice!.nationalProcedure;
    expect(np.status).toBe("configured");
    if (np.status === "configured") {
      expect(np.verified).toBe(false);
      expect(np.advice).toContain("für Hessen nicht geprüft");
    }
    await db.update(bodies).set({ land: "Sachsen" }).where(eq(bodies.id, t.leadBodyId));
    const sachsen = (await valueOn(t, "2026-11-23")).advice!.nationalProcedure;
    expect(sachsen.status === "not-configured" && sachsen.message).toContain(
      "für Sachsen nicht geprüft",
    );
  });
});

describe("the procedure gate on the choice", () => {
  it("refuses a Direktauftrag above the Land's limit, whatever the reason", async () => {
    const t = await draftTender(TONER, 1_000, new Date()); // 60.000 €, Niedersachsen: DL 20.000 €
    await expect(
      recordProcedureChoice({
        ...t.base,
        procedure: "direct-award",
        ground: "uvgo-8-4-1",
        justification: JUSTIFICATION,
        reason: JUSTIFICATION,
      }),
    ).rejects.toThrow(/Direktauftrag ist hier nur bis 20\.000,00 €.*Kein Ausnahmegrund/);
    expect((await getTenderForLead(t.base))!.procedure).toBeNull();
  });

  it("wants a ground from the law's list and a justification beyond the Land's limit", async () => {
    const t = await draftTender(TONER, 2_500, new Date()); // 150.000 €: VV only up to 100.000 €
    const refusal = await recordProcedureChoice({
      ...t.base,
      procedure: "national-negotiated",
      reason: "",
    }).catch((e: { problems: string[] }) => e);
    expect((refusal as { problems: string[] }).problems).toEqual([
      expect.stringContaining("§ 8 Abs. 4 UVgO"),
      expect.stringContaining("Bitte begründen Sie, warum der gewählte Grund vorliegt"),
      expect.stringContaining("Sie weichen von der Empfehlung „Öffentliche Ausschreibung“ ab"),
    ]);
    await expect(
      recordProcedureChoice({
        ...t.base,
        procedure: "national-negotiated",
        ground: "vgv-14-4-3", // not in § 8 Abs. 4 UVgO's list
        justification: JUSTIFICATION,
        reason: "",
      }),
    ).rejects.toThrow(/Grund aus der Liste/);
    await recordProcedureChoice({
      ...t.base,
      procedure: "national-negotiated",
      ground: "uvgo-8-4-5",
      justification: JUSTIFICATION,
      reason: "",
    });
    expect(await getTenderForLead(t.base)).toMatchObject({
      procedure: "national-negotiated",
      procedureGround: "uvgo-8-4-5",
      procedureJustification: JUSTIFICATION,
      procedureReason: JUSTIFICATION, // the justification explains the departure too
    });
    const [event] = await queryRows<{
      data: { ground: { id: string; citation: string }; vermerk: Record<string, string> };
    }>(
      await getDb(),
      sql`select data from audit_events where subject_id = ${t.base.tenderId}
          and action = 'tender.procedure_chosen'`,
    );
    expect(event!.data.ground).toMatchObject({
      id: "uvgo-8-4-5",
      citation: "§ 8 Abs. 4 Nr. 5 UVgO",
    });
    expect(event!.data.vermerk).toMatchObject({
      Verfahren: expect.stringContaining("Verhandlungsvergabe"),
      Ausnahmegrund: expect.stringMatching(/^§ 8 Abs\. 4 Nr\. 5 UVgO: /),
      Begründung: JUSTIFICATION,
    });
  });

  it("wants a reason for any departure from the advice", async () => {
    const t = await draftTender(TONER, 100, new Date()); // 6.000 €: Direktauftrag advised
    await expect(
      recordProcedureChoice({ ...t.base, procedure: "national-public", reason: "anders" }),
    ).rejects.toThrow(/weichen von der Empfehlung „Direktauftrag“ ab/);
    await recordProcedureChoice({
      ...t.base,
      procedure: "national-public",
      reason: FACTORY_PROCEDURE_REASON,
    });
    expect((await getTenderForLead(t.base))!.procedureReason).toBe(FACTORY_PROCEDURE_REASON);
  });

  it("answers the page's form with a German 400 listing the problems", async () => {
    const t = await draftTender(TONER, 4_000, new Date()); // 240.000 €: EU-wide
    const cookie = await sessionCookie.serialize(await createSession({ userId: t.lead.id }));
    const response = (await tenderPageAction({
      request: new Request(`http://localhost/ausschreibungen/${t.base.tenderId}`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "procedure", procedure: "direct-award", reason: "" }),
      }),
      params: { tenderId: t.base.tenderId },
      context: {},
    })) as unknown as { init: { status: number }; data: { problems: string[] } };
    expect(response.init.status).toBe(400);
    expect(response.data.problems).toEqual([
      expect.stringContaining("erreicht den EU-Schwellenwert von 216.000,00 €"),
      expect.stringContaining("Sie weichen von der Empfehlung"),
    ]);
  });
});

describe("the submission deadline at publication", () => {
  /** Chooses the procedure, sets the deadline, publishes at `now`. */
  async function publishWith(
    t: Awaited<ReturnType<typeof draftTender>>,
    procedure: "eu-open" | "national-public" | "direct-award",
    deadline: Date,
    now: Date,
    deadlineReason = "",
  ) {
    await updateTenderSettings({
      ...t.base,
      now: new Date(now.getTime() - 1000),
      input: tenderInput([], { submissionDeadline: deadline, deadlineReason }),
    });
    await recordProcedureChoice({ ...t.base, now, procedure, reason: FACTORY_PROCEDURE_REASON });
    return publishTender({ ...t.base, now });
  }

  it("keeps 30 days for an EU open procedure across the change to summer time", async () => {
    const now = new Date("2027-03-01T09:00:00Z"); // 10:00 MEZ
    const t = await draftTender(TONER, 4_000, now);
    // 30 days from 02.03. end on 31.03. (Wednesday): earliest 01.04.2027 00:00 MESZ = 22:00 UTC
    await expect(publishWith(t, "eu-open", new Date("2027-03-31T21:59:00Z"), now)).rejects.toThrow(
      /zu kurz: vorgeschrieben sind mindestens 30 Tage.*Frühestens zulässig ist 01\.04\.2027, 00:00 Uhr \(MESZ, Europe\/Berlin\)/,
    );
    expect((await getTenderForLead(t.base))!.status).toBe("draft");
    await publishWith(t, "eu-open", new Date("2027-03-31T22:00:00Z"), now);
    expect((await getTenderForLead(t.base))!.status).toBe("published");
  });

  it("keeps the office's 10 days below the threshold across the year end", async () => {
    const now = new Date("2026-12-22T09:00:00Z"); // 10:00 MEZ
    const t = await draftTender(TONER, 1_000, now); // 60.000 €: national
    // 10 days from 23.12. end on 01.01.2027: earliest 02.01.2027 00:00 MEZ = 01.01. 23:00 UTC
    await expect(
      publishWith(t, "national-public", new Date("2027-01-01T22:59:00Z"), now),
    ).rejects.toThrow(/Frühestens zulässig ist 02\.01\.2027, 00:00 Uhr \(MEZ, Europe\/Berlin\)/);
    await publishWith(t, "national-public", new Date("2027-01-01T23:00:00Z"), now);
    expect((await getTenderForLead(t.base))!.status).toBe("published");
  });

  it("takes the office's own minimum, and a shorter period only with a recorded reason", async () => {
    const now = new Date("2026-12-07T09:00:00Z");
    const t = await draftTender(TONER, 1_000, now);
    const db = await getDb();
    await db.update(bodies).set({ nationalDeadlineMinDays: 20 }).where(eq(bodies.id, t.leadBodyId));
    const in15 = new Date(now.getTime() + 15 * DAY);
    await expect(publishWith(t, "national-public", in15, now)).rejects.toThrow(
      /mindestens 20 Tage/,
    );
    await expect(
      publishWith(t, "national-public", new Date(now.getTime() + 3 * DAY), now, "eilig"),
    ).rejects.toThrow(/Kürzere Frist: Bitte begründen Sie nachvollziehbar/);
    const reason =
      "Die Schulen brauchen das Papier vor Beginn des Halbjahres, der Vorrat reicht nur drei Wochen.";
    await publishWith(t, "national-public", new Date(now.getTime() + 3 * DAY), now, reason);
    const [row] = await db
      .select({ status: tenders.status, deadlineReason: tenders.deadlineReason })
      .from(tenders)
      .where(eq(tenders.id, t.base.tenderId));
    expect(row).toEqual({ status: "published", deadlineReason: reason });
  });

  it("has no minimum for a Direktauftrag, only a deadline after sending", async () => {
    const now = new Date();
    const t = await draftTender(TONER, 100, now);
    await publishWith(t, "direct-award", new Date(now.getTime() + 3600_000), now);
    expect((await getTenderForLead(t.base))!.status).toBe("published");
  });

  it("checks the gate again: a choice the changed value no longer allows is refused", async () => {
    const now = new Date();
    const t = await draftTender(LICENCE, 1_000, now); // 120.000 € a year
    await recordProcedureChoice({
      ...t.base,
      procedure: "national-public",
      reason: FACTORY_PROCEDURE_REASON,
    });
    await updateTenderSettings({ ...t.base, input: tenderInput([], { termMonths: 24 }) });
    await expect(publishTender(t.base)).rejects.toThrow(
      /EU-Schwellenwert.*Ein nationales Verfahren ist nicht zulässig.*erneut/,
    );
  });
});

describe("a demand round closed early", () => {
  it("keeps its original deadline on record and on the page's data", async () => {
    const now = new Date();
    const round = await makeOpenRound({ invited: 1, items: 1, now, deadlineInMs: 7 * DAY });
    const actor = {
      roundId: round.roundId,
      leadBodyId: round.leadBodyId,
      actorUserId: round.lead.id,
    };
    const closeAt = new Date(now.getTime() + DAY);
    await changeRoundStatus({ ...actor, transition: "close", now: closeAt });
    const db = await getDb();
    const [row] = await db
      .select({ deadline: rounds.deadline, originalDeadline: rounds.originalDeadline })
      .from(rounds)
      .where(eq(rounds.id, round.roundId));
    expect(row!.deadline.getTime()).toBe(closeAt.getTime());
    expect(row!.originalDeadline!.getTime()).toBe(now.getTime() + 7 * DAY);
    const [event] = await queryRows<{ data: { closedEarly: boolean; originalDeadline: string } }>(
      db,
      sql`select data from audit_events where subject_id = ${round.roundId} and action = 'round.closed'`,
    );
    expect(event!.data).toMatchObject({
      closedEarly: true,
      originalDeadline: new Date(now.getTime() + 7 * DAY).toISOString(),
    });
  });
});
