// Licences over the whole term, as a treasurer reads them (issue 15, points 1 and 9): a licence
// lot of 24 months from April 2027 is billed for two years, and the body's cost page, its XLSX
// and its CSV show the same amount per Haushaltsjahr, every row with its accounts and the year
// as a number.
import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";

import { and, eq } from "drizzle-orm";

import { getDb } from "#db/client";
import { auditEvents } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { createSession, sessionCookie, setCostCentreRequired } from "~/modules/access/index.server";
import { replaceDemandLines, saveDemandForm } from "~/modules/demand/index.server";
import { buildPriceSheet } from "~/modules/publication/index.server";
import { LINES_SHEET, SHARED_SHEET, YEARS_SHEET } from "~/modules/split/index.server";
import { loader as evaluationLoader } from "~/routes/ausschreibungen.$tenderId.wertung.$lotId/route";
import { loader as splitPageLoader } from "~/routes/kosten.$tenderId._index/route";
import { loader as bodyCsvLoader } from "~/routes/kosten.$tenderId.anteil[.]csv";
import { loader as bodyXlsxLoader } from "~/routes/kosten.$tenderId.anteil[.]xlsx";
import { loader as leadCsvLoader } from "~/routes/kosten.$tenderId.gesamt[.]csv";
import { loader as leadXlsxLoader } from "~/routes/kosten.$tenderId.gesamt[.]xlsx";

import { makeAwardedLicenceTender } from "../factories/awards";
import { line, makeOpenRound, makeUser, tableChecksum } from "../factories/rounds";
import { readWorkbook } from "../factories/xlsx";
import { useTestDatabase } from "../support/database";

useTestDatabase();

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

async function get(loader: Loader, userId: string, tenderId: string, path: string) {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  const result = await loader({
    request: new Request(`http://localhost/kosten/${tenderId}${path}`, {
      headers: { Cookie: cookie },
    }),
    params: { tenderId },
    context: {},
  });
  if (result instanceof Response) {
    expect(result.status).toBe(200);
    return new Uint8Array(await result.arrayBuffer());
  }
  return result;
}

const cents = (value: unknown) => Math.round(Number(value) * 100);
const germanCents = (s: string) => Math.round(Number(s.replace(",", ".")) * 100);
const resultOf = (cell: ExcelJS.Cell) => {
  const v = cell.value as { formula?: string; result?: unknown } | null;
  return v && typeof v === "object" && "formula" in v ? (v.result ?? 0) : v;
};

/** Σ gross per Haushaltsjahr of a sheet's data rows (`year`, `gross`: column numbers). */
function byYear(sheet: ExcelJS.Worksheet, year: number, gross: number) {
  const sums = new Map<number, number>();
  sheet.eachRow((row, n) => {
    const y = row.getCell(year).value;
    if (n === 1 || typeof y !== "number") return;
    sums.set(y, (sums.get(y) ?? 0) + cents(resultOf(row.getCell(gross))));
  });
  return sums;
}

describe("a licence tender over 24 months from 2027-04-01", () => {
  it("bills seats × price per seat and year × 2 and shows each Haushaltsjahr alike in page, XLSX and CSV", async () => {
    const t = await makeAwardedLicenceTender({ contractStart: "2027-04-01", termMonths: 24 });
    const treasurer = t.treasurers[1]!;
    const page = (await get(splitPageLoader as Loader, treasurer.id, t.tenderId, "")) as Awaited<
      ReturnType<typeof splitPageLoader>
    >;
    const own = page.bodies[0]!;
    const licenceLot = page.lots.find((l) => l.category === "license")!;
    // 62 seats at the bid's price per seat and year (4,675 €), two years: 579,70 € net
    expect(licenceLot.invoice.netCents).toBe(Math.round(62 * 4.675 * 2 * 100));
    expect(own.budgetYears.map((y) => y.year)).toEqual([2027, 2028, 2029]);
    // the evaluation shows each bid over the term too: the winner's is the invoice's net
    const cookie = await sessionCookie.serialize(await createSession({ userId: t.lead.id }));
    const evaluation = (await (evaluationLoader as Loader)({
      request: new Request(
        `http://localhost/ausschreibungen/${t.tenderId}/wertung/${licenceLot.id}`,
        { headers: { Cookie: cookie } },
      ),
      params: { tenderId: t.tenderId, lotId: licenceLot.id },
      context: {},
    })) as Awaited<ReturnType<typeof evaluationLoader>>;
    expect(evaluation.lot.termMonths).toBe(24);
    expect(evaluation.ranked[0]!.termNetCents).toBe(licenceLot.invoice.netCents);
    expect(evaluation.ranked[0]!.evaluatedNetCents * 2).toBeGreaterThanOrEqual(
      licenceLot.invoice.netCents - 1,
    );
    // the price sheet asks the price per seat and year and says how the term bills it
    const sheet = await readWorkbook((await buildPriceSheet({ tenderId: t.tenderId }))!.bytes);
    expect(sheet.getWorksheet("Los 2")!.getCell("A4").value).toMatch(
      /Preis je Lizenz und Jahr netto in Euro .* Vertragslaufzeit von 24 Monaten: Lizenzen × Preis je Lizenz und Jahr × 24\/12/,
    );
    expect(sheet.getWorksheet("Los 1")!.getCell("A4").value).toMatch(/^Tragen Sie .* Stückpreis/);

    // XLSX: the lines and the shared costs, per Haushaltsjahr, add up to the page's years
    const book = await readWorkbook(
      (await get(bodyXlsxLoader as Loader, treasurer.id, t.tenderId, "/anteil.xlsx")) as Uint8Array,
    );
    const lines = book.getWorksheet(LINES_SHEET)!;
    const shared = book.getWorksheet(SHARED_SHEET)!;
    expect(lines.getRow(1).getCell(14).value).toBe("Haushaltsjahr");
    expect(shared.getRow(1).getCell(14).value).toBe("Haushaltsjahr");
    const xlsxYears = new Map<number, number>();
    for (const sums of [byYear(lines, 14, 10), byYear(shared, 14, 10)])
      for (const [y, c] of sums) xlsxYears.set(y, (xlsxYears.get(y) ?? 0) + c);
    expect([...xlsxYears].sort((a, b) => a[0] - b[0])).toEqual(
      own.budgetYears.map((y) => [y.year, y.totalCents]),
    );
    expect([...xlsxYears.values()].reduce((a, b) => a + b, 0)).toBe(own.grossCents);
    // the sheet "Haushaltsjahre" says the same
    const years = book.getWorksheet(YEARS_SHEET)!;
    own.budgetYears.forEach((y, i) => {
      expect(years.getRow(2 + i).getCell(1).value).toBe(y.year);
      expect(cents(resultOf(years.getRow(2 + i).getCell(5)))).toBe(y.totalCents);
    });
    // licence rows: one per year, 9 + 12 + 3 months of 15 seats at 4,675 € a year
    const licenceRows: { year: number; net: number }[] = [];
    lines.eachRow((row, n) => {
      if (n > 1 && row.getCell(5).value === "Lizenz/Jahr")
        licenceRows.push({
          year: row.getCell(14).value as number,
          net: cents(row.getCell(7).value),
        });
    });
    expect(licenceRows.map((r) => r.year)).toEqual([2027, 2028, 2029]);
    expect(licenceRows.map((r) => r.net)).toEqual([5_259, 7_013, 1_753]);
    // every row carries Kostenstelle, Produkt, Sachkonto and the year as a number
    for (const sheet of [lines, shared]) {
      sheet.eachRow((row, n) => {
        if (n === 1 || row.getCell(1).value === "Summe") return;
        for (const c of [11, 12, 13]) expect(String(row.getCell(c).value)).toMatch(/^\d[\d.]*$/);
        expect(typeof row.getCell(14).value).toBe("number");
      });
    }

    // CSV: the same rows, the same amounts per Haushaltsjahr
    const csv = parse(
      Buffer.from(
        (await get(bodyCsvLoader as Loader, treasurer.id, t.tenderId, "/anteil.csv")) as Uint8Array,
      ).toString("utf8"),
      { delimiter: ";", bom: true },
    ) as string[][];
    const csvYears = new Map<number, number>();
    for (const r of csv.slice(1)) {
      expect(r[16]).toMatch(/^\d{4}$/);
      const y = Number(r[16]);
      csvYears.set(y, (csvYears.get(y) ?? 0) + germanCents(r[12]!));
    }
    expect(csvYears).toEqual(xlsxYears);

    // the lead's files: the licence rows per year too, and the same total
    const lead = t.treasurers[0]!;
    const leadCsv = parse(
      Buffer.from(
        (await get(leadCsvLoader as Loader, lead.id, t.tenderId, "/gesamt.csv")) as Uint8Array,
      ).toString("utf8"),
      { delimiter: ";", bom: true },
    ) as string[][];
    expect(leadCsv.slice(1).filter((r) => r[7] === "Lizenz/Jahr")).toHaveLength(9);
    const leadBook = await readWorkbook(
      (await get(leadXlsxLoader as Loader, lead.id, t.tenderId, "/gesamt.xlsx")) as Uint8Array,
    );
    const leadYears = byYear(leadBook.getWorksheet(LINES_SHEET)!, 16, 12);
    const csvGoods = new Map<number, number>();
    for (const r of leadCsv.slice(1).filter((r) => r[3] === "Ware"))
      csvGoods.set(Number(r[16]), (csvGoods.get(Number(r[16])) ?? 0) + germanCents(r[12]!));
    expect(leadYears).toEqual(csvGoods);
  });
});

describe("a body that requires a Kostenstelle", () => {
  it("refuses demand lines without one, from the form and an upload, with a German message", async () => {
    const r = await makeOpenRound({ invited: 2, items: 2 });
    const [strict, relaxed] = r.bodyIds as [string, string];
    const admin = await makeUser(r.leadBodyId, "admin");
    const set = (required: boolean) =>
      setCostCentreRequired({
        bodyId: strict,
        required,
        actorUserId: admin.id,
        actorBodyId: r.leadBodyId,
      });
    expect(await set(true)).toBe(true);
    expect(await set(true)).toBe(false); // nothing changed, nothing logged
    const before = await tableChecksum("demand_lines");
    const officer = (i: number) => ({ userId: r.officers[i]!.id, bodyId: r.bodyIds[i]! });
    const save = (i: number, lines: ReturnType<typeof line>[]) =>
      saveDemandForm({ roundId: r.roundId, actor: officer(i), lines, deleted: [] });
    await expect(save(0, [line(r.itemIds[0]!, 5, "1100"), line(r.itemIds[1]!, 3)])).rejects.toThrow(
      /^Ihre Körperschaft verlangt zu jeder Bedarfszeile eine Kostenstelle\. Bitte tragen Sie eine Kostenstelle ein bei: „/,
    );
    await expect(
      replaceDemandLines({
        roundId: r.roundId,
        actor: officer(0),
        incoming: [line(r.itemIds[1]!, 3, "  ")],
      }),
    ).rejects.toThrow(DomainError);
    expect(await tableChecksum("demand_lines")).toEqual(before); // nothing half-written
    // with one it is saved; another body without the setting may leave it empty
    expect((await save(0, [line(r.itemIds[1]!, 3, "2110 Schulen")])).ok).toBe(true);
    expect((await save(1, [line(r.itemIds[1]!, 3)])).ok).toBe(true);
    expect(relaxed).not.toBe(strict);
    // the administration's switch is logged
    const db = await getDb();
    const events = await db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, "body.cost_centre_required"), eq(auditEvents.subjectId, strict)),
      );
    expect(events).toEqual([{ data: { required: true } }]);
  });
});
