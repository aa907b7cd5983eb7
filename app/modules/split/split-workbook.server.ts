// The cost split as XLSX for treasurers (DESIGN.md "Spreadsheets for treasurers").
//
// For one body: "Übersicht" (tender, lots with supplier and the reconciliation with the invoice,
// pricing rule, allocation keys in words, export date and person), "Zeilen" (one row per demand
// line, exactly the split's cents), "Gemeinkosten", "Nutzen" and "Haushaltsjahre".
// For the lead: "Übersicht", "Zusammenfassung" (one row per body and lot), "Körperschaften"
// (per body, with the budget years), then every line on "Zeilen", "Zeilen 2", … – a sheet holds
// at most 1,048,576 rows, so a national tender spans sheets.
//
// Both are written with exceljs's streaming writer: rows are committed as they are written and
// go straight into the zip stream, so the file never sits in memory as a whole.
//
// Cells hold real numbers (euros as the double nearest to the exact cents, see centsToAmount),
// dates as dates, with German-looking number formats (exceljs stores the en-US codes, Excel shows
// them with the reader's separators). Sums and differences are formulas whose cached results are
// the exact values, so a file that has never been recalculated shows the right numbers too.
// Every text that came from a user goes through guardSpreadsheetText.
import { PassThrough, type Writable } from "node:stream";

import { centsToAmount } from "~/domain/ocds";
import { guardSpreadsheetText } from "~/kit/spreadsheet/workbook.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import { type SplitLine, type SplitLot, type TenderSplit } from "./split-view.server";

import { type Cell, type TableColumn } from "~/kit/spreadsheet/table-sheet.server";
import {
  columnLetter,
  EURO_FORMAT,
  formula,
  QUANTITY_FORMAT,
  UNIT_PRICE_FORMAT,
  YEAR_FORMAT,
} from "~/kit/spreadsheet/workbook.server";

/** Excel's limit per sheet (header row included). */
export const XLSX_MAX_ROWS = 1_048_576;

export const COVER_SHEET = "Übersicht";
export const LINES_SHEET = "Zeilen";
export const SHARED_SHEET = "Gemeinkosten";
export const SAVINGS_SHEET = "Nutzen";
export const YEARS_SHEET = "Haushaltsjahre";
export const SUMMARY_SHEET = "Zusammenfassung";
export const BODIES_SHEET = "Körperschaften";

export const text = (value: string) => guardSpreadsheetText(value);
/**
 * Cents as euros for a cell. For whole cents below 2^53 the division is correctly rounded: the
 * double nearest the exact amount, the same number centsToAmount gets by parsing "123.45", but
 * without a BigInt and a string per cell (a million lines have four money cells each).
 */
export const euro = (cents: number) => {
  if (!Number.isSafeInteger(cents)) return centsToAmount(cents);
  return cents / 100;
};
export const integers = new Intl.NumberFormat("de-DE");

export type ExportMeta = {
  now: Date;
  /** who exported: "Anna Becker (Kämmerei, Stadt Hameln)" */
  exportedBy: string;
  /** tests lower it to see the lines spill onto the next sheet */
  maxRowsPerSheet?: number;
};

export function vatFormat(bp: number): string {
  return bp % 100 === 0 ? "0%" : "0.0#%";
}

/** SUM over rows `from`..`to` of a column, with its exact result. */
export function sumFormula(column: number, from: number, to: number, cents: number) {
  const c = columnLetter(column);
  return to < from ? euro(0) : formula(`SUM(${c}${from}:${c}${to})`, euro(cents));
}

/** A line's row in one budget year: its money that year, the Haushaltsjahr a number. */
export type SplitLineRow = SplitLine & { year: number };

/**
 * The rows a line is written as: one per budget year (a licence over 24 months from April:
 * three), each with that year's net, VAT and gross; they add up to the line.
 */
export function yearRows(line: SplitLine): SplitLineRow[] {
  return line.budgetYears.map((y) => ({
    ...line,
    year: y.year,
    netCents: y.netCents,
    vatCents: y.cents - y.netCents,
    grossCents: y.cents,
  }));
}

// ─── Lines ───────────────────────────────────────────────────────────────────────────────────

export const LINE_COLUMNS: TableColumn[] = [
  { header: "Los", width: 8 },
  { header: "Artikel", width: 46 },
  { header: "CPV", width: 12 },
  { header: "Menge", width: 10, numFmt: QUANTITY_FORMAT, numeric: true },
  { header: "Einheit", width: 11 },
  { header: "Stückpreis netto", width: 14, numFmt: UNIT_PRICE_FORMAT, numeric: true },
  { header: "Netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
  { header: "USt-Satz", width: 9, numFmt: "0%", numeric: true },
  { header: "USt", width: 13, numFmt: EURO_FORMAT, numeric: true },
  { header: "Brutto", width: 14, numFmt: EURO_FORMAT, numeric: true },
  { header: "Kostenstelle", width: 22 },
  { header: "Produkt", width: 12 },
  { header: "Sachkonto", width: 12 },
  { header: "Haushaltsjahr", width: 13, numFmt: YEAR_FORMAT, numeric: true, align: "right" },
  { header: "Rechnung durch", width: 20 },
];
export const BODY_COLUMNS: TableColumn[] = [
  { header: "Körperschaft", width: 28 },
  { header: "AGS", width: 10 },
];

/**
 * A line row's cells from "Los" on; `first` is the column number of "Los".
 * `grossFormula`: the body's file computes each line's gross as net + VAT; the lead's file of up
 * to a million lines writes the value, because exceljs keeps every formula cell of a sheet in
 * memory until the sheet is committed (its shared-formula bookkeeping).
 */
export function lineCells(
  lot: SplitLot,
  line: SplitLineRow,
  row: number,
  first: number,
  grossFormula: boolean,
  billedBy: string,
): Cell[] {
  const net = columnLetter(first + 6);
  const vat = columnLetter(first + 8);
  return [
    text(lot.label),
    text(line.itemName),
    line.cpvCode,
    line.quantity,
    text(line.unit),
    // division is correctly rounded: the double nearest the exact price, as centsToAmount gives
    line.unitPrice / 10_000,
    euro(line.netCents),
    { value: line.vatRateBp / 10_000, numFmt: vatFormat(line.vatRateBp) },
    euro(line.vatCents),
    grossFormula
      ? formula(`${net}${row}+${vat}${row}`, euro(line.grossCents))
      : euro(line.grossCents),
    text(line.costCentre),
    text(line.product),
    text(line.ledgerAccount),
    line.year,
    billedBy,
  ];
}

// ─── Body workbook ───────────────────────────────────────────────────────────────────────────

export function bodyWorkbookFileName(split: TenderSplit, body: { name: string }): string {
  return `Kostenaufteilung_${fileNameSlug(split.tender.referenceNumber, 30)}_${fileNameSlug(body.name, 40)}.xlsx`;
}

export function leadWorkbookFileName(split: TenderSplit): string {
  return `Kostenaufteilung_${fileNameSlug(split.tender.referenceNumber, 30)}_alle_Koerperschaften.xlsx`;
}

/** Runs a writer into memory (tests, small files). */
export async function workbookBytes(
  write: (stream: Writable) => Promise<unknown>,
): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  await write(stream);
  await ended;
  return Buffer.concat(chunks);
}
