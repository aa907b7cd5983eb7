// The treasurers' cost split: the XLSX and CSV exports read back and compared with the money
// engine line by line, their totals against the invoice, who may download what, what a body's
// page and file must not contain, formula injection, and the lead's file spilling onto more
// sheets past the row limit.
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import JSZip from "jszip";

import { getDb } from "#db/client";
import { auditEvents, bodies, catalogueItems } from "#db/schema";
import { splitLotCosts } from "~/domain/cost-split";
import { billedByLabels } from "~/domain/vocabulary";
import { QUANTITY_FORMAT, UNIT_PRICE_FORMAT, YEAR_FORMAT } from "~/kit/spreadsheet/workbook.server";
import { CSV_COLUMNS } from "~/modules/split/index.server";
import {
  BODIES_SHEET,
  COVER_SHEET,
  EURO_FORMAT,
  LINES_SHEET,
  SAVINGS_SHEET,
  SHARED_SHEET,
  SUMMARY_SHEET,
  workbookBytes,
  writeLeadWorkbook,
  YEARS_SHEET,
  yearRows,
} from "~/modules/split/index.server";
import { collectSplitLines, dueByBudgetYear, splitForTender } from "~/modules/split/index.server";
import { createSession } from "~/modules/access/index.server";
import { lotSplitInput } from "~/modules/split/index.server";
import { loader as splitPageLoader } from "~/routes/kosten.$tenderId._index/route";
import { loader as bodyCsvLoader } from "~/routes/kosten.$tenderId.anteil[.]csv";
import { loader as bodyXlsxLoader } from "~/routes/kosten.$tenderId.anteil[.]xlsx";
import { loader as leadCsvLoader } from "~/routes/kosten.$tenderId.gesamt[.]csv";
import { loader as progressLoader } from "~/routes/kosten.$tenderId.fortschritt.$runId";
import { loader as leadXlsxLoader } from "~/routes/kosten.$tenderId.gesamt[.]xlsx";
import { sessionCookie } from "~/modules/access/index.server";

import {
  makeAwardedLicenceTender,
  makeAwardedTender,
  makeAwardedTenderFor,
  makeCategoryItems,
} from "../factories/awards";
import { makeBody, makeUser } from "../factories/rounds";
import { readWorkbook } from "../factories/xlsx";
import { useTestDatabase } from "../support/database";

useTestDatabase();

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

async function call(loader: Loader, userId: string, tenderId: string, path: string, query = "") {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  return loader({
    request: new Request(`http://localhost/kosten/${tenderId}${path}${query}`, {
      headers: { Cookie: cookie },
    }),
    params: { tenderId },
    context: {},
  });
}

async function download(
  loader: Loader,
  userId: string,
  tenderId: string,
  path: string,
  query = "",
) {
  const response = (await call(loader, userId, tenderId, path, query)) as Response;
  expect(response.status).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

const cents = (value: unknown) => Math.round(Number(value) * 100);

/**
 * A formula cell's cached result, or a plain value. exceljs's reader drops a cached 0 (the file
 * holds `<f>…</f><v>0</v>`, see the raw-XML check below), so a missing result reads as 0.
 */
function resultOf(cell: ExcelJS.Cell): unknown {
  const v = cell.value as { formula?: string; result?: unknown } | null;
  return v && typeof v === "object" && "formula" in v ? (v.result ?? 0) : v;
}

function formulaOf(cell: ExcelJS.Cell): string | undefined {
  const v = cell.value as { formula?: string } | null;
  return v && typeof v === "object" ? v.formula : undefined;
}

/** The cover's value cell (column B) for a label in column A, the n-th occurrence. */
function coverValue(sheet: ExcelJS.Worksheet, label: string | RegExp, n = 0): ExcelJS.Cell {
  const rows: ExcelJS.Cell[] = [];
  sheet.eachRow((row) => {
    const a = row.getCell(1).value;
    if (typeof a === "string" && (typeof label === "string" ? a === label : label.test(a)))
      rows.push(row.getCell(2));
  });
  if (!rows[n]) throw new Error(`no cover row ${String(label)} #${n}`);
  return rows[n]!;
}

/** Every text in the zip's XML parts, for "appears nowhere" checks. */
async function allXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(
    Object.values(zip.files)
      .filter((f) => f.name.endsWith(".xml"))
      .map((f) => f.async("string")),
  );
  return parts.join("\n");
}

function parseCsv(bytes: Uint8Array): string[][] {
  const text = Buffer.from(bytes).toString("utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  return parse(text, { delimiter: ";", bom: true, relax_quotes: false }) as string[][];
}

/** "1234,56" → 123456 */
function germanCents(text: string): number {
  expect(text).toMatch(/^-?\d+,\d{2}$/);
  const negative = text.startsWith("-");
  const [whole, fraction] = text.replace("-", "").split(",");
  return (negative ? -1 : 1) * (Number(whole) * 100 + Number(fraction));
}

describe("a body's XLSX", () => {
  it("equals splitLotCosts line by line, its totals are formulas with the right cached values, and it reconciles with the invoice", async () => {
    const t = await makeAwardedTender();
    const bodyId = t.bodyIds[1]!;
    const treasurer = await makeUser(bodyId, "treasurer");
    const { response, bytes } = await download(
      bodyXlsxLoader as Loader,
      treasurer.id,
      t.tenderId,
      "/anteil.xlsx",
    );
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="Kostenaufteilung_V_\d+_Gemeinde_2\.xlsx"$/,
    );
    const workbook = await readWorkbook(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      COVER_SHEET,
      LINES_SHEET,
      SHARED_SHEET,
      SAVINGS_SHEET,
      YEARS_SHEET,
    ]);

    // The engine's lines of this body, lot by lot.
    const expected: {
      net: number;
      vat: number;
      gross: number;
      quantity: number;
      costCentre: string;
      lot: number;
    }[] = [];
    const engine: { lotNumber: number; split: ReturnType<typeof splitLotCosts> }[] = [];
    for (const [i, lotId] of t.lotIds.entries()) {
      const input = await lotSplitInput({ tenderId: t.tenderId, lotId });
      const split = splitLotCosts(input!);
      // a body sees the lots it has demand in
      if (split.bodies.some((b) => b.bodyId === bodyId)) engine.push({ lotNumber: i + 1, split });
      for (const l of split.lines.filter((x) => x.bodyId === bodyId)) {
        expected.push({
          net: l.netCents,
          vat: l.vatCents,
          gross: l.grossCents,
          quantity: l.quantity,
          costCentre: l.costCentre,
          lot: i + 1,
        });
      }
    }
    expect(expected.length).toBeGreaterThan(0);

    const lines = workbook.getWorksheet(LINES_SHEET)!;
    expect(lines.getRow(1).getCell(7).value).toBe("Netto");
    expected.forEach((e, i) => {
      const row = lines.getRow(2 + i);
      // the lot in words from its CPV code (issue 18): "Los 1 – Papier (Druckpapier, CPV 30197630)"
      expect(row.getCell(1).value).toMatch(new RegExp(`^Los ${e.lot} – .+CPV \\d{8}\\)$`));
      expect(row.getCell(4).value).toBe(e.quantity);
      expect(cents(row.getCell(7).value)).toBe(e.net);
      expect(cents(row.getCell(9).value)).toBe(e.vat);
      expect(formulaOf(row.getCell(10))).toBe(`G${2 + i}+I${2 + i}`);
      expect(cents(resultOf(row.getCell(10)))).toBe(e.gross);
      expect(row.getCell(11).value ?? "").toBe(e.costCentre);
      expect(row.getCell(14).value).toBe(2027);
      expect(row.getCell(7).numFmt).toBe(EURO_FORMAT);
      expect(typeof row.getCell(7).value).toBe("number");
    });
    const totals = lines.getRow(2 + expected.length);
    expect(totals.getCell(1).value).toBe("Summe");
    expect(formulaOf(totals.getCell(7))).toBe(`SUM(G2:G${1 + expected.length})`);
    expect(cents(resultOf(totals.getCell(7)))).toBe(expected.reduce((s, e) => s + e.net, 0));
    expect(cents(resultOf(totals.getCell(9)))).toBe(expected.reduce((s, e) => s + e.vat, 0));
    expect(cents(resultOf(totals.getCell(10)))).toBe(expected.reduce((s, e) => s + e.gross, 0));
    // Printable and filterable
    expect(lines.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(lines.autoFilter).toBeTruthy();
    expect(lines.pageSetup).toMatchObject({
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:1",
    });

    // Shared costs and savings agree with the engine's body figures.
    const own = engine.map((e) => e.split.bodies.find((b) => b.bodyId === bodyId)!);
    const shared = workbook.getWorksheet(SHARED_SHEET)!;
    let r = 2;
    while (shared.getRow(r).getCell(1).value !== "Summe") r++;
    expect(cents(resultOf(shared.getRow(r).getCell(10)))).toBe(
      own.reduce((s, b) => s + b.sharedNetCents + b.sharedVatCents, 0),
    );
    const savings = workbook.getWorksheet(SAVINGS_SHEET)!;
    own.forEach((b, i) => {
      const row = savings.getRow(2 + i);
      expect(cents(row.getCell(2).value)).toBe(b.aloneNetCents);
      expect(cents(resultOf(row.getCell(4)))).toBe(b.grossSavingsCents);
      expect(cents(resultOf(row.getCell(6)))).toBe(b.netSavingsCents);
    });
    const years = workbook.getWorksheet(YEARS_SHEET)!;
    expect(years.getRow(2).getCell(1).value).toBe(2027);
    expect(cents(resultOf(years.getRow(2).getCell(5)))).toBe(
      own.reduce((s, b) => s + b.grossCents, 0),
    );

    // The cover: per lot, invoice + shared costs = the sum over all bodies, computed and checked.
    const cover = workbook.getWorksheet(COVER_SHEET)!;
    engine.forEach((e, i) => {
      const sharedGross = e.split.shared.reduce((s, x) => s + x.grossCents, 0);
      expect(cents(resultOf(coverValue(cover, "Rechnung brutto", i)))).toBe(
        e.split.invoice.grossCents,
      );
      expect(cents(resultOf(coverValue(cover, "Soll: Rechnung + Gemeinkosten", i)))).toBe(
        e.split.invoice.grossCents + sharedGross,
      );
      expect(
        cents(resultOf(coverValue(cover, /^Summe der Anteile aller \d Körperschaften$/, i))),
      ).toBe(e.split.bodies.reduce((s, b) => s + b.grossCents, 0));
      expect(resultOf(coverValue(cover, "Abgleich", i))).toBe("stimmt auf den Cent");
      expect(cents(resultOf(coverValue(cover, "davon Ihr Anteil brutto", i)))).toBe(
        own[i]!.grossCents,
      );
      expect(formulaOf(coverValue(cover, "davon Ihr Anteil brutto", i))).toContain(
        `'${LINES_SHEET}'!J`,
      );
    });
    expect(coverValue(cover, "Exportiert am").value).toBeInstanceOf(Date);
    expect(coverValue(cover, "Exportiert von").value).toMatch(
      /^treasurer \d+ \(Kämmerei, Gemeinde 2\)$/,
    );
    expect(coverValue(cover, "Preisart").value).toBe("Gesamtmengenstaffel");
    expect(coverValue(cover, "Auftragnehmer").value).toBe(
      "Papierhaus Nord GmbH, Hafenstraße 1, 31785 Hameln",
    );

    // The download is an audit event of the tender.
    const db = await getDb();
    const events = await db
      .select({
        data: auditEvents.data,
        bodyId: auditEvents.bodyId,
        actor: auditEvents.actorUserId,
      })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, t.tenderId), eq(auditEvents.action, "tender.split_exported")),
      );
    expect(events).toEqual([
      { data: { format: "xlsx", exportedFor: "Gemeinde 2" }, bodyId, actor: treasurer.id },
    ]);
  });
});

describe("the lead's workbook", () => {
  it("has a summary per body and lot whose sums equal each invoice plus shared costs, then every line", async () => {
    const t = await makeAwardedTender();
    const treasurer = await makeUser(t.leadBodyId, "treasurer");
    const { response, bytes } = await download(
      leadXlsxLoader as Loader,
      treasurer.id,
      t.tenderId,
      "/gesamt.xlsx",
    );
    expect(response.headers.get("Content-Disposition")).toMatch(/alle_Koerperschaften\.xlsx"$/);
    const workbook = await readWorkbook(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      COVER_SHEET,
      SUMMARY_SHEET,
      BODIES_SHEET,
      LINES_SHEET,
    ]);

    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    const lines = workbook.getWorksheet(LINES_SHEET)!;
    let row = 2;
    let lineRow = 2;
    let allNet = 0;
    for (const [i, lotId] of t.lotIds.entries()) {
      const split = splitLotCosts((await lotSplitInput({ tenderId: t.tenderId, lotId }))!);
      const sharedGross = split.shared.reduce((s, x) => s + x.grossCents, 0);
      let sum = 0;
      for (let b = 0; b < split.bodies.length; b++, row++) {
        expect(summary.getRow(row).getCell(3).value).toMatch(new RegExp(`^Los ${i + 1}\\b`));
        expect(formulaOf(summary.getRow(row).getCell(8))).toBe(`SUM(D${row}:G${row})`);
        sum += cents(resultOf(summary.getRow(row).getCell(8)));
      }
      expect(sum).toBe(split.invoice.grossCents + sharedGross);
      // the lines of the lot, in the engine's order
      const byRef = new Map(split.lines.map((l) => [l.ref, l]));
      for (let n = 0; n < split.lines.length; n++, lineRow++) {
        const cells = lines.getRow(lineRow);
        expect(cells.getCell(3).value).toMatch(new RegExp(`^Los ${i + 1} – .+CPV \\d{8}\\)$`));
        allNet += cents(cells.getCell(9).value);
      }
      expect(byRef.size).toBe(split.lines.length);
      const cover = workbook.getWorksheet(COVER_SHEET)!;
      expect(cents(resultOf(coverValue(cover, new RegExp(`^Los ${i + 1}\\b.*: Summe laut`))))).toBe(
        split.invoice.grossCents + sharedGross,
      );
    }
    const invoiceNet = (
      await Promise.all(
        t.lotIds.map(async (lotId) =>
          splitLotCosts((await lotSplitInput({ tenderId: t.tenderId, lotId }))!),
        ),
      )
    ).reduce(
      (s, split) => s + Object.values(split.invoice.netCentsByRate).reduce((a, b) => a + b, 0),
      0,
    );
    expect(allNet).toBe(invoiceNet);
    const lineTotals = lines.getRow(lineRow);
    expect(lineTotals.getCell(1).value).toBe("Summe aller Zeilen");
    expect(cents(resultOf(lineTotals.getCell(9)))).toBe(invoiceNet);
    expect(formulaOf(lineTotals.getCell(9))).toBe(`SUM('${LINES_SHEET}'!I2:I${lineRow - 1})`);
    expect(summary.getRow(row).getCell(1).value).toBe("Summe");

    // The lead's CSV: every line and share; the gross column adds up to invoices + shared costs.
    const { bytes: csv } = await download(
      leadCsvLoader as Loader,
      treasurer.id,
      t.tenderId,
      "/gesamt.csv",
    );
    const rows = parseCsv(csv);
    const split = await splitForTender({ tenderId: t.tenderId, viewerBodyId: t.leadBodyId });
    expect(rows.slice(1).reduce((s, r) => s + germanCents(r[12]!), 0)).toBe(
      split!.reconciliation.expectedCents,
    );
  });

  it("continues on the next sheet when a sheet would pass the row limit", async () => {
    const t = await makeAwardedTender();
    const split = (await splitForTender({
      tenderId: t.tenderId,
      viewerBodyId: t.leadBodyId,
    }))!;
    const lineCount = [...(await collectSplitLines(split)).values()].reduce(
      (s, l) => s + l.length,
      0,
    );
    expect(lineCount).toBe(8);
    // 4 rows per sheet: the header and 3 lines; the totals row needs a fourth sheet.
    let result: { lineSheets: string[] } | undefined;
    const bytes = await workbookBytes(async (stream) => {
      result = await writeLeadWorkbook(
        split,
        { now: new Date(), exportedBy: "Test", maxRowsPerSheet: 4 },
        stream,
      );
    });
    expect(result!.lineSheets).toEqual([LINES_SHEET, `${LINES_SHEET} 2`, `${LINES_SHEET} 3`]);
    const workbook = await readWorkbook(bytes);
    const sheets = result!.lineSheets.map((n) => workbook.getWorksheet(n)!);
    expect(sheets.map((s) => s.rowCount)).toEqual([4, 4, 4]);
    for (const s of sheets) expect(s.getRow(1).getCell(1).value).toBe("Körperschaft");
    const last = sheets.at(-1)!;
    // 3 + 3 + 2 lines, then the totals row over all three sheets
    expect(last.getRow(4).getCell(1).value).toBe("Summe aller Zeilen");
    expect(formulaOf(last.getRow(4).getCell(9))).toBe(
      `SUM('${LINES_SHEET}'!I2:I4)+SUM('${LINES_SHEET} 2'!I2:I4)+SUM('${LINES_SHEET} 3'!I2:I3)`,
    );
    expect(cents(resultOf(last.getRow(4).getCell(9)))).toBe(split.reconciliation.invoiceNetCents);
  });
});

describe("who sees what", () => {
  it("a treasurer of body A gets 404 for body B's export, and B appears nowhere in A's page or files", async () => {
    const t = await makeAwardedTender();
    const [a, b] = [t.bodyIds[1]!, t.bodyIds[2]!];
    const treasurerA = await makeUser(a, "treasurer");
    const lead = (await splitForTender({ tenderId: t.tenderId, viewerBodyId: t.leadBodyId }))!;
    const bFigures = lead.bodies.find((x) => x.bodyId === b)!;
    expect(bFigures.name).toBe("Gemeinde 3");

    await expect(
      call(
        bodyXlsxLoader as Loader,
        treasurerA.id,
        t.tenderId,
        "/anteil.xlsx",
        `?koerperschaft=${b}`,
      ),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      call(
        bodyCsvLoader as Loader,
        treasurerA.id,
        t.tenderId,
        "/anteil.csv",
        `?koerperschaft=${b}`,
      ),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      call(leadXlsxLoader as Loader, treasurerA.id, t.tenderId, "/gesamt.xlsx"),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      call(leadCsvLoader as Loader, treasurerA.id, t.tenderId, "/gesamt.csv"),
    ).rejects.toMatchObject({ status: 404 });
    // other roles and outsiders
    const officerA = await makeUser(a, "officer");
    await expect(
      call(splitPageLoader as Loader, officerA.id, t.tenderId, ""),
    ).rejects.toMatchObject({ status: 403 });
    const procurementA = await makeUser(a, "procurement");
    await expect(
      call(splitPageLoader as Loader, procurementA.id, t.tenderId, ""),
    ).rejects.toMatchObject({ status: 404 });
    const outsider = await makeUser(
      t.leadBodyId === a ? b : (await makeAwardedTender()).bodyIds[0]!,
      "treasurer",
    );
    await expect(
      call(splitPageLoader as Loader, outsider.id, t.tenderId, ""),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      call(bodyXlsxLoader as Loader, outsider.id, t.tenderId, "/anteil.xlsx"),
    ).rejects.toMatchObject({ status: 404 });

    // A's page data: A's figures, nothing of B (name, id, amounts)
    const page = await call(splitPageLoader as Loader, treasurerA.id, t.tenderId, "");
    const json = JSON.stringify(page);
    expect(json).toContain("Gemeinde 2");
    for (const secret of [
      b,
      bFigures.name,
      `"grossCents":${bFigures.grossCents}`,
      `"aloneNetCents":${bFigures.aloneNetCents}`,
    ]) {
      expect(json).not.toContain(secret);
    }
    // …but the lot totals, which every participant may check
    const lotOfA = lead.lots.find((l) => l.bodies.some((x) => x.bodyId === a))!;
    expect(json).toContain(`"expectedCents":${lotOfA.reconciliation.expectedCents}`);

    // A's files
    const { bytes: xlsx } = await download(
      bodyXlsxLoader as Loader,
      treasurerA.id,
      t.tenderId,
      "/anteil.xlsx",
    );
    const xml = await allXml(xlsx);
    expect(xml).toContain("Gemeinde 2");
    for (const secret of [
      b,
      bFigures.name,
      `>${bFigures.grossCents / 100}<`,
      `>${bFigures.goodsNetCents / 100}<`,
    ]) {
      expect(xml).not.toContain(secret);
    }
    const { bytes: csv } = await download(
      bodyCsvLoader as Loader,
      treasurerA.id,
      t.tenderId,
      "/anteil.csv",
    );
    const csvText = Buffer.from(csv).toString("utf8");
    expect(csvText).not.toContain(bFigures.name);
    expect(
      new Set(
        parseCsv(csv)
          .slice(1)
          .map((r) => r[0]),
      ),
    ).toEqual(new Set(["Gemeinde 2"]));

    // The lead's treasurer may fetch B's file by id.
    const leadTreasurer = await makeUser(t.leadBodyId, "treasurer");
    const { response } = await download(
      bodyXlsxLoader as Loader,
      leadTreasurer.id,
      t.tenderId,
      "/anteil.xlsx",
      `?koerperschaft=${b}`,
    );
    expect(response.headers.get("Content-Disposition")).toContain("Gemeinde_3");
  });
});

describe("formula injection", () => {
  it("keeps malicious item names and cost centres as text in XLSX and CSV", async () => {
    const t = await makeAwardedLicenceTender({
      itemNames: ['=HYPERLINK("http://x","y")', "+1"],
      costCentres: ["-1+2", "@SUM(A1)"],
    });
    const bodyId = t.bodyIds[1]!;
    const { bytes } = await download(
      bodyXlsxLoader as Loader,
      t.treasurers[1]!.id,
      t.tenderId,
      "/anteil.xlsx",
    );
    const lines = (await readWorkbook(bytes)).getWorksheet(LINES_SHEET)!;
    const seen = { item: new Set<string>(), costCentre: new Set<string>() };
    for (let r = 2; lines.getRow(r).getCell(1).value !== "Summe"; r++) {
      const item = lines.getRow(r).getCell(2);
      const costCentre = lines.getRow(r).getCell(11);
      for (const cell of [item, costCentre]) {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(formulaOf(cell)).toBeUndefined();
        expect(String(cell.value)).toMatch(/^'[=+\-@]/);
      }
      seen.item.add(String(item.value).replace(/ \d+$/, ""));
      seen.costCentre.add(String(costCentre.value));
    }
    expect(seen.item).toEqual(new Set(['\'=HYPERLINK("http://x","y")', "'+1"]));
    expect(seen.costCentre).toEqual(new Set(["'-1+2", "'@SUM(A1)"]));
    // no formula anywhere in the sheet XML except our own sums, and every formula has its result
    const xml = await allXml(bytes);
    expect(xml).not.toMatch(/<f>[^<]*HYPERLINK/);
    expect(xml.match(/<f>/g)?.length).toBeGreaterThan(10);
    expect(xml.match(/<f>[^<]*<\/f>(?!<v>)/g)).toBeNull();

    const { bytes: csv } = await download(
      bodyCsvLoader as Loader,
      t.treasurers[1]!.id,
      t.tenderId,
      "/anteil.csv",
    );
    const rows = parseCsv(csv).slice(1);
    const goods = rows.filter((r) => r[3] === "Ware");
    expect(goods.length).toBeGreaterThan(0);
    for (const r of goods) {
      expect(r[4]).toMatch(/^'[=+]/);
      expect(r[13]).toMatch(/^'[-@]/);
    }
    for (const r of rows) for (const field of r) expect(field).not.toMatch(/^[=+@]|^-[^\d]/);
    expect(bodyId).toBeTruthy();
  });

  it("writes text with XML specials, blanks at the ends and control characters readably", async () => {
    // Line text goes into the sheets as inline strings written by hand (TableSheet), not by
    // exceljs: specials escaped, blanks kept, characters XML cannot hold dropped.
    const t = await makeAwardedLicenceTender({
      costCentres: ['  Amt <10> & "Bau" ', "Schule\u0007 Nord\u001F"],
    });
    const { bytes } = await download(
      bodyXlsxLoader as Loader,
      t.treasurers[1]!.id,
      t.tenderId,
      "/anteil.xlsx",
    );
    const lines = (await readWorkbook(bytes)).getWorksheet(LINES_SHEET)!;
    const seen = new Set<string>();
    for (let r = 2; lines.getRow(r).getCell(1).value !== "Summe"; r++) {
      const cell = lines.getRow(r).getCell(11);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      seen.add(String(cell.value));
    }
    expect(seen).toEqual(new Set(['  Amt <10> & "Bau" ', "Schule Nord"]));
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold
    expect(await allXml(bytes)).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });
});

describe("CSV", () => {
  it("has the right columns, German decimal commas and adds up to what the body pays", async () => {
    const t = await makeAwardedLicenceTender();
    const bodyId = t.bodyIds[2]!;
    const { response, bytes } = await download(
      bodyCsvLoader as Loader,
      t.treasurers[2]!.id,
      t.tenderId,
      "/anteil.csv",
    );
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/\.csv"$/);
    const text = Buffer.from(bytes).toString("utf8");
    expect(text.split("\r\n")[0]).toBe(`\uFEFF${CSV_COLUMNS.join(";")}`);
    const rows = parseCsv(bytes);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const data = rows.slice(1);
    expect(data.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const split = (await splitForTender({
      tenderId: t.tenderId,
      viewerBodyId: bodyId,
    }))!;
    const own = split.bodies[0]!;
    expect(data.reduce((s, r) => s + germanCents(r[12]!), 0)).toBe(own.grossCents);
    const goods = data.filter((r) => r[3] === "Ware");
    // one row per line and budget year (licences: 2027, 2028, 2029, each a number)
    const lines = [...(await collectSplitLines(split)).values()].flat().flatMap(yearRows);
    expect(goods.map((r) => germanCents(r[9]!))).toEqual(lines.map((l) => l.netCents));
    expect(goods.map((r) => germanCents(r[11]!))).toEqual(lines.map((l) => l.vatCents));
    expect(goods.map((r) => germanCents(r[12]!))).toEqual(lines.map((l) => l.grossCents));
    const price = (p: number) => {
      let fraction = String(p % 10_000).padStart(4, "0");
      while (fraction.length > 2 && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
      return `${Math.floor(p / 10_000)},${fraction}`;
    };
    expect(goods.map((r) => r[8])).toEqual(lines.map((l) => price(l.unitPrice)));
    expect(goods.map((r) => r[10])).toEqual(lines.map(() => "19"));
    expect(goods.map((r) => r[16])).toEqual(lines.map((l) => String(l.year)));
    expect(goods.filter((r) => r[7] === "Lizenz/Jahr").map((r) => r[16])).toEqual([
      "2027",
      "2028",
      "2029",
    ]);
    // every row carries Kostenstelle, Produkt, Sachkonto and a Haushaltsjahr, shared costs too
    for (const r of data) for (const i of [13, 14, 15, 16]) expect(r[i]).toMatch(/^\d[\d.]*$/);
  });
});

describe("budget years", () => {
  it("spreads licences by month from the contract start, consumables and shared costs in its year", async () => {
    const t = await makeAwardedLicenceTender({ contractStart: "2027-04-01", termMonths: 24 });
    const bodyId = t.bodyIds[1]!;
    const split = (await splitForTender({
      tenderId: t.tenderId,
      viewerBodyId: bodyId,
    }))!;
    const own = split.bodies[0]!;
    expect(own.budgetYears.map((y) => y.year)).toEqual([2027, 2028, 2029]);
    expect(own.budgetYears.reduce((s, y) => s + y.totalCents, 0)).toBe(own.grossCents);
    const licence = split.lots.find((l) => l.category === "license")!;
    const licenceLines = (await collectSplitLines(split)).get(licence.id)!;
    const licenceGross = licenceLines.reduce((s, l) => s + l.grossCents, 0);
    expect(own.budgetYears.reduce((s, y) => s + y.licenceCents, 0)).toBe(licenceGross);
    // the body's years are the sum of its lines' own spreads
    own.budgetYears.forEach((y, j) =>
      expect(y.licenceCents).toBe(licenceLines.reduce((s, l) => s + l.budgetYears[j]!.cents, 0)),
    );
    // 9 + 12 + 3 months; each line to the cent by largest remainder
    for (const line of licenceLines) {
      expect(line.budgetYears.map((y) => y.year)).toEqual([2027, 2028, 2029]);
      expect(line.budgetYears.reduce((s, y) => s + y.cents, 0)).toBe(line.grossCents);
      expect(
        Math.abs(line.budgetYears[1]!.cents * 9 - line.budgetYears[0]!.cents * 12),
      ).toBeLessThanOrEqual(21);
    }
    expect(own.budgetYears[1]!.consumableCents + own.budgetYears[1]!.sharedCents).toBe(0);
    expect(await dueByBudgetYear({ bodyId })).toEqual([
      expect.objectContaining({
        tenderId: t.tenderId,
        totalCents: own.grossCents,
        years: own.budgetYears,
      }),
    ]);

    const { bytes } = await download(
      bodyXlsxLoader as Loader,
      t.treasurers[1]!.id,
      t.tenderId,
      "/anteil.xlsx",
    );
    const years = (await readWorkbook(bytes)).getWorksheet(YEARS_SHEET)!;
    own.budgetYears.forEach((y, i) => {
      expect(years.getRow(2 + i).getCell(1).value).toBe(y.year);
      expect(cents(years.getRow(2 + i).getCell(2).value)).toBe(y.licenceCents);
      expect(cents(resultOf(years.getRow(2 + i).getCell(5)))).toBe(y.totalCents);
    });
    expect(cents(resultOf(years.getRow(5).getCell(5)))).toBe(own.grossCents);
  });
});

describe("the lead's lines sheet", () => {
  it("writes every cell of every line with its type and number format, one row per budget year", async () => {
    const t = await makeAwardedLicenceTender({ contractStart: "2027-04-01", termMonths: 24 });
    const split = (await splitForTender({ tenderId: t.tenderId, viewerBodyId: t.leadBodyId }))!;
    const bytes = await workbookBytes((stream) =>
      writeLeadWorkbook(split, { now: new Date(), exportedBy: "Test" }, stream),
    );
    const sheet = (await readWorkbook(bytes)).getWorksheet(LINES_SHEET)!;
    const linesByLot = await collectSplitLines(split);
    const names = new Map(split.bodies.map((b) => [b.bodyId, b]));
    let row = 2;
    let licenceRows = 0;
    for (const lot of split.lots) {
      for (const line of linesByLot.get(lot.id)!.flatMap(yearRows)) {
        if (lot.category === "license") licenceRows += 1;
        const body = names.get(line.bodyId)!;
        const cells = sheet.getRow(row++);
        const expected: [unknown, string | undefined][] = [
          [body.name, undefined],
          [body.ags ?? null, undefined],
          [lot.label, undefined],
          [line.itemName, undefined],
          [line.cpvCode, undefined],
          [line.quantity, QUANTITY_FORMAT],
          [line.unit, undefined],
          [line.unitPrice / 10_000, UNIT_PRICE_FORMAT],
          [line.netCents / 100, EURO_FORMAT],
          [line.vatRateBp / 10_000, line.vatRateBp % 100 === 0 ? "0%" : "0.0#%"],
          [line.vatCents / 100, EURO_FORMAT],
          [line.grossCents / 100, EURO_FORMAT],
          [line.costCentre || null, undefined],
          [line.product || null, undefined],
          [line.ledgerAccount || null, undefined],
          [line.year, YEAR_FORMAT],
          [billedByLabels[split.tender.goodsBilling], undefined],
        ];
        expect(
          expected.map((_, i) => [cells.getCell(i + 1).value, cells.getCell(i + 1).numFmt]),
        ).toEqual(expected);
      }
    }
    // the licence lines once per Haushaltsjahr (9 + 12 + 3 months), then the totals row
    expect(licenceRows).toBeGreaterThan(0);
    expect(licenceRows % 3).toBe(0);
    expect(sheet.getRow(row).getCell(1).value).toBe("Summe aller Zeilen");
  });
});

describe("the split is fixed at the award", () => {
  it("stays as awarded when a population or a catalogue VAT rate changes later", async () => {
    const t = await makeAwardedLicenceTender();
    const viewer = { tenderId: t.tenderId, viewerBodyId: t.leadBodyId };
    const figures = (s: NonNullable<Awaited<ReturnType<typeof splitForTender>>>) =>
      s.lots.map((l) => ({
        invoice: l.invoice,
        bodies: l.bodies,
        shares: l.shares,
        rates: l.items.map((i) => i.vatRateBp),
        reconciliation: l.reconciliation,
      }));
    const before = (await splitForTender(viewer))!;
    const linesBefore = await collectSplitLines(before);
    const licenceLot = before.lots.find((l) => l.category === "license")!;
    // lot 2's admin fee goes by population; lot 1's goods carry the consumable's VAT rate
    const db = await getDb();
    await db.update(bodies).set({ population: 1 }).where(eq(bodies.id, t.bodyIds[1]!));
    await db
      .update(catalogueItems)
      .set({ vatRateBp: 700 })
      .where(eq(catalogueItems.id, t.itemIds[0]!));
    // computed afresh from today's data, the split would differ …
    const today = splitLotCosts(
      (await lotSplitInput({ tenderId: t.tenderId, lotId: licenceLot.id }))!,
    );
    expect(today.shared).not.toEqual(licenceLot.shares);
    // … but what the treasurers were told stays
    const after = (await splitForTender(viewer))!;
    expect(figures(after)).toEqual(figures(before));
    expect(after.lots[0]!.items.map((i) => i.vatRateBp)).toContain(1900);
    expect(await collectSplitLines(after)).toEqual(linesBefore);
  });
});

describe("progress of the lead's downloads", () => {
  it("counts every line of the file, for the user who started it only", async () => {
    const t = await makeAwardedLicenceTender();
    const treasurer = t.treasurers[0]!;
    const split = (await splitForTender({ tenderId: t.tenderId, viewerBodyId: t.leadBodyId }))!;
    // a licence line is one row per budget year
    const lines = [...(await collectSplitLines(split)).values()].flat().flatMap(yearRows).length;
    expect(lines).toBeGreaterThan(0);
    const progress = async (userId: string, runId: string) => {
      const cookie = await sessionCookie.serialize(await createSession({ userId }));
      let response: Response;
      try {
        response = (await (progressLoader as Loader)({
          request: new Request(`http://localhost/kosten/${t.tenderId}/fortschritt/${runId}`, {
            headers: { Cookie: cookie },
          }),
          params: { tenderId: t.tenderId, runId },
          context: {},
        })) as Response;
      } catch (thrown) {
        response = thrown as Response;
      }
      return { status: response.status, body: response.ok ? await response.json() : null };
    };
    const call2 = (loader: Loader, path: string, runId: string) =>
      download(loader, treasurer.id, t.tenderId, path, `?lauf=${runId}`);
    for (const [loader, path] of [
      [leadXlsxLoader, "/gesamt.xlsx"],
      [leadCsvLoader, "/gesamt.csv"],
    ] as const) {
      const runId = crypto.randomUUID();
      // unknown before the download starts
      expect((await progress(treasurer.id, runId)).status).toBe(404);
      await call2(loader as Loader, path, runId); // reads the whole body
      // The run is marked finished once the stream has ended, which may be a moment after the
      // reader took the last byte (on PostgreSQL that write raced the first poll).
      await vi.waitFor(
        async () =>
          expect(await progress(treasurer.id, runId)).toEqual({
            status: 200,
            body: { rowsDone: lines, rowsTotal: lines, finished: true, failed: false },
          }),
        { timeout: 10_000, interval: 50 },
      );
      // the lead's procurement user and another body's treasurer do not see it
      expect((await progress(t.lead.id, runId)).status).toBe(404);
      expect((await progress(t.treasurers[1]!.id, runId)).status).toBe(404);
    }
    // a malformed run id: the file comes all the same, unreported
    const { bytes } = await call2(leadCsvLoader as Loader, "/gesamt.csv", "kein-uuid");
    expect(bytes.length).toBeGreaterThan(100);
  });
});

describe("the lead's overview of a large tender", () => {
  it("pages the bodies (50 a page, searchable) while the sums stay every body's", async () => {
    const lead = await makeBody("Stadt Großmark", 50_000);
    const members = [lead];
    // 61 more bodies, umlauts among them to test the German order across pages
    for (let i = 0; i < 61; i++) {
      const prefix = i % 3 === 0 ? "Ödland" : i % 3 === 1 ? "Oberdorf" : "Zell";
      members.push(await makeBody(`${prefix} ${String(i).padStart(2, "0")}`, 1_000 + i));
    }
    const leadUser = await makeUser(lead, "procurement");
    const treasurer = await makeUser(lead, "treasurer");
    const officers: { id: string }[] = [];
    for (const bodyId of members) officers.push(await makeUser(bodyId, "officer"));
    const memberTreasurer = await makeUser(members[5]!, "treasurer");
    const [itemId] = await makeCategoryItems([{ name: "Kopierpapier A4", category: "consumable" }]);
    const { tenderId } = await makeAwardedTenderFor({
      title: "Großer Papierbund",
      referenceNumber: `G-${Math.floor(Math.random() * 1e9)}`,
      leadBodyId: lead,
      leadUserId: leadUser.id,
      members: members.map((bodyId, i) => ({ bodyId, officerId: officers[i]!.id })),
      items: [{ id: itemId!, bandMinQty: [0, 500] }],
      demand: members.map((_, i) => ({ member: i, item: 0, quantity: 10 + i, costCentre: "1" })),
      contractStart: "2027-04-01",
      termMonths: 12,
      sharedCosts: {
        1: [
          {
            kind: "delivery",
            label: "Lieferpauschale",
            amountCents: 9_999,
            percentBp: null,
            vatRateBp: 1900,
            key: "equal",
            payers: "all",
          },
        ],
      },
      start: new Date(Date.now() - 60 * 24 * 3600_000),
    });
    type Page = {
      bodies: { name: string; grossCents: number }[];
      totals: { grossCents: number; netSavingsCents: number };
      lots: { bodies: unknown[]; totals: { grossCents: number } }[];
      paging: { page: number; pageSize: number; total: number; search: string } | null;
      reconciliation: { allBodiesGrossCents: number; balanced: boolean };
    };
    const view = async (userId: string, query = "") =>
      (await call(splitPageLoader as Loader, userId, tenderId, "", query)) as Page;

    const full = (await splitForTender({ tenderId, viewerBodyId: lead }))!;
    const everyName = full.bodies.map((b) => b.name);
    expect(everyName).toHaveLength(62);
    const first = await view(treasurer.id);
    const second = await view(treasurer.id, "?seite=2");
    expect(first.paging).toEqual({ page: 1, pageSize: 50, total: 62, search: "" });
    expect(first.bodies).toHaveLength(50);
    expect(second.bodies).toHaveLength(12);
    // the pages together are every body once, in German order (Ödland among the O's)
    expect([...first.bodies, ...second.bodies].map((b) => b.name)).toEqual(everyName);
    expect(everyName.indexOf("Ödland 00")).toBeLessThan(everyName.indexOf("Zell 02"));
    // the sums are every body's, on every page
    const all = full.bodies.reduce((s, b) => s + b.grossCents, 0);
    for (const page of [first, second]) {
      expect(page.totals.grossCents).toBe(all);
      expect(page.lots[0]!.totals.grossCents).toBe(all);
      expect(page.reconciliation).toEqual(full.reconciliation);
      expect(page.reconciliation.balanced).toBe(true);
    }
    const pageSum = first.bodies.reduce((s, b) => s + b.grossCents, 0);
    expect(pageSum).toBeLessThan(all);
    // a search: name or AGS, case-insensitive
    const found = await view(treasurer.id, "?suche=zell");
    expect(found.paging).toMatchObject({ total: 20, search: "zell" });
    expect(found.bodies.map((b) => b.name).every((n) => n.startsWith("Zell"))).toBe(true);
    // a member's treasurer: its own body, no pages
    const own = await view(memberTreasurer.id);
    expect(own.paging).toBeNull();
    expect(own.bodies).toHaveLength(1);
  });
});
