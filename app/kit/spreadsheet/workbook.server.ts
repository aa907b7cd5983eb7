// The one workbook setup of every XLSX Bündelkauf writes (demand template, price sheet,
// specification, audit record, cost split): who made it and when, the font, German-looking number
// formats, the header row of a table, frozen panes, the filter, the page footer and the
// formula-injection guard for text that came from a user.
//
// Number formats are stored in en-US notation; Excel and LibreOffice show them with the reader's
// separators, so German users see "3,95 €" and "1.000".
import { type Writable } from "node:stream";

import ExcelJS from "exceljs";

import { guardSpreadsheetText } from "~/domain/spreadsheet-text";

/** Every text from a user goes through this before it lands in a cell (app/domain). */
export { guardSpreadsheetText };

export const EURO_FORMAT = '#,##0.00 "€"';
/** Unit prices: two to four decimals (prices are 1/10,000 EUR). */
export const UNIT_PRICE_FORMAT = '#,##0.00## "€"';
export const QUANTITY_FORMAT = "#,##0";
export const YEAR_FORMAT = "0";
export const DATE_TIME_SECONDS_FORMAT = "dd.mm.yyyy hh:mm:ss";

/** Named, so LibreOffice and other readers do not fall back to a serif face for bold cells. */
export const FONT_NAME = "Calibri";
export const BOLD: Partial<ExcelJS.Font> = { name: FONT_NAME, size: 11, bold: true };
export const TITLE_FONT: Partial<ExcelJS.Font> = { ...BOLD, size: 14 };
export const HEADING_FONT: Partial<ExcelJS.Font> = { ...BOLD, size: 12 };

const solid = (argb: string): ExcelJS.Fill => ({
  type: "pattern",
  pattern: "solid",
  fgColor: { argb },
});
export const HEADER_FILL = solid("FFE3E7ED");
export const TOTAL_FILL = solid("FFF2F4F7");
/** The yellow of the cells a user fills in. */
export const INPUT_FILL = solid("FFFFF8DC");
/** The line above the first band of an item (price sheet, specification). */
export const BAND_SEPARATOR: Partial<ExcelJS.Borders> = {
  top: { style: "thin", color: { argb: "FF8C8C8C" } },
};

type WorkbookFacts = { now: Date; title?: string };
type Described = { creator: string; created: Date; modified: Date; title: string };

function describe<W extends Described>(workbook: W, { now, title }: WorkbookFacts): W {
  workbook.creator = "Bündelkauf";
  workbook.created = now;
  workbook.modified = now;
  if (title !== undefined) workbook.title = title;
  return workbook;
}

/** A workbook built in memory (small files: templates, price sheets, records). */
export function createWorkbook(facts: WorkbookFacts): ExcelJS.Workbook {
  return describe(new ExcelJS.Workbook(), facts);
}

/**
 * exceljs's streaming writer into `stream`: rows are committed as they are written and go
 * straight into the zip, so a large file never sits in memory as a whole.
 */
export function createStreamingWorkbook(
  stream: Writable,
  facts: WorkbookFacts,
): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  });
  return describe(workbook, facts);
}

/** The header row `headerRow` (and everything above it) frozen while scrolling. */
export function frozenHeader(
  headerRow: number,
  { xSplit = 0, activeCell }: { xSplit?: number; activeCell?: string } = {},
): Partial<ExcelJS.WorksheetView>[] {
  return [{ state: "frozen", ySplit: headerRow, xSplit, ...(activeCell ? { activeCell } : {}) }];
}

/** A page footer: `left` on the left (escaped for Excel's codes), the page count on the right. */
export function pageFooter(left = ""): string {
  return `${left ? `&L${left.replace(/&/g, "&&")}` : ""}&RSeite &P von &N`;
}

export type HeaderColumn = { header: string; width: number; numeric?: boolean };
export type KeyedColumn = HeaderColumn & { key: string };

/** Where a sheet's column stands (1-based number = position in `columns` + 1), and its heading. */
export function columnPositions<C extends readonly KeyedColumn[]>(columns: C) {
  type Key = C[number]["key"];
  const number = (key: Key): number => columns.findIndex((c) => c.key === key) + 1;
  const header = (key: Key): string => columns[number(key) - 1]!.header;
  return { number, header };
}

/**
 * A table's header row: bold on grey with a line beneath, wrapped, numbers' headings on the right
 * (`numeric` on the column, or its number in `right`). Sets the columns' widths too.
 */
export function writeHeaderRow(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  columns: readonly HeaderColumn[],
  { right = [], height }: { right?: readonly number[]; height?: number } = {},
): ExcelJS.Row {
  const row = sheet.getRow(rowNumber);
  columns.forEach((column, i) => {
    const cell = row.getCell(i + 1);
    cell.value = column.header === "" ? null : column.header;
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: "thin" } };
    cell.alignment = {
      vertical: "middle",
      wrapText: true,
      horizontal: column.numeric || right.includes(i + 1) ? "right" : "left",
    };
    sheet.getColumn(i + 1).width = column.width;
  });
  if (height !== undefined) row.height = height;
  return row;
}

/** The filter over a table: its header row `headerRow` through `lastRow`, columns 1..`columns`. */
export function filterTable(
  sheet: ExcelJS.Worksheet,
  {
    headerRow,
    columns,
    lastRow = headerRow,
  }: { headerRow: number; columns: number; lastRow?: number },
): void {
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: Math.max(headerRow, lastRow), column: columns },
  };
}

/**
 * Sheet protection without a password: it keeps fingers off what is not to be edited, it is no
 * security boundary. Formatting and selecting stay allowed; `autoFilter` as the sheet needs it.
 */
export function sheetProtection({
  autoFilter,
}: {
  autoFilter: boolean;
}): Partial<ExcelJS.WorksheetProtection> {
  return {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    autoFilter,
    sort: false,
    insertRows: false,
    deleteRows: false,
    insertColumns: false,
    deleteColumns: false,
  };
}

/** Column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A formula with its cached result, so a file never recalculated shows the right value. */
export function formula(expression: string, result: number | string): ExcelJS.CellFormulaValue {
  return { formula: expression, result } as ExcelJS.CellFormulaValue;
}

/** "Zeilen" → 'Zeilen'!, with quotes for names with spaces or umlauts. */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}
