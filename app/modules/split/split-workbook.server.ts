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
import { once } from "node:events";
import { PassThrough, type Writable } from "node:stream";

import ExcelJS from "exceljs";

import { formatEuro, formatVatRate } from "~/domain/money";
import { centsToAmount, pricingExplanations } from "~/domain/ocds";
import { guardSpreadsheetText } from "~/domain/spreadsheet-text";
import { fileNameSlug } from "~/modules/demand/index.server";
import {
  berlinExcelDate,
  EXCEL_DATE_FORMAT,
  EXCEL_DATE_TIME_FORMAT,
  excelCalendarDate,
} from "~/kit/spreadsheet/excel-date.server";
import {
  billedByLabels,
  sharedCostKeyLabels,
  sharedCostKindLabels,
  sharedCostPayerLabels,
} from "~/domain/vocabulary";
import {
  collectSplitLines,
  splitLineChunks,
  type SplitBody,
  type SplitLine,
  type SplitLot,
  type TenderSplit,
} from "./cost-split.server";
import { type ProgressReporter } from "./export-run.server";
import { formatBerlin } from "~/kit/dates";

/** Excel's limit per sheet (header row included). */
export const XLSX_MAX_ROWS = 1_048_576;

export const COVER_SHEET = "Übersicht";
export const LINES_SHEET = "Zeilen";
export const SHARED_SHEET = "Gemeinkosten";
export const SAVINGS_SHEET = "Nutzen";
export const YEARS_SHEET = "Haushaltsjahre";
export const SUMMARY_SHEET = "Zusammenfassung";
export const BODIES_SHEET = "Körperschaften";

export const EURO_FORMAT = '#,##0.00 "€"';
export const UNIT_PRICE_FORMAT = '#,##0.00## "€"';
export const QUANTITY_FORMAT = "#,##0";
export const YEAR_FORMAT = "0";

const HEADER_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFE3E7ED" },
};
const TOTAL_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFF2F4F7" },
};

const text = (value: string) => guardSpreadsheetText(value);
/** Named, so LibreOffice and other readers do not fall back to a serif face for bold cells. */
const FONT_NAME = "Calibri";
const BOLD: Partial<ExcelJS.Font> = { name: FONT_NAME, size: 11, bold: true };
/**
 * Cents as euros for a cell. For whole cents below 2^53 the division is correctly rounded: the
 * double nearest the exact amount, the same number centsToAmount gets by parsing "123.45", but
 * without a BigInt and a string per cell (a million lines have four money cells each).
 */
const euro = (cents: number) => {
  if (!Number.isSafeInteger(cents)) return centsToAmount(cents);
  return cents / 100;
};
const integers = new Intl.NumberFormat("de-DE");

export type ExportMeta = {
  now: Date;
  /** who exported: "Anna Becker (Kämmerei, Stadt Hameln)" */
  exportedBy: string;
  /** tests lower it to see the lines spill onto the next sheet */
  maxRowsPerSheet?: number;
};

type Column = {
  header: string;
  width: number;
  numFmt?: string;
  numeric?: boolean;
  /** `right` for a column of numbers and number-like text (budget years) */
  align?: "right";
};

/** Column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function vatFormat(bp: number): string {
  return bp % 100 === 0 ? "0%" : "0.0#%";
}

/** "Zeilen" → 'Zeilen'!, with quotes for names with spaces or umlauts. */
function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}

function formula(expression: string, result: number | string): ExcelJS.CellFormulaValue {
  return { formula: expression, result } as ExcelJS.CellFormulaValue;
}

type Cell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt?: string };

/** What exceljs's streaming writer has inside and does not type: used by TableSheet only. */
type WriterInternals = {
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType: number): number };
};
type SheetInternals = { stream: Writable; _rowZero: number; _rows: unknown[] | null };

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
};
/**
 * Text as XML character data. Characters XML 1.0 cannot hold (control characters, lone
 * surrogates) are dropped, as exceljs drops them from the strings it writes itself: a user's
 * note with a stray control character must not make the whole file unreadable.
 */
/* eslint-disable no-control-regex -- these patterns are about control characters */
const XML_UNFIT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapeXml = (value: string) =>
  /[&<>"\u0000-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]/.test(value)
    ? value.replace(XML_UNFIT, "").replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!)
    : value;
/* eslint-enable no-control-regex */
/** An inline string; leading or trailing blanks and line breaks need xml:space="preserve". */
const inlineString = (value: string) =>
  /^\s|\n|\s$/.test(value)
    ? `<is><t xml:space="preserve">${escapeXml(value)}</t></is>`
    : `<is><t>${escapeXml(value)}</t></is>`;

/**
 * A table sheet: header row 1 frozen, filter over the data, printable landscape on A4.
 *
 * The header goes through exceljs; the data rows are written as SpreadsheetML straight into the
 * sheet's part (decision 007). exceljs builds a Row, a Cell and a style lookup per cell and keeps
 * every formula cell of a sheet until the sheet is committed (its shared-formula bookkeeping):
 * for a national tender's million lines and 130,000 summary rows that was most of the time and
 * a growing heap. Here a row is one string; styles go to the workbook's style table exactly as
 * exceljs would put them. Text is written as inline strings, not into the shared-strings table:
 * that table lives in memory until the workbook is committed, and a national tender's lines
 * (cost centres, products, ledger accounts, addresses) made it grow with every row.
 */
class TableSheet {
  readonly sheet: ExcelJS.Worksheet;
  rowNumber = 1;
  private pending = "";
  private readonly letters: string[];
  private readonly internals: WriterInternals;
  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    readonly name: string,
    readonly columns: Column[],
    footer: string,
  ) {
    this.internals = workbook as unknown as WriterInternals;
    this.letters = columns.map((_, i) => columnLetter(i + 1));
    this.sheet = workbook.addWorksheet(name, {
      views: [{ state: "frozen", ySplit: 1, xSplit: 0, activeCell: "A2" }],
      pageSetup: {
        paperSize: 9,
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: "1:1",
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: {
        oddFooter: `&L${footer.replace(/&/g, "&&")}&RSeite &P von &N`,
      },
    });
    this.sheet.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width }));
    const header = this.sheet.getRow(1);
    columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
      cell.border = { bottom: { style: "thin" } };
      cell.alignment = {
        vertical: "middle",
        wrapText: true,
        horizontal: c.numeric ? "right" : "left",
      };
    });
    header.height = 30;
    header.commit(); // opens the sheet's data; from here on rows are ours
  }

  /**
   * One style per column and kind of row, registered once: style id by (column, format, total).
   * The style objects are what a cell's `style` would be, so exceljs writes the same styles.xml.
   */
  private readonly styleIds = new Map<string, number>();
  /** The column's own format, per column and kind (number or empty, text) and row (data, total). */
  private readonly columnStyleIds: (number | undefined)[] = [];
  private columnStyle(column: number, total: boolean, text: boolean) {
    const k = column * 4 + (total ? 2 : 0) + (text ? 1 : 0);
    return (this.columnStyleIds[k] ??= this.styleId(
      column,
      this.columns[column]!.numFmt,
      total,
      text,
    ));
  }
  /** A cell's style: its column's, or with a format of its own. (No closure per cell.) */
  private style(column: number, numFmt: string | undefined, total: boolean, text: boolean) {
    return numFmt === undefined
      ? this.columnStyle(column, total, text)
      : this.styleId(column, numFmt, total, text);
  }
  private styleId(column: number, numFmt: string | undefined, total: boolean, text: boolean) {
    const key = `${column}|${numFmt ?? ""}|${total ? 1 : 0}|${text ? 1 : 0}`;
    let id = this.styleIds.get(key);
    if (id === undefined) {
      const style: Partial<ExcelJS.Style> = {
        ...(numFmt ? { numFmt } : {}),
        alignment: this.columns[column]!.numeric
          ? { vertical: "top" as const, horizontal: this.columns[column]!.align }
          : // no wrapping: a program cannot size rows, and an unsized wrapped row overlaps its
            // neighbour in print; a small indent keeps text off the number to its left
            { vertical: "top" as const, horizontal: "left" as const, indent: column > 0 ? 1 : 0 },
        ...(total
          ? { font: BOLD, fill: TOTAL_FILL, border: { top: { style: "thin" as const } } }
          : {}),
      };
      id = this.internals.styles.addStyleModel(
        style,
        text ? ExcelJS.ValueType.String : ExcelJS.ValueType.Number,
      );
      this.styleIds.set(key, id);
    }
    return id;
  }

  /** Writes the next row; a cell may carry its own number format (e.g. a VAT rate). */
  add(values: Cell[], options?: { total?: boolean }): number {
    const r = ++this.rowNumber;
    const total = options?.total === true;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const own = v !== null && typeof v === "object" && "value" in v && !("formula" in v);
      const value = own ? (v as { value: ExcelJS.CellValue }).value : (v as ExcelJS.CellValue);
      const numFmt = own ? (v as { numFmt?: string }).numFmt : undefined;
      const ref = `${this.letters[i]}${r}`;
      if (value === null || value === undefined || value === "") {
        xml += `<c r="${ref}" s="${this.style(i, numFmt, total, false)}"/>`;
      } else if (typeof value === "string") {
        xml += `<c r="${ref}" s="${this.style(i, numFmt, total, true)}" t="inlineStr">${inlineString(value)}</c>`;
      } else if (typeof value === "number") {
        xml += `<c r="${ref}" s="${this.style(i, numFmt, total, false)}"><v>${value}</v></c>`;
      } else if (typeof value === "object" && "formula" in value) {
        const f = value as { formula: string; result?: unknown };
        if (typeof f.result === "string") {
          xml += `<c r="${ref}" s="${this.style(i, numFmt, total, true)}" t="str"><f>${escapeXml(f.formula)}</f><v>${escapeXml(f.result)}</v></c>`;
        } else {
          xml += `<c r="${ref}" s="${this.style(i, numFmt, total, false)}"><f>${escapeXml(f.formula)}</f><v>${Number(f.result ?? 0)}</v></c>`;
        }
      } else {
        throw new Error(`TableSheet: unsupported cell value in ${ref}`);
      }
    }
    this.pending += `${xml}</row>`;
    if (this.pending.length > 65_536) this.flush();
    return r;
  }

  /** Hands the buffered rows to the sheet's part (and so to the zip). */
  flush() {
    if (!this.pending) return;
    (this.sheet as unknown as SheetInternals).stream.write(this.pending);
    this.pending = "";
  }

  /** The filter spans the header and the data rows (not a totals row written after it). */
  filterTo(lastDataRow: number) {
    this.sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: Math.max(1, lastDataRow), column: this.columns.length },
    };
  }

  commit() {
    this.flush();
    // exceljs's own row bookkeeping continues after our rows (nothing of its own is pending)
    (this.sheet as unknown as SheetInternals)._rowZero = this.rowNumber + 1;
    this.sheet.commit();
  }
}

const ROWS_PER_BREATH = 1_000;

/**
 * Lets the zip and the response catch up. Rows go synchronously into the sheet's buffer stream,
 * which hands them on without backpressure to the pipe archiver reads the entry from; deflate
 * only runs when the event loop does. A loop over a million rows without pauses therefore held
 * the whole uncompressed sheet in memory (+1 GB for 1.1 million rows; the bare exceljs baseline
 * of the bench grows by 0.45 KB a row for exactly this reason). Every ROWS_PER_BREATH rows we
 * wait until that pipe has drained and the reader of the output (a slow client) has caught up.
 * The pipe is exceljs's internal `stream.pipes[0]`; if a later exceljs hides it, this degrades to
 * yielding once, still correct, only less frugal.
 */
async function breathe(table: TableSheet, output: Writable) {
  table.flush();
  // archiver's PassThrough comes from readable-stream 2, which predates `writableNeedDrain`.
  type Pipe = Writable & { _writableState?: { needDrain?: boolean } };
  const pipe = (table.sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes?.[0];
  await new Promise((resolve) => setImmediate(resolve));
  while (pipe?._writableState?.needDrain) await once(pipe, "drain");
  if (output.writableNeedDrain) await once(output, "drain");
}

/** SUM over rows `from`..`to` of a column, with its exact result. */
function sumFormula(column: number, from: number, to: number, cents: number) {
  const c = columnLetter(column);
  return to < from ? euro(0) : formula(`SUM(${c}${from}:${c}${to})`, euro(cents));
}

function yearText(years: { year: number }[]): number | string {
  if (years.length === 0) return "";
  if (years.length === 1) return years[0]!.year;
  return `${years[0]!.year}–${years.at(-1)!.year}`;
}

// ─── Cover ───────────────────────────────────────────────────────────────────────────────────

class CoverSheet {
  readonly sheet: ExcelJS.Worksheet;
  r = 1;
  constructor(workbook: ExcelJS.stream.xlsx.WorkbookWriter, footer: string) {
    this.sheet = workbook.addWorksheet(COVER_SHEET, {
      pageSetup: {
        paperSize: 9,
        orientation: "portrait",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: `&L${footer.replace(/&/g, "&&")}&RSeite &P von &N` },
    });
    this.sheet.columns = [
      { key: "label", width: 38 },
      { key: "value", width: 20 },
      { key: "note", width: 62 },
    ];
  }

  title(value: string) {
    const row = this.sheet.getRow(this.r++);
    row.getCell(1).value = text(value);
    row.getCell(1).font = { ...BOLD, size: 14 };
    row.height = 22;
    row.commit();
  }

  heading(value: string) {
    this.r++;
    const row = this.sheet.getRow(this.r++);
    row.getCell(1).value = text(value);
    row.getCell(1).font = { ...BOLD, size: 12 };
    row.getCell(1).border = { bottom: { style: "thin" } };
    row.getCell(2).border = { bottom: { style: "thin" } };
    row.getCell(3).border = { bottom: { style: "thin" } };
    row.commit();
  }

  /** label | value (number, date or short text) | optional note */
  field(
    label: string,
    value: ExcelJS.CellValue,
    numFmt?: string,
    note?: string,
    bold = false,
  ): number {
    const n = this.r++;
    const row = this.sheet.getRow(n);
    row.getCell(1).value = label;
    row.getCell(1).font = BOLD;
    row.getCell(1).alignment = { vertical: "top" };
    const cell = row.getCell(2);
    cell.value = value;
    if (numFmt) cell.numFmt = numFmt;
    const isText =
      typeof value === "string" ||
      (value !== null &&
        typeof value === "object" &&
        "result" in value &&
        typeof value.result === "string");
    cell.alignment = { vertical: "top", horizontal: isText ? "left" : "right" };
    if (bold) cell.font = BOLD;
    if (note) {
      row.getCell(3).value = note;
      row.getCell(3).alignment = { vertical: "top", wrapText: true, indent: 1 };
      row.height = Math.max(15, Math.ceil(note.length / 70) * 15);
    }
    row.commit();
    return n;
  }

  /** A long text over the value and note columns. */
  paragraph(label: string, value: string) {
    const n = this.r++;
    this.sheet.mergeCells(n, 2, n, 3);
    const row = this.sheet.getRow(n);
    row.getCell(1).value = label;
    row.getCell(1).font = BOLD;
    row.getCell(1).alignment = { vertical: "top", wrapText: true };
    row.getCell(2).value = value;
    row.getCell(2).alignment = { vertical: "top", wrapText: true };
    const lines = value.split("\n").reduce((s, l) => s + Math.max(1, Math.ceil(l.length / 88)), 0);
    row.height = Math.min(409, Math.max(1, lines, Math.ceil(label.length / 40)) * 15);
    row.commit();
  }

  blank() {
    this.r++;
  }

  commit() {
    this.sheet.commit();
  }
}

function writeTenderFacts(
  cover: CoverSheet,
  split: TenderSplit,
  meta: ExportMeta,
  forWhom: string,
) {
  const { tender } = split;
  cover.title(`Kostenaufteilung: ${tender.title}`);
  cover.field("Vergabenummer", text(tender.referenceNumber));
  cover.field("Körperschaft", text(forWhom));
  cover.field("Federführend", text(tender.leadBodyName));
  const pricing = pricingExplanations[tender.pricing];
  cover.field("Preisart", pricing.label, undefined, pricing.text);
  cover.field("Vertragsbeginn", excelCalendarDate(tender.contractStart), EXCEL_DATE_FORMAT);
  cover.field(
    "Laufzeit",
    `${integers.format(tender.termMonths)} Monate${tender.framework ? " (Rahmenvereinbarung)" : ""}`,
    undefined,
    "Lizenzen werden monatsgenau auf die Haushaltsjahre verteilt; Verbrauchsmaterial und Gemeinkosten fallen im Jahr des Vertragsbeginns an.",
  );
  cover.field("Exportiert am", berlinExcelDate(meta.now), EXCEL_DATE_TIME_FORMAT);
  cover.field("Exportiert von", text(meta.exportedBy));
  cover.field(
    "Beträge",
    "in Euro",
    undefined,
    "Netto = ohne Umsatzsteuer. Ersparnisse sind Nettobeträge: „vor Gemeinkosten“ nur für die Waren, „nach Gemeinkosten“ abzüglich des Anteils an den Gemeinkosten.",
  );
}

/**
 * Per lot: supplier, invoice, shared costs, the computed reconciliation and – in a body's file –
 * its own share as a formula over its sheets. Returns nothing; the cells are the check.
 */
function writeLotBlocks(
  cover: CoverSheet,
  split: TenderSplit,
  ownShare?: (lot: SplitLot) => ExcelJS.CellValue,
) {
  for (const lot of split.lots) {
    cover.heading(lot.label);
    const address = lot.supplier.address
      .split(/\s*\n\s*/)
      .filter(Boolean)
      .join(", ");
    cover.paragraph(
      "Auftragnehmer",
      text(address ? `${lot.supplier.name}, ${address}` : lot.supplier.name),
    );
    cover.field("Zuschlag am", berlinExcelDate(lot.awardedAt), EXCEL_DATE_TIME_FORMAT);
    const rec = lot.reconciliation;
    const net = cover.field("Rechnung netto", euro(rec.invoiceNetCents), EURO_FORMAT);
    const vat = cover.field(
      "Umsatzsteuer der Rechnung",
      euro(rec.invoiceVatCents),
      EURO_FORMAT,
      lot.invoice.byRate
        .map(
          (r) =>
            `${formatVatRate(r.vatRateBp)}: ${formatEuro(r.vatCents)} auf ${formatEuro(r.netCents)} netto`,
        )
        .join("; "),
    );
    const gross = cover.field(
      "Rechnung brutto",
      formula(`B${net}+B${vat}`, euro(rec.invoiceGrossCents)),
      EURO_FORMAT,
    );
    const shared = cover.field("Gemeinkosten brutto", euro(rec.sharedGrossCents), EURO_FORMAT);
    const expected = cover.field(
      "Soll: Rechnung + Gemeinkosten",
      formula(`B${gross}+B${shared}`, euro(rec.expectedCents)),
      EURO_FORMAT,
      undefined,
      true,
    );
    const all = cover.field(
      `Summe der Anteile aller ${integers.format(rec.bodyCount)} Körperschaften`,
      euro(rec.allBodiesGrossCents),
      EURO_FORMAT,
      "von Bündelkauf aus den einzelnen Anteilen berechnet",
      true,
    );
    cover.field(
      "Abgleich",
      formula(
        `IF(ROUND(B${expected}-B${all},2)=0,"stimmt auf den Cent","Abweichung")`,
        rec.balanced ? "stimmt auf den Cent" : "Abweichung",
      ),
    );
    if (ownShare)
      cover.field(
        "davon Ihr Anteil brutto",
        ownShare(lot),
        EURO_FORMAT,
        "Summe Ihrer Zeilen und Gemeinkosten in diesem Los",
        true,
      );
    cover.paragraph("Aufteilung der Waren", lot.goodsDescription);
    if (lot.sharedCosts.length === 0)
      cover.paragraph("Gemeinkosten", "In diesem Los gibt es keine Gemeinkosten.");
    for (const cost of lot.sharedCosts)
      cover.paragraph(`Gemeinkosten: ${cost.label}`, text(cost.description));
  }
  if (split.pendingLots.length > 0) {
    cover.heading("Noch ohne Zuschlag");
    for (const lot of split.pendingLots)
      cover.paragraph(lot.label, "Die Kosten dieses Loses folgen nach dem Zuschlag.");
  }
}

// ─── Lines ───────────────────────────────────────────────────────────────────────────────────

const LINE_COLUMNS: Column[] = [
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
const BODY_COLUMNS: Column[] = [
  { header: "Körperschaft", width: 28 },
  { header: "AGS", width: 10 },
];

/** The line's cells from "Los" on; `first` is the column number of "Los". */
/**
 * `grossFormula`: the body's file computes each line's gross as net + VAT; the lead's file of up
 * to a million lines writes the value, because exceljs keeps every formula cell of a sheet in
 * memory until the sheet is committed (its shared-formula bookkeeping).
 */
function lineCells(
  lot: SplitLot,
  line: SplitLine,
  row: number,
  first: number,
  grossFormula: boolean,
  billedBy: string,
): Cell[] {
  const net = columnLetter(first + 6);
  const vat = columnLetter(first + 8);
  return [
    `Los ${lot.number}`,
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
    yearText(line.budgetYears),
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

function newWriter(stream: Writable, meta: ExportMeta, title: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = "Bündelkauf";
  workbook.created = meta.now;
  workbook.modified = meta.now;
  workbook.title = title;
  return workbook;
}

/**
 * One body's file. `split` must be scoped to exactly that body (splitForTender with `bodyId` or a
 * non-lead viewer); its lines are read here.
 */
export async function writeBodyWorkbook(
  split: TenderSplit,
  meta: ExportMeta,
  stream: Writable,
): Promise<void> {
  const body = split.bodies[0];
  if (!body || split.bodies.length !== 1)
    throw new Error("writeBodyWorkbook: split must hold one body");
  const workbook = newWriter(
    stream,
    meta,
    `Kostenaufteilung ${split.tender.referenceNumber} – ${body.name}`,
  );
  const footer = `Kostenaufteilung ${split.tender.referenceNumber} · ${body.name} · Stand ${formatBerlin(meta.now)}`;

  // A body has a few hundred lines at most: they are read before the file is written.
  const linesByLot = await collectSplitLines(split);
  const linesOf = (lot: SplitLot) => linesByLot.get(lot.id) ?? [];
  // Where each lot's rows land, for the cover's own-share formula: computed before writing.
  const lineRows = new Map<string, { from: number; to: number }>();
  const shareRows = new Map<string, { from: number; to: number }>();
  let r = 2;
  for (const lot of split.lots) {
    lineRows.set(lot.id, { from: r, to: r + linesOf(lot).length - 1 });
    r += linesOf(lot).length;
  }
  r = 2;
  for (const lot of split.lots) {
    const n = lot.sharedCosts.filter((c) => lot.shares.some((s) => s.costId === c.id)).length;
    shareRows.set(lot.id, { from: r, to: r + n - 1 });
    r += n;
  }

  const cover = new CoverSheet(workbook, footer);
  writeTenderFacts(cover, split, meta, `${body.name}${body.ags ? ` (AGS ${body.ags})` : ""}`);
  writeLotBlocks(cover, split, (lot) => {
    const own = lot.bodies.find((b) => b.bodyId === body.bodyId);
    const lines = lineRows.get(lot.id)!;
    const shares = shareRows.get(lot.id)!;
    const parts = [
      lines.to >= lines.from ? `SUM(${sheetRef(LINES_SHEET)}J${lines.from}:J${lines.to})` : null,
      shares.to >= shares.from
        ? `SUM(${sheetRef(SHARED_SHEET)}J${shares.from}:J${shares.to})`
        : null,
    ].filter((p) => p !== null);
    return parts.length > 0 ? formula(parts.join("+"), euro(own?.grossCents ?? 0)) : euro(0);
  });
  cover.heading("Ihre Summe über alle Lose");
  cover.field("Waren netto", euro(body.goodsNetCents), EURO_FORMAT);
  cover.field("Umsatzsteuer auf Waren", euro(body.goodsVatCents), EURO_FORMAT);
  cover.field("Gemeinkosten netto", euro(body.sharedNetCents), EURO_FORMAT);
  cover.field("Umsatzsteuer auf Gemeinkosten", euro(body.sharedVatCents), EURO_FORMAT);
  cover.field("Zu zahlen brutto", euro(body.grossCents), EURO_FORMAT, undefined, true);
  cover.field("Allein hätten Sie netto gezahlt", euro(body.aloneNetCents), EURO_FORMAT);
  cover.field(
    "Ersparnis nach Gemeinkosten",
    euro(body.netSavingsCents),
    EURO_FORMAT,
    undefined,
    true,
  );
  cover.commit();

  // Lines
  const billedBy = billedByLabels[split.tender.goodsBilling];
  const lines = new TableSheet(workbook, LINES_SHEET, LINE_COLUMNS, footer);
  for (const lot of split.lots) {
    for (const line of linesOf(lot))
      lines.add(lineCells(lot, line, lines.rowNumber + 1, 1, true, billedBy));
  }
  const lastLine = lines.rowNumber;
  lines.filterTo(lastLine);
  const goods = split.lots.flatMap(linesOf);
  lines.add(
    [
      "Summe",
      null,
      null,
      null,
      null,
      null,
      sumFormula(
        7,
        2,
        lastLine,
        goods.reduce((s, l) => s + l.netCents, 0),
      ),
      null,
      sumFormula(
        9,
        2,
        lastLine,
        goods.reduce((s, l) => s + l.vatCents, 0),
      ),
      sumFormula(
        10,
        2,
        lastLine,
        goods.reduce((s, l) => s + l.grossCents, 0),
      ),
      null,
      null,
      null,
      null,
      null,
    ],
    { total: true },
  );
  lines.commit();

  // Shared costs
  const shared = new TableSheet(
    workbook,
    SHARED_SHEET,
    [
      { header: "Los", width: 8 },
      { header: "Umlage", width: 42 },
      { header: "Art", width: 38 },
      { header: "Schlüssel", width: 20 },
      { header: "Zahlende", width: 26 },
      { header: "Betrag gesamt netto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt-Satz", width: 9, numFmt: "0%", numeric: true },
      { header: "Ihr Anteil netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt", width: 12, numFmt: EURO_FORMAT, numeric: true },
      { header: "Brutto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "Rechnung durch", width: 20 },
    ],
    footer,
  );
  let sharedNet = 0;
  let sharedVat = 0;
  let sharedGross = 0;
  for (const lot of split.lots) {
    for (const cost of lot.sharedCosts) {
      const share = lot.shares.find((s) => s.costId === cost.id);
      if (!share) continue;
      const row = shared.rowNumber + 1;
      shared.add([
        `Los ${lot.number}`,
        text(cost.label),
        sharedCostKindLabels[cost.kind],
        sharedCostKeyLabels[cost.key],
        sharedCostPayerLabels[cost.payers],
        euro(cost.netCents),
        { value: cost.vatRateBp / 10_000, numFmt: vatFormat(cost.vatRateBp) },
        euro(share.netCents),
        euro(share.vatCents),
        formula(`H${row}+I${row}`, euro(share.grossCents)),
        billedByLabels.lead,
      ]);
      sharedNet += share.netCents;
      sharedVat += share.vatCents;
      sharedGross += share.grossCents;
    }
  }
  const lastShared = shared.rowNumber;
  shared.filterTo(lastShared);
  shared.add(
    [
      "Summe",
      null,
      null,
      null,
      null,
      null,
      null,
      sumFormula(8, 2, lastShared, sharedNet),
      sumFormula(9, 2, lastShared, sharedVat),
      sumFormula(10, 2, lastShared, sharedGross),
      null,
    ],
    { total: true },
  );
  shared.commit();

  writeSavingsSheet(workbook, split, body, footer);
  writeYearsSheet(workbook, body, footer);
  await workbook.commit();
}

function writeSavingsSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  split: TenderSplit,
  body: SplitBody,
  footer: string,
) {
  const sheet = new TableSheet(
    workbook,
    SAVINGS_SHEET,
    [
      { header: "Los", width: 34 },
      { header: "Allein netto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Waren netto im Bündel", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis vor Gemeinkosten", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Gemeinkosten netto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis nach Gemeinkosten", width: 17, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis in %", width: 12, numFmt: "0.0%", numeric: true },
    ],
    footer,
  );
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  for (const lot of split.lots) {
    const own = lot.bodies.find((b) => b.bodyId === body.bodyId);
    if (!own) continue;
    const r = sheet.rowNumber + 1;
    sheet.add([
      text(lot.label),
      euro(own.aloneNetCents),
      euro(own.goodsNetCents),
      formula(`B${r}-C${r}`, euro(own.grossSavingsCents)),
      euro(own.sharedNetCents),
      formula(`D${r}-E${r}`, euro(own.netSavingsCents)),
      formula(`IF(B${r}=0,0,F${r}/B${r})`, ratio(own.netSavingsCents, own.aloneNetCents)),
    ]);
  }
  const last = sheet.rowNumber;
  sheet.filterTo(last);
  const t = last + 1;
  sheet.add(
    [
      "Summe",
      sumFormula(2, 2, last, body.aloneNetCents),
      sumFormula(3, 2, last, body.goodsNetCents),
      sumFormula(4, 2, last, body.grossSavingsCents),
      sumFormula(5, 2, last, body.sharedNetCents),
      sumFormula(6, 2, last, body.netSavingsCents),
      formula(`IF(B${t}=0,0,F${t}/B${t})`, ratio(body.netSavingsCents, body.aloneNetCents)),
    ],
    { total: true },
  );
  sheet.commit();
}

function writeYearsSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  body: SplitBody,
  footer: string,
) {
  const sheet = new TableSheet(
    workbook,
    YEARS_SHEET,
    [
      { header: "Haushaltsjahr", width: 14, numFmt: YEAR_FORMAT, numeric: true },
      { header: "Lizenzen brutto", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Verbrauchsmaterial brutto", width: 18, numFmt: EURO_FORMAT, numeric: true },
      { header: "Gemeinkosten brutto", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Zu zahlen brutto", width: 16, numFmt: EURO_FORMAT, numeric: true },
    ],
    footer,
  );
  for (const y of body.budgetYears) {
    const r = sheet.rowNumber + 1;
    sheet.add([
      y.year,
      euro(y.licenceCents),
      euro(y.consumableCents),
      euro(y.sharedCents),
      formula(`SUM(B${r}:D${r})`, euro(y.totalCents)),
    ]);
  }
  const last = sheet.rowNumber;
  sheet.filterTo(last);
  const sum = (f: (y: SplitBody["budgetYears"][number]) => number) =>
    body.budgetYears.reduce((s, y) => s + f(y), 0);
  sheet.add(
    [
      "Summe",
      sumFormula(
        2,
        2,
        last,
        sum((y) => y.licenceCents),
      ),
      sumFormula(
        3,
        2,
        last,
        sum((y) => y.consumableCents),
      ),
      sumFormula(
        4,
        2,
        last,
        sum((y) => y.sharedCents),
      ),
      sumFormula(
        5,
        2,
        last,
        sum((y) => y.totalCents),
      ),
    ],
    { total: true },
  );
  sheet.commit();
}

// ─── Lead workbook ───────────────────────────────────────────────────────────────────────────

/**
 * The lead's file: every body. `split` must be the lead's full view
 * (splitForTender({ tenderId, viewerBodyId: lead })); the lines stream from the database.
 */
export async function writeLeadWorkbook(
  split: TenderSplit,
  meta: ExportMeta,
  stream: Writable,
  progress?: ProgressReporter,
): Promise<{ lineSheets: string[] }> {
  if (split.scope !== "all") throw new Error("writeLeadWorkbook: needs the lead's full split");
  const maxRows = Math.min(XLSX_MAX_ROWS, Math.max(3, meta.maxRowsPerSheet ?? XLSX_MAX_ROWS));
  const workbook = newWriter(stream, meta, `Kostenaufteilung ${split.tender.referenceNumber}`);
  const footer = `Kostenaufteilung ${split.tender.referenceNumber} · alle Körperschaften · Stand ${formatBerlin(meta.now)}`;
  const names = new Map(split.bodies.map((b) => [b.bodyId, b]));

  // Summary rows come lot by lot, so the cover's per-lot sums are SUMs over a known range.
  const summaryRange = new Map<string, { from: number; to: number }>();
  let next = 2;
  for (const lot of split.lots) {
    summaryRange.set(lot.id, { from: next, to: next + lot.bodies.length - 1 });
    next += lot.bodies.length;
  }

  const cover = new CoverSheet(workbook, footer);
  writeTenderFacts(
    cover,
    split,
    meta,
    `alle ${integers.format(split.bodies.length)} beteiligten Körperschaften`,
  );
  writeLotBlocks(cover, split);
  cover.heading("Abgleich in dieser Datei");
  cover.paragraph(
    "So prüfen Sie",
    `Das Blatt „${SUMMARY_SHEET}“ enthält je Körperschaft und Los die Anteile; deren Summe je Los ergibt die Rechnung zuzüglich der Gemeinkosten. Das Blatt „${BODIES_SHEET}“ fasst je Körperschaft zusammen und verteilt auf die Haushaltsjahre; die Blätter „${LINES_SHEET}“ enthalten jede Bedarfszeile.`,
  );
  for (const lot of split.lots) {
    const range = summaryRange.get(lot.id)!;
    cover.field(
      `Los ${lot.number}: Summe laut „${SUMMARY_SHEET}“`,
      formula(
        `SUM(${sheetRef(SUMMARY_SHEET)}H${range.from}:H${range.to})`,
        euro(lot.reconciliation.allBodiesGrossCents),
      ),
      EURO_FORMAT,
      `Soll: ${formatEuro(lot.reconciliation.expectedCents)} (Rechnung + Gemeinkosten)`,
    );
  }
  cover.commit();

  // Summary per body and lot
  const summary = new TableSheet(
    workbook,
    SUMMARY_SHEET,
    [
      { header: "Körperschaft", width: 28 },
      { header: "AGS", width: 10 },
      { header: "Los", width: 30 },
      { header: "Waren netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt Waren", width: 13, numFmt: EURO_FORMAT, numeric: true },
      { header: "Gemeinkosten netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Zu zahlen brutto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Allein netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis vor Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis nach Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
    ],
    footer,
  );
  for (const lot of split.lots) {
    for (const b of lot.bodies) {
      if (summary.rowNumber % ROWS_PER_BREATH === 0) await breathe(summary, stream);
      const r = summary.rowNumber + 1;
      summary.add([
        text(b.name),
        b.ags ?? "",
        text(lot.label),
        euro(b.goodsNetCents),
        euro(b.goodsVatCents),
        euro(b.sharedNetCents),
        euro(b.sharedVatCents),
        formula(`SUM(D${r}:G${r})`, euro(b.grossCents)),
        euro(b.aloneNetCents),
        formula(`I${r}-D${r}`, euro(b.grossSavingsCents)),
        formula(`J${r}-F${r}`, euro(b.netSavingsCents)),
      ]);
    }
  }
  const lastSummary = summary.rowNumber;
  summary.filterTo(lastSummary);
  const total = (f: (b: SplitBody) => number) => split.bodies.reduce((s, b) => s + f(b), 0);
  // Columns 4–11 (D–K) are summed, each with its cached total over all bodies.
  const summed: ((b: SplitBody) => number)[] = [
    (b) => b.goodsNetCents,
    (b) => b.goodsVatCents,
    (b) => b.sharedNetCents,
    (b) => b.sharedVatCents,
    (b) => b.grossCents,
    (b) => b.aloneNetCents,
    (b) => b.grossSavingsCents,
    (b) => b.netSavingsCents,
  ];
  summary.add(
    ["Summe", null, null, ...summed.map((f, i) => sumFormula(4 + i, 2, lastSummary, total(f)))],
    { total: true },
  );
  summary.commit();

  // Per body, with budget years as columns
  const years = [...new Set(split.bodies.flatMap((b) => b.budgetYears.map((y) => y.year)))].sort();
  const perBody = new TableSheet(
    workbook,
    BODIES_SHEET,
    [
      { header: "Körperschaft", width: 28 },
      { header: "AGS", width: 10 },
      { header: "Zu zahlen brutto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Allein netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis nach Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
      ...years.map((y) => ({
        header: `Haushaltsjahr ${y} brutto`,
        width: 15,
        numFmt: EURO_FORMAT,
        numeric: true,
      })),
    ],
    footer,
  );
  for (const b of split.bodies) {
    if (perBody.rowNumber % ROWS_PER_BREATH === 0) await breathe(perBody, stream);
    const byYear = new Map(b.budgetYears.map((y) => [y.year, y.totalCents]));
    perBody.add([
      text(b.name),
      b.ags ?? "",
      euro(b.grossCents),
      euro(b.aloneNetCents),
      euro(b.netSavingsCents),
      ...years.map((y) => euro(byYear.get(y) ?? 0)),
    ]);
  }
  const lastBody = perBody.rowNumber;
  perBody.filterTo(lastBody);
  perBody.add(
    [
      "Summe",
      null,
      sumFormula(
        3,
        2,
        lastBody,
        total((b) => b.grossCents),
      ),
      sumFormula(
        4,
        2,
        lastBody,
        total((b) => b.aloneNetCents),
      ),
      sumFormula(
        5,
        2,
        lastBody,
        total((b) => b.netSavingsCents),
      ),
      ...years.map((y, i) =>
        sumFormula(
          6 + i,
          2,
          lastBody,
          split.bodies.reduce(
            (s, b) => s + (b.budgetYears.find((x) => x.year === y)?.totalCents ?? 0),
            0,
          ),
        ),
      ),
    ],
    { total: true },
  );
  perBody.commit();

  // Every line, spilling onto "Zeilen 2", … at the row limit (header included).
  const columns = [...BODY_COLUMNS, ...LINE_COLUMNS];
  const lineSheets: string[] = [];
  const ranges: { name: string; last: number }[] = [];
  let sheet: TableSheet | undefined;
  const open = () => {
    const name = lineSheets.length === 0 ? LINES_SHEET : `${LINES_SHEET} ${lineSheets.length + 1}`;
    lineSheets.push(name);
    return new TableSheet(workbook, name, columns, footer);
  };
  const close = (s: TableSheet) => {
    s.filterTo(s.rowNumber);
    ranges.push({ name: s.name, last: s.rowNumber });
  };
  let netSum = 0;
  let vatSum = 0;
  let grossSum = 0;
  for (const lot of split.lots) {
    for await (const chunk of splitLineChunks(split, lot)) {
      for (const line of chunk) {
        if (!sheet) sheet = open();
        if (sheet.rowNumber >= maxRows) {
          close(sheet);
          sheet.commit();
          sheet = open();
        }
        if (sheet.rowNumber % ROWS_PER_BREATH === 0) await breathe(sheet, stream);
        const body = names.get(line.bodyId);
        sheet.add([
          text(body?.name ?? ""),
          body?.ags ?? "",
          ...lineCells(
            lot,
            line,
            sheet.rowNumber + 1,
            3,
            false,
            billedByLabels[split.tender.goodsBilling],
          ),
        ]);
        netSum += line.netCents;
        vatSum += line.vatCents;
        grossSum += line.grossCents;
      }
      await progress?.add(chunk.length);
    }
  }
  sheet ??= open();
  // The totals row over every lines sheet needs one more row; at the limit it starts a sheet.
  if (sheet.rowNumber >= maxRows) {
    close(sheet);
    sheet.commit();
    sheet = open();
  }
  close(sheet);
  const across = (column: number, cents: number) => {
    const c = columnLetter(column);
    const parts = ranges
      .filter((r) => r.last >= 2)
      .map((r) => `SUM(${sheetRef(r.name)}${c}2:${c}${r.last})`);
    return parts.length > 0 ? formula(parts.join("+"), euro(cents)) : euro(0);
  };
  const totals: Cell[] = columns.map(() => null);
  totals[0] = "Summe aller Zeilen";
  totals[8] = across(9, netSum);
  totals[10] = across(11, vatSum);
  totals[11] = across(12, grossSum);
  sheet.add(totals, { total: true });
  sheet.commit();

  await workbook.commit();
  return { lineSheets };
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
