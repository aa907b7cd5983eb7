// Call-offs against a framework agreement's maximum (issue 17, decision 025): the award fixes the
// maximum per lot (bundled quantity + reserve); a call-off beyond it is refused with what is left;
// call-offs at the same time never pass it together; reaching 80 % queues one mail to the lead.
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { DomainError } from "~/domain/errors";
import {
  callOffItems,
  listCallOffs,
  lotCallOffStatus,
  recordCallOffs,
} from "~/modules/calloffs/index.server";

import { createSession, sessionCookie } from "~/modules/access/index.server";
import { loader as bodyCsv } from "~/routes/kosten.$tenderId.anteil[.]csv";
import { loader as bodyXlsx } from "~/routes/kosten.$tenderId.anteil[.]xlsx";
import { loader as leadCsv } from "~/routes/kosten.$tenderId.gesamt[.]csv";
import { loader as leadXlsx } from "~/routes/kosten.$tenderId.gesamt[.]xlsx";
import { loader as pageLoader } from "~/routes/kosten.$tenderId.abrufe/route";

import { makeAwardedTender } from "../factories/awards";
import { makeUser } from "../factories/rounds";
import { useTestDatabase } from "../support/database";

useTestDatabase();

type Awarded = Awaited<ReturnType<typeof makeAwardedTender>>;

const entry = (
  itemId: string,
  quantity: number,
  calledOn = "2027-03-15",
  costCentre = "KST 1",
) => ({
  itemId,
  quantity,
  calledOn,
  costCentre,
});

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

/** A route's answer for a user: a thrown Response counts as the answer, as in Remix. */
async function get(loader: unknown, userId: string, tenderId: string, path: string) {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  try {
    return await (loader as Loader)({
      request: new Request(`http://localhost/kosten/${tenderId}${path}`, {
        headers: { Cookie: cookie },
      }),
      params: { tenderId },
      context: {},
    });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function bytes(answer: unknown): Promise<Buffer> {
  const response = answer as Response;
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function sheetRows(answer: unknown, name: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await bytes(answer)) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(name);
  expect(sheet, name).toBeDefined();
  const rows: unknown[][] = [];
  sheet!.eachRow((row) => {
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) =>
          v !== null && typeof v === "object" && "result" in v
            ? (v as { result: unknown }).result
            : v,
        ),
    );
  });
  return rows;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
  throw new Error("not refused");
}

describe("call-offs against the framework maximum", () => {
  let t: Awarded;
  const officer = (i: number) => ({ userId: t.officers[i]!.id, bodyId: t.bodyIds[i]! });

  beforeAll(async () => {
    // bundled: lot 1 = 750 + 170 = 920, lot 2 = 25; reserve 10 % → 1.012 and 27
    t = await makeAwardedTender({ framework: true, callOffReserveBp: 1000 });
  });

  it("fixes the maximum per lot at the award: bundled quantity plus the reserve", async () => {
    const status = await lotCallOffStatus({ tenderId: t.tenderId });
    expect(status.map((s) => [s.number, s.bundledQuantity, s.maxQuantity, s.calledOff])).toEqual([
      [1, 920, 1012, 0],
      [2, 25, 27, 0],
    ]);
  });

  it("prices the items at the awarded band and offers them only to participants", async () => {
    const items = await callOffItems({ tenderId: t.tenderId, bodyId: t.bodyIds[0]! });
    // the winner's band 2 (100–999) prices: 4,6750 € and 5,6750 €; lot 2 (25 units): band 1
    expect(items.map((i) => [i.lotNumber, i.unitPrice, i.vatRateBp])).toEqual([
      [1, 46_750, 1900],
      [1, 56_750, 1900],
      [2, 49_875, 1900],
    ]);
    expect(await callOffItems({ tenderId: t.tenderId, bodyId: t.leadBodyId })).toEqual([]);
  });

  it("refuses a call-off over the maximum, naming what is left, and writes nothing", async () => {
    const message = await refusal(
      recordCallOffs({
        tenderId: t.tenderId,
        actor: officer(0),
        entries: [entry(t.itemIds[0]!, 1013)],
      }),
    );
    expect(message).toBe(
      "Los 1 „Papier“: Der Abruf von 1.013 überschreitet die Höchstmenge von 1.012; abrufbar sind noch 1.012.",
    );
    expect(await listCallOffs({ tenderId: t.tenderId })).toEqual([]);
  });

  it("records one within it at the awarded price, to the cent, in the year of its date", async () => {
    await recordCallOffs({
      tenderId: t.tenderId,
      actor: officer(0),
      entries: [entry(t.itemIds[0]!, 333, "2028-02-29", "KST 7")],
    });
    const [row] = await listCallOffs({ tenderId: t.tenderId, bodyId: t.bodyIds[0]! });
    // 333 × 4,6750 € = 1.556,775 € → 1.556,78 €; 19 % = 295,7882 € → 295,79 €
    expect(row).toMatchObject({
      quantity: 333,
      calledOn: "2028-02-29",
      budgetYear: 2028,
      costCentre: "KST 7",
      unitPrice: 46_750,
      netCents: 155_678,
      vatCents: 29_579,
      grossCents: 185_257,
    });
    expect(await listCallOffs({ tenderId: t.tenderId, bodyId: t.bodyIds[1]! })).toEqual([]);
    const message = await refusal(
      recordCallOffs({
        tenderId: t.tenderId,
        actor: officer(1),
        entries: [entry(t.itemIds[1]!, 680)],
      }),
    );
    expect(message).toContain("abrufbar sind noch 679.");
  });

  it("shows the call-off in the body's files and the lead's, to the cent, in its budget year", async () => {
    const treasurer = (await makeUser(t.bodyIds[0]!, "treasurer")).id;
    const leadTreasurer = (await makeUser(t.leadBodyId, "treasurer")).id;
    const rows = await sheetRows(
      await get(bodyXlsx, treasurer, t.tenderId, "/anteil.xlsx"),
      "Abrufe",
    );
    expect(rows).toHaveLength(3); // header, the call-off, the sum
    const [, row, sum] = rows as unknown[][];
    expect(row!.slice(3, 14)).toEqual([
      2028,
      "Los 1",
      expect.stringMatching(/^Testartikel/),
      "30197630-1",
      333,
      "Stück",
      4.675,
      1556.78,
      0.19,
      295.79,
      1852.57,
    ]);
    expect(row![14]).toBe("KST 7");
    expect([sum![0], sum![10], sum![12], sum![13]]).toEqual(["Summe", 1556.78, 295.79, 1852.57]);
    const years = await sheetRows(
      await get(bodyXlsx, treasurer, t.tenderId, "/anteil.xlsx"),
      "Abrufe je Haushaltsjahr",
    );
    expect(years.slice(1)).toEqual([
      [2028, 1556.78, 295.79, 1852.57],
      ["Summe", 1556.78, 295.79, 1852.57],
    ]);
    const csv = (await bytes(await get(bodyCsv, treasurer, t.tenderId, "/anteil.csv"))).toString();
    const abruf = csv.split("\r\n").filter((l) => l.split(";")[3] === "Abruf");
    expect(abruf).toHaveLength(1);
    expect(abruf[0]!.split(";").slice(6, 18)).toEqual([
      "333",
      "Stück",
      "4,675",
      "1556,78",
      "19",
      "295,79",
      "1852,57",
      "KST 7",
      "",
      "",
      "2028",
      "Lieferant",
    ]);
    // the lead's files hold it too; another participant's file does not
    const leadRows = await sheetRows(
      await get(leadXlsx, leadTreasurer, t.tenderId, "/gesamt.xlsx"),
      "Abrufe",
    );
    expect(leadRows[1]!.slice(10, 14)).toEqual([1556.78, 0.19, 295.79, 1852.57]);
    const leadText = (
      await bytes(await get(leadCsv, leadTreasurer, t.tenderId, "/gesamt.csv"))
    ).toString();
    expect(leadText).toContain(";Abruf;");
    const other = (await makeUser(t.bodyIds[1]!, "treasurer")).id;
    const otherCsv = (await bytes(await get(bodyCsv, other, t.tenderId, "/anteil.csv"))).toString();
    expect(otherCsv).not.toContain(";Abruf;");
  });

  it("shows the page to participants only: another body gets 404", async () => {
    const page = (await get(pageLoader, t.officers[0]!.id, t.tenderId, "/abrufe")) as Awaited<
      ReturnType<typeof pageLoader>
    >;
    expect(page.callOffs.map((c) => c.quantity)).toEqual([333]);
    expect(page.items).toHaveLength(3);
    const other = await makeAwardedTender({ framework: true });
    const stranger = await get(pageLoader, other.officers[0]!.id, t.tenderId, "/abrufe");
    expect((stranger as Response).status).toBe(404);
    const foreignLead = await get(pageLoader, other.lead.id, t.tenderId, "/abrufe");
    expect((foreignLead as Response).status).toBe(404);
    const lead = (await get(pageLoader, t.lead.id, t.tenderId, "/abrufe")) as Awaited<
      ReturnType<typeof pageLoader>
    >;
    expect(lead.canRecord).toBe(false);
    expect(lead.callOffs).toHaveLength(1);
  });

  it("refuses an item of another tender and a body that does not take part", async () => {
    const other = await makeAwardedTender({ framework: true, callOffReserveBp: 0 });
    expect(
      await refusal(
        recordCallOffs({
          tenderId: t.tenderId,
          actor: officer(0),
          entries: [entry(other.itemIds[0]!, 1)],
        }),
      ),
    ).toContain("kann aus dieser Rahmenvereinbarung nicht abgerufen werden");
    expect(
      await refusal(
        recordCallOffs({
          tenderId: t.tenderId,
          actor: { userId: other.officers[0]!.id, bodyId: other.bodyIds[0]! },
          entries: [entry(t.itemIds[0]!, 1)],
        }),
      ),
    ).toContain("kann aus dieser Rahmenvereinbarung nicht abgerufen werden");
  });

  it("lets call-offs at the same time never pass the maximum together", async () => {
    // lot 2: maximum 27; twelve call-offs of 4 at once: exactly six fit (24), the rest is refused
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        recordCallOffs({
          tenderId: t.tenderId,
          actor: officer(i % 3),
          entries: [entry(t.itemIds[2]!, 4)],
        }),
      ),
    );
    const refused = attempts.filter((a) => a.status === "rejected");
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(6);
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
      expect(String((r as PromiseRejectedResult).reason.message)).toContain(
        "abrufbar sind noch 3.",
      );
    }
    const lot2 = (await lotCallOffStatus({ tenderId: t.tenderId }))[1]!;
    expect(lot2.calledOff).toBe(24);
    expect(lot2.bodies.reduce((s, b) => s + b.calledOff, 0)).toBe(24);
  });

  it("queues one mail to the lead's Vergabestelle when a lot reaches 80 %", async () => {
    const db = await getDb();
    const mails = () =>
      queryRows<{ recipient: string; subject: string }>(
        db,
        sql`select recipient, subject from mail_outbox where kind = 'call-off-threshold'
            and subject_key = ${`lot:${t.lotIds[1]}:call-offs`}`,
      );
    // lot 2 went from 0 to 24 of 27 (88 %) above: one mail, to the lead's procurement user
    const queued = await mails();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.recipient).toBe(t.lead.email);
    expect(queued[0]!.subject).toMatch(/^Höchstmenge zu 88 % abgerufen: Los 2/);
    // lot 1: 333 of 1.012 so far; 477 more reach 810 (80,04 %): the mail comes with that call-off
    const lot1 = `lot:${t.lotIds[0]}:call-offs`;
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from mail_outbox where subject_key = ${lot1}`,
        )
      )[0]!.n;
    await recordCallOffs({
      tenderId: t.tenderId,
      actor: officer(1),
      entries: [entry(t.itemIds[1]!, 476)],
    });
    expect(await count()).toBe(0); // 809 of 1.012: 79,9 %
    await recordCallOffs({
      tenderId: t.tenderId,
      actor: officer(1),
      entries: [entry(t.itemIds[1]!, 1)],
    });
    expect(await count()).toBe(1);
    await recordCallOffs({
      tenderId: t.tenderId,
      actor: officer(1),
      entries: [entry(t.itemIds[1]!, 1)],
    });
    expect(await count()).toBe(1);
  });

  it("fixes no maximum for a single contract", async () => {
    const single = await makeAwardedTender();
    expect(await lotCallOffStatus({ tenderId: single.tenderId })).toEqual([]);
    expect(await callOffItems({ tenderId: single.tenderId, bodyId: single.bodyIds[0]! })).toEqual(
      [],
    );
  });
});
