// Reading and filling downloaded XLSX files in tests, with exceljs, the way an officer's Excel
// would: values typed into cells of the sheet, everything else left as it was.
import ExcelJS from "exceljs";

import {
  columnNumber,
  DEMAND_SHEET,
  FIRST_DATA_ROW,
  type TemplateColumnKey,
} from "~/modules/demand/index.server";

export async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer,
  );
  return workbook;
}

export async function writeWorkbook(workbook: ExcelJS.Workbook): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function demandSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(DEMAND_SHEET);
  if (!sheet) throw new Error(`no sheet ${DEMAND_SHEET}`);
  return sheet;
}

export function cellOf(sheet: ExcelJS.Worksheet, row: number, key: TemplateColumnKey) {
  return sheet.getRow(row).getCell(columnNumber(key));
}

/** The first data row whose Artikel-Nr. is `code` (and whose cost centre is `costCentre`). */
export function findRow(sheet: ExcelJS.Worksheet, code: string, costCentre?: string): number {
  for (let r = FIRST_DATA_ROW; r <= sheet.rowCount; r++) {
    if (cellOf(sheet, r, "code").value !== code) continue;
    if (costCentre !== undefined && (cellOf(sheet, r, "costCentre").value ?? "") !== costCentre)
      continue;
    return r;
  }
  throw new Error(`no row for ${code}`);
}

/** The first free row at the bottom (no Artikel-Nr. typed yet). */
export function freeRow(sheet: ExcelJS.Worksheet): number {
  for (let r = FIRST_DATA_ROW; r <= sheet.rowCount; r++) {
    if (cellOf(sheet, r, "code").value === null) return r;
  }
  throw new Error("no free row");
}

export function setCells(
  sheet: ExcelJS.Worksheet,
  row: number,
  values: Partial<Record<TemplateColumnKey, ExcelJS.CellValue>>,
) {
  for (const [key, value] of Object.entries(values)) {
    cellOf(sheet, row, key as TemplateColumnKey).value = value;
  }
}

/** Opens `bytes`, lets `edit` change the workbook and returns the saved file. */
export async function editWorkbook(
  bytes: Uint8Array,
  edit: (workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = await readWorkbook(bytes);
  edit(workbook, demandSheet(workbook));
  return writeWorkbook(workbook);
}
