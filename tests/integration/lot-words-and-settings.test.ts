// Issue 18 "Words and numbers": a lot is named in words from its CPV code on the tender page and
// in the body's XLSX. Issue 15: the Vergabestelle sets its body's minimum national period.
import { and, eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { bodies } from "#db/schema";
import { LINES_SHEET } from "~/modules/split/index.server";
import { action as settingsAction, loader as settingsLoader } from "~/routes/konto.vergabestelle";
import { loader as tenderPageLoader } from "~/routes/ausschreibungen.$tenderId._index/route";
import { loader as bodyXlsxLoader } from "~/routes/kosten.$tenderId.anteil[.]xlsx";
import { createSession, sessionCookie } from "~/modules/access/index.server";

import { makeAwardedTender } from "../factories/awards";
import { makeBody, makeUser } from "../factories/rounds";
import { readWorkbook } from "../factories/xlsx";
import { getAs, type Loader } from "../support/call-loader";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const PAPER = "Los 1 – Papier (Druckpapier, CPV 30197630)";

describe("lots named in words from their CPV code", () => {
  it("on the tender page and in a body's XLSX", async () => {
    const t = await makeAwardedTender();
    const page = (await getAs(
      tenderPageLoader as Loader,
      t.lead.id,
      `/ausschreibungen/${t.tenderId}`,
      { tenderId: t.tenderId },
    )) as { lots: { label: string }[]; lifecycle: { lots: { label: string }[] } };
    expect(page.lots[0]!.label).toBe(PAPER);
    expect(page.lifecycle.lots[0]!.label).toBe(PAPER);

    const treasurer = await makeUser(t.bodyIds[1]!, "treasurer");
    const response = (await getAs(
      bodyXlsxLoader as Loader,
      treasurer.id,
      `/kosten/${t.tenderId}/anteil.xlsx`,
      { tenderId: t.tenderId },
    )) as Response;
    expect(response.status).toBe(200);
    const workbook = await readWorkbook(new Uint8Array(await response.arrayBuffer()));
    expect(workbook.getWorksheet(LINES_SHEET)!.getRow(2).getCell(1).value).toBe(PAPER);
  });
});

async function post(userId: string, form: Record<string, string>) {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  const request = new Request("http://localhost/konto/vergabestelle", {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(form),
  });
  try {
    const result = await settingsAction({ request, params: {}, context: {} });
    const wrapped = result as unknown as { data?: unknown; init?: { status?: number } };
    return { status: wrapped.init?.status ?? 200, data: wrapped.data as never };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: undefined };
    throw thrown;
  }
}

describe("the Vergabestelle's minimum national period", () => {
  it("is 10 days by default, saved from 1 to 60 with an audit event, refused otherwise", async () => {
    const bodyId = await makeBody("Stadt Fristen");
    const lead = await makeUser(bodyId, "procurement");
    const page = (await getAs(settingsLoader as Loader, lead.id, "/konto/vergabestelle", {})) as {
      body: { days: number };
    };
    expect(page.body.days).toBe(10);

    for (const bad of ["0", "61", "7,5", "", "zehn"]) {
      const refused = await post(lead.id, { nationalDeadlineMinDays: bad });
      expect(refused.status).toBe(400);
      expect(
        (refused.data as unknown as { fieldErrors: Record<string, string> }).fieldErrors
          .nationalDeadlineMinDays,
      ).toBe("Bitte geben Sie eine ganze Zahl von 1 bis 60 Tagen ein.");
    }
    const db = await getDb();
    const days = async () =>
      (
        await db
          .select({ d: bodies.nationalDeadlineMinDays })
          .from(bodies)
          .where(eq(bodies.id, bodyId))
      )[0]!.d;
    expect(await days()).toBe(10);

    expect((await post(lead.id, { nationalDeadlineMinDays: "21" })).status).toBe(302);
    expect(await days()).toBe(21);
    const events = await queryRows<{ data: { old: number; new: number }; actor_user_id: string }>(
      db,
      sql`select data, actor_user_id from audit_events
           where action = 'body.national_deadline_changed' and subject_id = ${bodyId}`,
    );
    expect(events).toEqual([{ data: { old: 10, new: 21 }, actor_user_id: lead.id }]);
  });

  it("is open to the Vergabestelle only, and only for its own body", async () => {
    const bodyA = await makeBody("Stadt A");
    const bodyB = await makeBody("Stadt B");
    const treasurer = await makeUser(bodyA, "treasurer");
    const leadB = await makeUser(bodyB, "procurement");
    const denied = (await getAs(
      settingsLoader as Loader,
      treasurer.id,
      "/konto/vergabestelle",
      {},
    )) as Response;
    expect(denied.status).toBe(403);
    expect((await post(treasurer.id, { nationalDeadlineMinDays: "30" })).status).toBe(403);
    expect((await post(leadB.id, { nationalDeadlineMinDays: "30" })).status).toBe(302);
    const db = await getDb();
    const rows = await db
      .select({ id: bodies.id, d: bodies.nationalDeadlineMinDays })
      .from(bodies)
      .where(and(sql`${bodies.id} in (${bodyA}::uuid, ${bodyB}::uuid)`));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.d]))).toEqual({ [bodyA]: 10, [bodyB]: 30 });
  });
});
