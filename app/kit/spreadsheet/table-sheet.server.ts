// A table sheet written with exceljs's streaming writer, its data rows as SpreadsheetML straight
// into the sheet's part (decision 007): for files of up to a million rows (the cost split).
// This is the one place that reaches into exceljs's internals; the rest goes through its API.
import { once } from "node:events";
import { type Writable } from "node:stream";

import ExcelJS from "exceljs";

import {
  BOLD,
  columnLetter,
  frozenHeader,
  type HeaderColumn,
  pageFooter,
  TOTAL_FILL,
  writeHeaderRow,
} from "./workbook.server";

export type TableColumn = HeaderColumn & {
  numFmt?: string;
  /** `right` for a column of numbers and number-like text (budget years) */
  align?: "right";
};

/** A cell's value, or a value with its own number format (e.g. a VAT rate). */
export type Cell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt?: string };

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
export class TableSheet {
  readonly sheet: ExcelJS.Worksheet;
  rowNumber = 1;
  private pending = "";
  private readonly letters: string[];
  private readonly internals: WriterInternals;
  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    readonly name: string,
    readonly columns: TableColumn[],
    footer: string,
  ) {
    this.internals = workbook as unknown as WriterInternals;
    this.letters = columns.map((_, i) => columnLetter(i + 1));
    this.sheet = workbook.addWorksheet(name, {
      views: frozenHeader(1, { activeCell: "A2" }),
      pageSetup: {
        paperSize: 9,
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: "1:1",
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: pageFooter(footer) },
    });
    this.sheet.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width }));
    const header = writeHeaderRow(this.sheet, 1, columns, { height: 30 });
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
      xml += `<c r="${this.letters[i]}${r}"${this.cellXml(i, values[i]!, total)}`;
    }
    this.pending += `${xml}</row>`;
    if (this.pending.length > 65_536) this.flush();
    return r;
  }

  /**
   * A cell of column `column` (0-based) as XML after its reference: ` s="3" t="inlineStr">…</c>`.
   * For rows of a million lines (the lead's file) a value that repeats – a lot's item, a body's
   * name – is turned into XML once and written with `addXml`; a row then costs a few string
   * concatenations instead of a type check, a style lookup and an escape per cell.
   */
  cellXml(column: number, cell: Cell, total = false): string {
    if (typeof cell === "number") return `${this.numberStyle(column, total)}${cell}</v></c>`;
    const own =
      cell !== null && typeof cell === "object" && "value" in cell && !("formula" in cell);
    const value = own ? (cell as { value: ExcelJS.CellValue }).value : (cell as ExcelJS.CellValue);
    const numFmt = own ? (cell as { numFmt?: string }).numFmt : undefined;
    if (value === null || value === undefined || value === "") {
      return ` s="${this.style(column, numFmt, total, false)}"/>`;
    } else if (typeof value === "string") {
      return ` s="${this.style(column, numFmt, total, true)}" t="inlineStr">${inlineString(value)}</c>`;
    } else if (typeof value === "number") {
      return ` s="${this.style(column, numFmt, total, false)}"><v>${value}</v></c>`;
    } else if (typeof value === "object" && "formula" in value) {
      const f = value as { formula: string; result?: unknown };
      if (typeof f.result === "string") {
        return ` s="${this.style(column, numFmt, total, true)}" t="str"><f>${escapeXml(f.formula)}</f><v>${escapeXml(f.result)}</v></c>`;
      }
      return ` s="${this.style(column, numFmt, total, false)}"><f>${escapeXml(f.formula)}</f><v>${Number(f.result ?? 0)}</v></c>`;
    }
    throw new Error(`TableSheet: unsupported cell value in column ${column + 1}`);
  }

  /** ` s="7"><v>` of a number in `column` with the column's format: the number and `</v></c>` follow. */
  private numberStyle(column: number, total: boolean): string {
    const k = column * 2 + (total ? 1 : 0);
    return (this.numberPrefixes[k] ??= ` s="${this.columnStyle(column, total, false)}"><v>`);
  }
  private readonly numberPrefixes: string[] = [];

  /**
   * Writes the next row from its cells' XML (`cellXml`), one per column from the first; the
   * row's and cells' references are added here.
   */
  addXml(cells: readonly string[]): number {
    const r = ++this.rowNumber;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) xml += `<c r="${this.letters[i]}${r}"${cells[i]}`;
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

export const ROWS_PER_BREATH = 1_000;

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
export async function breathe(table: TableSheet, output: Writable) {
  table.flush();
  // archiver's PassThrough comes from readable-stream 2, which predates `writableNeedDrain`.
  type Pipe = Writable & { _writableState?: { needDrain?: boolean } };
  const pipe = (table.sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes?.[0];
  await new Promise((resolve) => setImmediate(resolve));
  while (pipe?._writableState?.needDrain) await once(pipe, "drain");
  if (output.writableNeedDrain) await once(output, "drain");
}
