import { sql } from "drizzle-orm";
import type ExcelJS from "exceljs";
import JSZip from "jszip";

import { getDb, queryRows } from "#db/client";
import {
  buildPriceSheet,
  CONTROL_SHEET,
  COVER_SHEET,
  FIRST_PRICE_ROW,
  HEADER_ROW,
  LOT_COLUMNS,
} from "~/modules/publication/index.server";
import { euroNumberToTenThousandths, importPriceSheetUpload } from "~/modules/bids/index.server";
import { formatProblem } from "~/kit/spreadsheet/xlsx-reader.server";
import { listTenderLots, loadBids } from "~/modules/bids/index.server";
import { createSession } from "~/modules/access/index.server";
import { action as bidsAction } from "~/routes/ausschreibungen.$tenderId.angebote/route";
import { loader as sheetLoader } from "~/routes/ausschreibungen.$tenderId.preisblatt";
import { sessionCookie } from "~/modules/access/index.server";

import {
  fillPriceSheet,
  lotSheet,
  priceCell,
  priceRow,
  type SheetPrices,
} from "../factories/price-sheets";
import { makeUser } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import { readWorkbook } from "../factories/xlsx";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const DAY = 24 * 3600 * 1000;

/** bids, bid_prices and audit_events as one fingerprint: equal means nothing was written. */
async function bidTablesChecksum() {
  const db = await getDb();
  const rows = await queryRows<{ table: string; n: number; sum: string }>(
    db,
    sql.raw(
      ["bids", "bid_prices", "audit_events", "awards"]
        .map(
          (t) =>
            `select '${t}' as table, count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as sum from ${t} x`,
        )
        .join(" union all "),
    ),
  );
  return rows.sort((a, b) => a.table.localeCompare(b.table));
}

/** A good set of prices for every lot: falling by 10 cents per band. */
async function goodPrices(tenderId: string, base = 5): Promise<SheetPrices> {
  const lots = await listTenderLots({ tenderId });
  return Object.fromEntries(
    lots.map((lot) => [
      lot.number,
      lot.items.map((item, i) => item.bandMinQty.map((_, b) => base + i - b * 0.1)),
    ]),
  );
}

async function setup(options: Parameters<typeof makePublishedTender>[0] = {}) {
  const t = await makePublishedTender(options);
  const sheet = await buildPriceSheet({ tenderId: t.tenderId });
  if (!sheet) throw new Error("no price sheet");
  const actor = { userId: t.lead.id, bodyId: t.leadBodyId };
  const upload = (bytes: Uint8Array, now = new Date()) =>
    importPriceSheetUpload({ tenderId: t.tenderId, actor, bytes, fileName: "angebot.xlsx", now });
  return { ...t, sheet, actor, upload };
}

describe("price sheet download", () => {
  it("has a cover, one protected sheet per lot with a row per item and band, and the hidden control sheet", async () => {
    const s = await setup();
    expect(s.sheet.fileName).toMatch(/^Preisblatt_V_\w+\.xlsx$/);
    const workbook = await readWorkbook(s.sheet.bytes);
    const lots = await listTenderLots({ tenderId: s.tenderId });
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      COVER_SHEET,
      ...lots.map((l) => `Los ${l.number}`),
      CONTROL_SHEET,
    ]);

    const cover = workbook.getWorksheet(COVER_SHEET)!;
    expect(cover.getCell("A1").value).toBe("Preisblatt: Büromaterial 2027 (gemeinsam)");
    expect(cover.getCell("B9").protection).toMatchObject({ locked: false });
    expect(cover.getCell("B10").protection).toMatchObject({ locked: false });
    expect(cover.getCell("B2").protection?.locked).not.toBe(false);
    expect((cover as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({
      sheet: true,
    });

    const lot = lots[0]!;
    const sheet = lotSheet(workbook, lot.number);
    expect(sheet.getRow(HEADER_ROW).values).toEqual([
      undefined,
      ...LOT_COLUMNS.map((c) => c.header),
    ]);
    const rows = lot.items.flatMap((item) => item.bandMinQty.map((minQty) => ({ item, minQty })));
    rows.forEach(({ item, minQty }, i) => {
      const row = sheet.getRow(FIRST_PRICE_ROW + i);
      expect(row.getCell(2).value).toBe(item.name);
      expect(row.getCell(3).value).toBe(item.unit);
      expect(row.getCell(4).value).toBe(item.cpvCode);
      expect(row.getCell(5).value).toBe(item.bundledQuantity);
      expect(row.getCell(6).value).toBe(`ab ${minQty.toLocaleString("de-DE")}`);
      expect(row.getCell(7).value).toBeNull();
      expect(row.getCell(8).value).toBe(item.articleNumber);
      expect(row.getCell(7).protection).toMatchObject({ locked: false });
      expect(row.getCell(2).protection?.locked).not.toBe(false);
      expect(row.getCell(7).dataValidation).toMatchObject({
        type: "custom",
        formulae: [expect.stringContaining(`ROUND(G${FIRST_PRICE_ROW + i},4)`)],
        showErrorMessage: true,
        error: expect.stringContaining("höchstens vier Nachkommastellen"),
      });
    });
    expect(sheet.getRow(FIRST_PRICE_ROW + rows.length).getCell(2).value).toBeNull();
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({
      sheet: true,
    });

    const control = workbook.getWorksheet(CONTROL_SHEET)!;
    expect(control.state).toBe("veryHidden");
    expect(control.getCell("B3").value).toBe(s.tenderId);
    expect(control.getRow(8).values).toEqual([
      undefined,
      "Los 1",
      FIRST_PRICE_ROW,
      lot.id,
      lot.items[0]!.itemId,
      0,
      0,
    ]);
  });

  it("is only given for published tenders, and the lead's route refuses other bodies", async () => {
    const s = await setup();
    expect(await buildPriceSheet({ tenderId: crypto.randomUUID() })).toBeUndefined();
    expect(await buildPriceSheet({ tenderId: "nonsense" })).toBeUndefined();

    const call = async (userId: string) => {
      const cookie = await sessionCookie.serialize(await createSession({ userId }));
      return sheetLoader({
        request: new Request(`http://localhost/ausschreibungen/${s.tenderId}/preisblatt`, {
          headers: { Cookie: cookie },
        }),
        params: { tenderId: s.tenderId },
        context: {},
      });
    };
    const ok = await call(s.lead.id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Disposition")).toMatch(/attachment; filename="Preisblatt_/);
    // the same file (its parts; the zip's own timestamps follow the clock)
    expect(await zipParts(new Uint8Array(await ok.arrayBuffer()))).toEqual(
      await zipParts(s.sheet.bytes),
    );

    const otherProcurement = await makeUser(s.bodyIds[0]!, "procurement");
    await expect(call(otherProcurement.id)).rejects.toMatchObject({ status: 404 });
    await expect(call(s.officers[0]!.id)).rejects.toMatchObject({ status: 403 });
  });
});

describe("price sheet upload", () => {
  it("records one bid per lot from a good sheet, prices exact to 1/10,000 €", async () => {
    const s = await setup();
    const prices = await goodPrices(s.tenderId);
    prices[1]![0]![0] = "5,1234"; // German text is fine too
    prices[1]![0]![1] = 4.9875;
    const bytes = await fillPriceSheet(s.sheet.bytes, {
      bidderName: "Papier Müller GmbH",
      bidderAddress: "Hauptstraße 1\n31785 Hameln",
      prices,
    });
    const outcome = await s.upload(bytes);
    expect(outcome).toMatchObject({ ok: true, bidderName: "Papier Müller GmbH" });
    const lots = await listTenderLots({ tenderId: s.tenderId });
    expect(outcome.ok && outcome.bids.map((b) => b.lotId).sort()).toEqual(
      lots.map((l) => l.id).sort(),
    );

    const stored = await loadBids({ tenderId: s.tenderId });
    expect(stored).toHaveLength(lots.length);
    const first = stored.find((b) => b.lotId === lots[0]!.id)!;
    expect(first).toMatchObject({
      bidderName: "Papier Müller GmbH",
      bidderAddress: "Hauptstraße 1\n31785 Hameln",
      source: "upload",
    });
    expect(first.prices.get(lots[0]!.items[0]!.itemId)!.slice(0, 2)).toEqual([51_234, 49_875]);
    expect(first.prices.get(lots[0]!.items[1]!.itemId)).toEqual(
      lots[0]!.items[1]!.bandMinQty.map((_, b) => 60_000 - b * 1_000),
    );

    const events = await queryRows<{ action: string; data: { source: string; fileName: string } }>(
      await getDb(),
      sql`select action, data from audit_events where subject_type = 'tender' and subject_id = ${s.tenderId} and action = 'tender.bid_recorded'`,
    );
    expect(events).toHaveLength(lots.length);
    expect(events[0]!.data).toMatchObject({ source: "upload", fileName: "angebot.xlsx" });
  });

  it("treats a lot left empty as no bid for it", async () => {
    const s = await setup();
    const prices = await goodPrices(s.tenderId);
    delete prices[2];
    const outcome = await s.upload(
      await fillPriceSheet(s.sheet.bytes, { bidderName: "Nur Los 1 AG", prices }),
    );
    expect(outcome.ok && outcome.bids).toHaveLength(1);
  });

  it("refuses a rising price and a non-number with the cell named, and writes nothing", async () => {
    const s = await setup();
    const before = await bidTablesChecksum();
    const prices = await goodPrices(s.tenderId);
    prices[1]![0]![1] = 6; // band 2 dearer than band 1 (5,00 €)
    prices[1]![1]![2] = "drei Euro";
    const bytes = await fillPriceSheet(s.sheet.bytes, { bidderName: "Steigend GmbH", prices });
    const outcome = await s.upload(bytes);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.status).toBe(400);
    const workbook = await readWorkbook(bytes);
    const sheet = lotSheet(workbook, 1);
    const risingRow = priceRow(sheet, 1, 1);
    const textRow = priceRow(sheet, 2, 2);
    expect(outcome.problems.map(formatProblem)).toEqual([
      `Blatt „Los 1“, Zeile ${risingRow}, Spalte „G (Stückpreis netto in €)“: Der Preis 6,00 € ist höher als in der Staffel davor (ab 0: 5,00 €). Staffelpreise dürfen mit der Menge nicht steigen.`,
      `Blatt „Los 1“, Zeile ${textRow}, Spalte „G (Stückpreis netto in €)“: „drei Euro“ ist keine Zahl. Bitte geben Sie den Preis als Zahl ein, z. B. 3,95.`,
    ]);
    expect(await bidTablesChecksum()).toEqual(before);
  });

  it("refuses negative prices, more than four decimals, missing prices and a missing bidder", async () => {
    const s = await setup();
    const before = await bidTablesChecksum();
    const prices = await goodPrices(s.tenderId);
    prices[1]![0]![0] = -1;
    prices[1]![0]![1] = 4.12345;
    prices[1]![1]![0] = null;
    prices[2]![0]![0] = "4,5";
    prices[2]![0]![1] = "-4";
    const bytes = await fillPriceSheet(s.sheet.bytes, { bidderName: null, prices });
    const outcome = await s.upload(bytes);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const messages = outcome.problems.map(formatProblem);
    expect(messages).toEqual([
      expect.stringMatching(
        /^Blatt „Los 1“, Zeile 7, Spalte „G \(Stückpreis netto in €\)“: „-1“ ist negativ/,
      ),
      expect.stringMatching(
        /^Blatt „Los 1“, Zeile 8, .*„4,12345“ hat mehr als vier Nachkommastellen\.$/,
      ),
      expect.stringMatching(/^Blatt „Los 1“, Zeile \d+, .*Der Preis für „.+“ ab 0 fehlt\./),
      expect.stringMatching(/^Blatt „Los 2“, Zeile 8, .*„-4“ ist negativ/),
      "Blatt „Angebot“, Zeile 9, Spalte „B (Name des Bieters)“: Der Name des Bieters fehlt.",
    ]);
    expect(await bidTablesChecksum()).toEqual(before);
  });

  it("refuses the price sheet of another tender", async () => {
    const s = await setup();
    const other = await makePublishedTender();
    const foreign = (await buildPriceSheet({ tenderId: other.tenderId }))!;
    const before = await bidTablesChecksum();
    const outcome = await s.upload(
      await fillPriceSheet(foreign.bytes, {
        bidderName: "Falsch GmbH",
        prices: await goodPrices(other.tenderId),
      }),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^Blatt „Steuerung“, Zeile 3, Spalte „B“: Die Datei ist das Preisblatt einer anderen Ausschreibung \(Vergabenummer „V-\d+“\)/,
      ),
    ]);
    expect(await bidTablesChecksum()).toEqual(before);
  });

  it("refuses a tampered protected area: an item renamed, a band changed, a row added, the hidden ids changed", async () => {
    const s = await setup();
    const before = await bidTablesChecksum();
    const prices = await goodPrices(s.tenderId);
    const lots = await listTenderLots({ tenderId: s.tenderId });
    const tampered = await fillPriceSheet(s.sheet.bytes, {
      bidderName: "Trickser KG",
      prices,
      edit: (workbook) => {
        const sheet = lotSheet(workbook, 1);
        sheet.getRow(FIRST_PRICE_ROW).getCell(2).value = "Recyclingpapier statt Frischfaser";
        sheet.getRow(FIRST_PRICE_ROW + 1).getCell(6).value = "ab 50";
        sheet.getRow(FIRST_PRICE_ROW + 1).getCell(5).value = 99_999;
        const after = FIRST_PRICE_ROW + lots[0]!.items.reduce((n, i) => n + i.bandMinQty.length, 0);
        sheet.getRow(after).getCell(7).value = 1;
      },
    });
    const outcome = await s.upload(tampered);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const messages = outcome.problems.map(formatProblem);
    expect(messages).toEqual([
      expect.stringMatching(
        /^Blatt „Los 1“, Zeile 7, Spalte „B \(Artikel\)“: Hier steht „Recyclingpapier statt Frischfaser“ statt „Testartikel [\d-]+“\. Geschützte Zellen dürfen nicht verändert werden\./,
      ),
      expect.stringMatching(
        /^Blatt „Los 1“, Zeile 8, Spalte „E \(Gebündelte Menge\)“: Hier steht „99999“ statt „750“/,
      ),
      expect.stringMatching(
        /^Blatt „Los 1“, Zeile 8, Spalte „F \(Staffel\)“: Hier steht „ab 50“ statt „ab 100“/,
      ),
      expect.stringMatching(
        /^Blatt „Los 1“, Zeile \d+, Spalte „G“: Diese Zeile gehört nicht zum Preisblatt/,
      ),
    ]);

    const idsChanged = await fillPriceSheet(s.sheet.bytes, {
      bidderName: "Trickser KG",
      prices,
      edit: (workbook) => {
        workbook.getWorksheet(CONTROL_SHEET)!.getCell("D9").value = lots[1]!.items[0]!.itemId;
      },
    });
    const second = await s.upload(idsChanged);
    expect(!second.ok && second.problems.map(formatProblem)).toEqual([
      "Blatt „Steuerung“, Zeile 9: Die Steuerdaten passen nicht zu den Losen, Artikeln und Staffeln dieser Ausschreibung. Bitte verwenden Sie das unveränderte Preisblatt dieser Ausschreibung.",
    ]);
    expect(await bidTablesChecksum()).toEqual(before);
  });

  it("refuses files that are no price sheet, before the deadline, twice, and for other bodies", async () => {
    const s = await setup();
    const early = await setup({ submissionDeadline: new Date(Date.now() + DAY) });
    const other = await makeUser(s.bodyIds[0]!, "procurement");
    const before = await bidTablesChecksum();
    const notXlsx = await s.upload(new TextEncoder().encode("Preis;3,95\n"));
    expect(!notXlsx.ok && notXlsx.problems[0]!.message).toMatch(/keine Excel-Arbeitsmappe/);

    const earlyBytes = await fillPriceSheet(early.sheet.bytes, {
      bidderName: "Zu früh GmbH",
      prices: await goodPrices(early.tenderId),
    });
    expect(await early.upload(earlyBytes)).toMatchObject({
      ok: false,
      status: 409,
      problems: [
        {
          message: expect.stringMatching(
            /^Angebote können erst nach Ablauf der Angebotsfrist \(\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr \((MEZ|MESZ)\)\) erfasst werden\.$/,
          ),
        },
      ],
    });

    const good = await fillPriceSheet(s.sheet.bytes, {
      bidderName: "Doppelt AG",
      prices: await goodPrices(s.tenderId),
    });
    await expect(
      importPriceSheetUpload({
        tenderId: s.tenderId,
        actor: { userId: other.id, bodyId: other.bodyId },
        bytes: good,
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await bidTablesChecksum()).toEqual(before);

    expect(await s.upload(good)).toMatchObject({ ok: true });
    const afterFirst = await bidTablesChecksum();
    const twice = await s.upload(good);
    expect(twice).toMatchObject({
      ok: false,
      status: 409,
      problems: [
        { message: expect.stringContaining("Ein Angebot von „Doppelt AG“ ist bereits erfasst") },
      ],
    });
    expect(await bidTablesChecksum()).toEqual(afterFirst);
  });

  it("uploads through the bids page: 400 with the problems, redirect on success", async () => {
    const s = await setup();
    const cookie = await sessionCookie.serialize(await createSession({ userId: s.lead.id }));
    const post = (bytes: Uint8Array<ArrayBuffer>) => {
      const form = new FormData();
      form.set("datei", new Blob([bytes]), "angebot.xlsx");
      return bidsAction({
        request: new Request(`http://localhost/ausschreibungen/${s.tenderId}/angebote`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: form,
        }),
        params: { tenderId: s.tenderId },
        context: {},
      });
    };
    const prices = await goodPrices(s.tenderId);
    prices[1]![0]![2] = "viel";
    const bad = (await post(
      await fillPriceSheet(s.sheet.bytes, { bidderName: "Route GmbH", prices }),
    )) as unknown as {
      init: { status: number };
      data: { problems: string[] };
    };
    expect(bad.init.status).toBe(400);
    expect(bad.data.problems).toEqual([expect.stringContaining("„viel“ ist keine Zahl")]);

    const good = await fillPriceSheet(s.sheet.bytes, {
      bidderName: "Route GmbH",
      prices: await goodPrices(s.tenderId),
    });
    await expect(post(good)).rejects.toMatchObject({ status: 302 });
    expect(await loadBids({ tenderId: s.tenderId })).toHaveLength(2);
  });
});

describe("reading prices from cells", () => {
  it.each([
    [3.95, 39_500],
    [0, 0],
    [1e-4, 1],
    [123456.7891, 1_234_567_891],
    [1e6, 10_000_000_000],
  ])("%s € → %s", (value, expected) => {
    expect(euroNumberToTenThousandths(value)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [0.1 + 0.2, "mehr als vier Nachkommastellen"],
    [1e-7, "mehr als vier Nachkommastellen"],
    [-0.5, "negativ"],
    [1e6 + 0.01, "zu hoch"],
    [Number.NaN, "keine Zahl"],
  ])("%s is refused (%s)", (value, message) => {
    const result = euroNumberToTenThousandths(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it("reads the price cell that the factory fills", async () => {
    const t = await makePublishedTender();
    const { bytes } = (await buildPriceSheet({ tenderId: t.tenderId }))!;
    const filled = await fillPriceSheet(bytes, {
      bidderName: "X",
      prices: {},
      edit: (workbook: ExcelJS.Workbook) => {
        priceCell(workbook, 1, 1, 0).value = 2.5;
      },
    });
    const workbook = await readWorkbook(filled);
    expect(lotSheet(workbook, 1).getCell(`G${FIRST_PRICE_ROW}`).value).toBe(2.5);
  });
});

/** Every part of an XLSX by name, as text. */
async function zipParts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts: Record<string, string> = {};
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir) parts[name] = await entry.async("string");
  }
  return parts;
}
