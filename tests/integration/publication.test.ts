// Publication on a real database: public queries see published tenders only and no internal
// data; the public routes work without a cookie; the OCDS releases (before and after awards)
// validate against the official schema with the lots extension; the specification XLSX has one
// sheet per lot with a row per item and band; the Vergabevermerk is the lead's alone.
import { eq, sql } from "drizzle-orm";
import type ExcelJS from "exceljs";

import { getDb, queryRows } from "#db/client";
import { awards, bidPrices, bids, lots, tenders } from "#db/schema";
import { type OcdsRelease, type OcdsReleasePackage } from "~/domain/ocds";
import {
  SPECIFICATION_COVER_SHEET as COVER_SHEET,
  SPECIFICATION_FIRST_ITEM_ROW as FIRST_ITEM_ROW,
  SPECIFICATION_HEADER_ROW as HEADER_ROW,
  specificationColumn,
} from "~/modules/publication/index.server";
import { RECORD_HEADER_ROW, RECORD_SHEET } from "~/modules/audit/index.server";
import {
  getPublishedTender,
  listPublishedTenders,
  listPublishedTendersInFull,
} from "~/modules/publication/index.server";
import { listPublishedAwards } from "~/modules/bids/index.server";
import { createSession } from "~/modules/access/index.server";
import { loader as ocdsListLoader } from "~/routes/api.ocds.tenders[.]json";
import { loader as ocdsLoader } from "~/routes/api.ocds.tenders.$tenderId[.]json";
import { loader as recordLoader } from "~/routes/ausschreibungen.$tenderId.vermerk[.]xlsx";
import { loader as detailLoader } from "~/routes/oeffentlich.$tenderId._index";
import { loader as specificationLoader } from "~/routes/oeffentlich.$tenderId.leistungsverzeichnis[.]xlsx";
import { loader as listLoader } from "~/routes/oeffentlich._index";
import { sessionCookie } from "~/modules/access/index.server";

import { makeBody, makeUser } from "../factories/rounds";
import { FACTORY_BANDS, makePublishedTender } from "../factories/tenders";
import { readWorkbook } from "../factories/xlsx";
import { useTestDatabase } from "../support/database";
import { releaseErrors } from "../support/ocds-schema";

useTestDatabase();

type Published = Awaited<ReturnType<typeof makePublishedTender>>;
let published: Published;
let draftId: string;

const origin = "http://localhost";

async function responseOf(promise: Promise<unknown>): Promise<Response> {
  try {
    return (await promise) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function bytesOf(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await response.arrayBuffer());
}

/** A bid with one unit price per item and band (1/10,000 EUR), written directly. */
async function insertBid(
  lotId: string,
  itemIds: string[],
  bidderName: string,
  prices: number[][],
  createdBy: string,
) {
  const db = await getDb();
  const [bid] = await db
    .insert(bids)
    .values({
      tenderId: published.tenderId,
      lotId,
      bidderName,
      bidderAddress: "Industriestraße 5, 31785 Hameln",
      source: "typed",
      createdBy,
      createdAt: new Date(),
    })
    .returning({ id: bids.id });
  await db.insert(bidPrices).values(
    itemIds.flatMap((itemId, i) =>
      prices[i]!.map((unitPrice, bandIndex) => ({
        bidId: bid!.id,
        itemId,
        bandIndex,
        unitPrice,
      })),
    ),
  );
  return bid!.id;
}

beforeAll(async () => {
  published = await makePublishedTender();
  const db = await getDb();
  const [draft] = await db
    .insert(tenders)
    .values({
      leadBodyId: published.leadBodyId,
      referenceNumber: "ENTWURF-1",
      title: "Geheimer Entwurf",
      contractStart: "2027-01-01",
      submissionDeadline: new Date(Date.now() + 86_400_000),
      createdBy: published.lead.id,
    })
    .returning({ id: tenders.id });
  draftId = draft!.id;
  await db
    .insert(lots)
    .values({ tenderId: draftId, number: 1, title: "Entwurfslos", category: "consumable" });
});

describe("public queries", () => {
  it("list and load published tenders only", async () => {
    const { total, tenders: rows } = await listPublishedTenders({ page: 1, pageSize: 20 });
    expect(total).toBe(1);
    expect(rows.map((t) => t.id)).toEqual([published.tenderId]);
    expect(rows[0]).toMatchObject({ lotCount: 2, participantCount: 3, awardedLotCount: 0 });
    expect(await getPublishedTender({ tenderId: draftId })).toBeUndefined();
    expect(await getPublishedTender({ tenderId: "kein-uuid" })).toBeUndefined();
    const full = await listPublishedTendersInFull({ page: 1, pageSize: 50 });
    expect(full.tenders.map((t) => t.id)).toEqual([published.tenderId]);
  });

  it("show bundled quantities, CPV labels, bands and bodies – nothing internal", async () => {
    const tender = (await getPublishedTender({ tenderId: published.tenderId }))!;
    expect(tender.lead.id).toBe(published.leadBodyId);
    expect(tender.participants.map((p) => p.id).sort()).toEqual([...published.bodyIds].sort());
    expect(
      tender.lots.map((l) => [l.number, l.title, l.items.map((i) => i.bundledQuantity)]),
    ).toEqual([
      [1, "Papier", [750, 170]],
      [2, "Papier Sonderformate", [25]],
    ]);
    const item = tender.lots[0]!.items[0]!;
    expect(item).toMatchObject({ cpvCode: "30197630-1", cpvLabel: "Druckpapier", unit: "Stück" });
    expect(item.bandMinQty).toEqual(FACTORY_BANDS);
    const json = JSON.stringify(tender);
    for (const internal of [
      "costCentre",
      "cost_centre",
      "ledgerAccount",
      "referencePrice",
      "demand",
    ]) {
      expect(json).not.toContain(internal);
    }
    // The per-body quantities (250, 150, 300, 120 …) appear nowhere, only the bundled ones.
    expect(json).not.toMatch(/"quantity"/);
  });
});

describe("public routes without login", () => {
  it("list and detail pages", async () => {
    const list = await listLoader({
      request: new Request(`${origin}/oeffentlich`),
      params: {},
      context: {},
    });
    expect(list.tenders.map((t) => t.id)).toEqual([published.tenderId]);
    const detail = await detailLoader({
      request: new Request(`${origin}/oeffentlich/${published.tenderId}`),
      params: { tenderId: published.tenderId },
      context: {},
    });
    expect(detail.tender.lots.map((l) => l.label)).toEqual([
      // in words from the CPV code of the lot's items (issue 18)
      "Los 1 – Papier (Druckpapier, CPV 30197630)",
      "Los 2 – Papier Sonderformate (Druckpapier, CPV 30197630)",
    ]);
    expect(detail.tender.bodies.filter((b) => b.id === detail.tender.leadId)).toHaveLength(1);
    expect(detail.tender.lots[0]!.items[0]!.bands).toBe("ab 0 · ab 100 · ab 1.000");
  });

  it("a draft is a 404 everywhere", async () => {
    const params = { tenderId: draftId };
    const detail = await responseOf(
      detailLoader({
        request: new Request(`${origin}/oeffentlich/${draftId}`),
        params,
        context: {},
      }),
    );
    expect(detail.status).toBe(404);
    const specification = await responseOf(
      specificationLoader({ request: new Request(`${origin}/x`), params, context: {} }),
    );
    expect(specification.status).toBe(404);
    const ocds = await responseOf(
      ocdsLoader({ request: new Request(`${origin}/x`), params, context: {} }),
    );
    expect(ocds.status).toBe(404);
    const list = await responseOf(
      ocdsListLoader({
        request: new Request(`${origin}/api/ocds/tenders.json`),
        params: {},
        context: {},
      }),
    );
    const pkg = (await list.json()) as OcdsReleasePackage;
    expect(JSON.stringify(pkg)).not.toContain(draftId);
  });
});

describe("OCDS", () => {
  async function currentRelease(): Promise<OcdsRelease> {
    const response = await responseOf(
      ocdsLoader({
        request: new Request(`${origin}/api/ocds/tenders/${published.tenderId}.json`),
        params: { tenderId: published.tenderId },
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    return (await response.json()) as OcdsRelease;
  }

  it("the release of a published tender validates and names lead, participants, lots and items", async () => {
    const release = await currentRelease();
    expect(releaseErrors(release)).toEqual([]);
    expect(release.tag).toEqual(["tender"]);
    expect(release.parties).toHaveLength(4); // lead + three participants
    expect(release.parties[0]!.roles).toEqual(["buyer", "procuringEntity"]);
    expect(release.parties.slice(1).every((p) => p.roles.join() === "buyer")).toBe(true);
    expect(release.tender.lots.map((l) => l.id)).toEqual(["LOT-0001", "LOT-0002"]);
    expect(
      release.tender.items.map((i) => [i.quantity, i.relatedLot, i.classification.scheme]),
    ).toEqual([
      [750, "LOT-0001", "CPV"],
      [170, "LOT-0001", "CPV"],
      [25, "LOT-0002", "CPV"],
    ]);
    expect(release.tender.procurementMethod).toBe("open");
  });

  it("after awards: one release per award, each valid, with supplier and exact value", async () => {
    const db = await getDb();
    const [lot1, lot2] = published.lotIds as [string, string];
    const [a, b, c] = published.itemIds as [string, string, string];
    // Lot 2: item c, 25 units in band "ab 0": 25 × 5,0000 € = 125,00 €.
    const bid2 = await insertBid(
      lot2,
      [c],
      "Sonderpapier GmbH",
      [[50_000, 45_000, 40_000]],
      published.lead.id,
    );
    await insertBid(lot2, [c], "Teurer AG", [[60_000, 60_000, 60_000]], published.lead.id);
    await db.insert(awards).values({
      lotId: lot2,
      tenderId: published.tenderId,
      bidId: bid2,
      awardedBy: published.lead.id,
      awardedAt: new Date(Date.now() - 60_000),
    });
    let release = await currentRelease();
    expect(releaseErrors(release)).toEqual([]);
    expect(release.id).toBe(`${published.tenderId}-award-1`);
    expect(release.tag).toEqual(["award"]);
    expect(release.tender.status).toBe("active");
    expect(release.awards).toEqual([
      expect.objectContaining({
        relatedLots: ["LOT-0002"],
        suppliers: [expect.objectContaining({ name: "Sonderpapier GmbH" })],
        value: { amount: 125, currency: "EUR" },
      }),
    ]);
    expect(JSON.stringify(release)).not.toContain("Teurer AG");

    // Lot 1: 750 × 1,2345 € (band ab 100) + 170 × 2,0001 € (band ab 100) = 925,875 + 340,017 = 1.265,892 → 1.265,89 €.
    const bid1 = await insertBid(
      lot1,
      [a, b],
      "Papier & Co. KG",
      [
        [15_000, 12_345, 11_000],
        [30_000, 20_001, 19_000],
      ],
      published.lead.id,
    );
    await db.insert(awards).values({
      lotId: lot1,
      tenderId: published.tenderId,
      bidId: bid1,
      awardedBy: published.lead.id,
      awardedAt: new Date(),
    });
    release = await currentRelease();
    expect(releaseErrors(release)).toEqual([]);
    expect(release.id).toBe(`${published.tenderId}-award-2`);
    expect(release.tender.status).toBe("complete");
    expect(release.awards!.map((x) => [x.relatedLots[0], x.value?.amount])).toEqual([
      ["LOT-0002", 125],
      ["LOT-0001", 1265.89],
    ]);
    expect(release.parties.filter((p) => p.roles.includes("supplier")).map((p) => p.name)).toEqual([
      "Sonderpapier GmbH",
      "Papier & Co. KG",
    ]);

    const list = await responseOf(
      ocdsListLoader({
        request: new Request(`${origin}/api/ocds/tenders.json`),
        params: {},
        context: {},
      }),
    );
    const pkg = (await list.json()) as OcdsReleasePackage;
    expect(pkg.releases.map((r) => r.id)).toEqual([
      `${published.tenderId}-tender`,
      `${published.tenderId}-award-1`,
      `${published.tenderId}-award-2`,
    ]);
    for (const r of pkg.releases) expect(releaseErrors(r)).toEqual([]);
    expect(pkg.links).toBeUndefined();

    const { tenders: rows } = await listPublishedTenders({ page: 1, pageSize: 20 });
    expect(rows[0]!.awardedLotCount).toBe(2);
    // The same values as the award module computes for its own pages.
    const theirs = await listPublishedAwards({ tenderId: published.tenderId });
    expect(theirs.map((x) => [x.lotNumber, x.netCents])).toEqual([
      [1, 126_589],
      [2, 12_500],
    ]);
  });
});

describe("specification XLSX", () => {
  it("has a cover sheet and one sheet per lot with a row per item and band", async () => {
    const response = await responseOf(
      specificationLoader({
        request: new Request(
          `${origin}/oeffentlich/${published.tenderId}/leistungsverzeichnis.xlsx`,
        ),
        params: { tenderId: published.tenderId },
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="Leistungsverzeichnis_V_\d+_.*\.xlsx"$/,
    );
    const workbook = await readWorkbook(await bytesOf(response));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([COVER_SHEET, "Los 1", "Los 2"]);

    const cover = workbook.getWorksheet(COVER_SHEET)!;
    const coverText = coverValues(cover);
    expect(coverText).toContain("Gesamtmengenstaffel");
    expect(coverText).toContain("federführend");
    const deadlineRow = findRow(cover, "Angebotsfrist");
    expect(cover.getCell(deadlineRow, 2).value).toBeInstanceOf(Date);
    expect(cover.getCell(deadlineRow, 2).numFmt).toBe("dd.mm.yyyy hh:mm");

    const lot1 = workbook.getWorksheet("Los 1")!;
    const col = specificationColumn;
    const rows = [];
    for (let r = FIRST_ITEM_ROW; r <= lot1.rowCount; r++) {
      const row = lot1.getRow(r);
      rows.push([
        row.getCell(col("position")).value,
        row.getCell(col("cpvCode")).value,
        row.getCell(col("cpvLabel")).value,
        row.getCell(col("quantity")).value,
        row.getCell(col("band")).value,
        row.getCell(col("range")).value,
        row.getCell(col("from")).value,
        row.getCell(col("to")).value,
      ]);
    }
    expect(rows).toEqual([
      [1, "30197630-1", "Druckpapier", 750, 1, "ab 0 bis 99 Stück", 0, 99],
      [1, "30197630-1", "Druckpapier", 750, 2, "ab 100 bis 999 Stück", 100, 999],
      [1, "30197630-1", "Druckpapier", 750, 3, "ab 1.000 Stück", 1000, null],
      [2, "30197630-1", "Druckpapier", 170, 1, "ab 0 bis 99 Stück", 0, 99],
      [2, "30197630-1", "Druckpapier", 170, 2, "ab 100 bis 999 Stück", 100, 999],
      [2, "30197630-1", "Druckpapier", 170, 3, "ab 1.000 Stück", 1000, null],
    ]);
    expect(lot1.getRow(HEADER_ROW).getCell(col("quantity")).value).toBe("Gebündelte Menge");
    expect(lot1.getRow(FIRST_ITEM_ROW).getCell(col("quantity")).numFmt).toBe("#,##0");
    expect(lot1.views[0]).toMatchObject({ state: "frozen", ySplit: HEADER_ROW });
    for (const sheet of workbook.worksheets) {
      expect(
        (sheet as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet,
      ).toBe(true);
    }
    expect(workbook.getWorksheet("Los 2")!.rowCount).toBe(FIRST_ITEM_ROW + 2);
  });
});

function coverValues(sheet: ExcelJS.Worksheet): string {
  const values: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value))));
  return values.join("\n");
}

function findRow(sheet: ExcelJS.Worksheet, label: string): number {
  let found = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === label) found = n;
  });
  if (!found) throw new Error(`no row ${label}`);
  return found;
}

describe("Vergabevermerk", () => {
  async function download(userId: string, tenderId = published.tenderId) {
    const cookie = await sessionCookie.serialize(await createSession({ userId }));
    return responseOf(
      recordLoader({
        request: new Request(`${origin}/ausschreibungen/${tenderId}/vermerk.xlsx`, {
          headers: { Cookie: cookie },
        }),
        params: { tenderId },
        context: {},
      }),
    );
  }

  it("is refused to other bodies and roles, and to anonymous users", async () => {
    const other = await makeUser(await makeBody("Andere Stadt"), "procurement");
    expect((await download(other.id)).status).toBe(404);
    expect((await download(published.officers[0]!.id)).status).toBe(403);
    const treasurer = await makeUser(published.leadBodyId, "treasurer");
    expect((await download(treasurer.id)).status).toBe(403);
    const anonymous = await responseOf(
      recordLoader({
        request: new Request(`${origin}/ausschreibungen/${published.tenderId}/vermerk.xlsx`),
        params: { tenderId: published.tenderId },
        context: {},
      }),
    );
    expect(anonymous.status).toBe(302);
    expect((await download(published.lead.id, "kein-uuid")).status).toBe(404);
  });

  it("lists the tender's events in order, with the advice at the procedure choice, and logs itself", async () => {
    const db = await getDb();
    const before = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_events where action = 'tender.record_exported'`,
    );
    const response = await download(published.lead.id);
    expect(response.status).toBe(200);
    const workbook = await readWorkbook(await bytesOf(response));
    const sheet = workbook.getWorksheet(RECORD_SHEET)!;
    const rows: { n: unknown; time: unknown; actor: unknown; action: unknown; details: string }[] =
      [];
    for (let r = RECORD_HEADER_ROW + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      rows.push({
        n: row.getCell(1).value,
        time: row.getCell(2).value,
        actor: row.getCell(3).value,
        action: row.getCell(5).value,
        details: String(row.getCell(6).value ?? ""),
      });
    }
    const actions = rows.map((r) => r.action);
    // the bundled round's events first (issue 15), then the tender's
    expect(actions.indexOf("Bedarfsabfrage geschlossen")).toBeGreaterThanOrEqual(0);
    expect(actions.indexOf("Bedarfsabfrage geschlossen")).toBeLessThan(
      actions.indexOf("Ausschreibung angelegt"),
    );
    expect(actions).toContain("Los umbenannt");
    expect(actions).toContain("Los geteilt");
    expect(actions.filter((a) => a === "Preisstaffeln festgelegt")).toHaveLength(3);
    expect(actions.filter((a) => a === "Umlage hinzugefügt")).toHaveLength(2);
    expect(actions.indexOf("Verfahrensart gewählt")).toBeLessThan(
      actions.indexOf("Ausschreibung veröffentlicht"),
    );
    expect(actions.at(-1)).toBe("Vergabevermerk exportiert");
    expect(rows.map((r) => r.n)).toEqual(rows.map((_, i) => i + 1));
    const times = rows.map((r) => (r.time as Date).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(rows.every((r) => typeof r.actor === "string" && r.actor !== "")).toBe(true);

    const choice = rows.find((r) => r.action === "Verfahrensart gewählt")!;
    expect(choice.details).toContain("Gewählt: National: Öffentliche Ausschreibung");
    expect(choice.details).toContain("Empfehlung zu diesem Zeitpunkt");
    expect(choice.details).toMatch(
      /Geschätzter Gesamtauftragswert [\d.,]+ € netto; EU-Schwellenwert [\d.,]+ €/,
    );
    expect(choice.details).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no raw ids

    const after = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_events where action = 'tender.record_exported'`,
    );
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", fitToWidth: 1 });
  });

  it("includes events filed under the tender's bids or naming the tender in their data", async () => {
    const db = await getDb();
    const [bid] = await db
      .select({ id: bids.id })
      .from(bids)
      .where(eq(bids.tenderId, published.tenderId))
      .limit(1);
    await db.execute(sql`insert into audit_events (occurred_at, actor_user_id, body_id, action, subject_type, subject_id, data)
      values (now(), ${published.lead.id}, ${published.leadBodyId}, 'bid.checked', 'bid', ${bid!.id}, '{}'),
             (now(), ${published.lead.id}, ${published.leadBodyId}, 'note.added', 'note', 'x', ${JSON.stringify({ tenderId: published.tenderId, note: "Rückfrage beantwortet" })}::jsonb)`);
    const response = await download(published.lead.id);
    const sheet = (await readWorkbook(await bytesOf(response))).getWorksheet(RECORD_SHEET)!;
    const texts: string[] = [];
    for (let r = RECORD_HEADER_ROW + 1; r <= sheet.rowCount; r++) {
      texts.push(
        `${String(sheet.getRow(r).getCell(5).value)} | ${String(sheet.getRow(r).getCell(6).value)}`,
      );
    }
    expect(texts.some((t) => t.startsWith("Vorgang „bid.checked“"))).toBe(true);
    expect(texts.some((t) => t.includes("Rückfrage beantwortet"))).toBe(true);
  });
});
