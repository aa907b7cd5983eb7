// Many call-offs at once: a template (sheet "Abrufe", one row per call-off; a hidden sheet ties it
// to the tender and the body) and its upload. The upload is read and checked completely first,
// every problem named with row and column, like the demand upload; only a file without problems
// is recorded, in one transaction (recordCallOffs): one call-off beyond a maximum refuses all.
import type ExcelJS from "exceljs";

import { MAX_QUANTITY } from "~/domain/demand";
import { DomainError } from "~/domain/errors";
import { guardSpreadsheetText } from "~/domain/spreadsheet-text";
import { EXCEL_DATE_FORMAT } from "~/kit/spreadsheet/excel-date.server";
import { quoted, readCell, readText, readWholeNumber } from "~/kit/spreadsheet/xlsx-cells.server";
import {
  capProblems,
  loadWorkbook,
  type SpreadsheetProblem,
} from "~/kit/spreadsheet/xlsx-reader.server";
import {
  createWorkbook,
  frozenHeader,
  INPUT_FILL,
  writeHeaderRow,
} from "~/kit/spreadsheet/workbook.server";
import { fileNameSlug, MAX_DATA_ROWS } from "~/modules/demand/index.server";

import { COST_CENTRE_MAX, type CallOffInput } from "./forms";
import { type CallOffItem } from "./queries.server";

export const CALL_OFF_SHEET = "Abrufe";
const CONTROL_SHEET = "Steuerung";
const FORMAT_VERSION = "1";
const COLUMNS = [
  { key: "code", header: "Artikel-Nr.", width: 12 },
  { key: "name", header: "Artikel", width: 40 },
  { key: "unit", header: "Einheit", width: 12 },
  { key: "quantity", header: "Menge", width: 12, numeric: true },
  { key: "date", header: "Datum", width: 14, numeric: true },
  { key: "costCentre", header: "Kostenstelle", width: 18 },
] as const;
type Key = (typeof COLUMNS)[number]["key"];
const col = (key: Key) => COLUMNS.findIndex((c) => c.key === key) + 1;
const USE_TEMPLATE =
  "Bitte laden Sie die Abrufvorlage dieser Rahmenvereinbarung herunter und verwenden Sie sie.";

const itemCode = (index: number) => `A${String(index + 1).padStart(3, "0")}`;

/** The template for a body: one prefilled row per item to call off (Menge and Datum empty). */
export async function buildCallOffTemplate({
  tender,
  body,
  items,
  now = new Date(),
}: {
  tender: { id: string; title: string; referenceNumber: string };
  body: { id: string; name: string };
  items: readonly CallOffItem[];
  now?: Date;
}): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  const workbook = createWorkbook({ now });
  const sheet = workbook.addWorksheet(CALL_OFF_SHEET, { views: frozenHeader(1) });
  const control = workbook.addWorksheet(CONTROL_SHEET, { state: "veryHidden" });
  control.getCell("A1").value = "Bündelkauf – Steuerdaten der Abrufvorlage. Bitte nicht ändern.";
  control.getCell("B2").value = FORMAT_VERSION;
  control.getCell("B3").value = tender.id;
  control.getCell("B4").value = body.id;
  items.forEach((item, i) => {
    control.getRow(8 + i).values = [itemCode(i), item.itemId];
  });
  writeHeaderRow(sheet, 1, [...COLUMNS], { right: [col("quantity"), col("date")] });
  COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  items.forEach((item, i) => {
    const row = sheet.getRow(2 + i);
    row.getCell(col("code")).value = itemCode(i);
    row.getCell(col("name")).value = guardSpreadsheetText(`Los ${item.lotNumber}: ${item.name}`);
    row.getCell(col("unit")).value = guardSpreadsheetText(item.unit);
    for (const key of ["quantity", "date", "costCentre"] as const) {
      row.getCell(col(key)).fill = INPUT_FILL;
    }
    row.getCell(col("date")).numFmt = EXCEL_DATE_FORMAT;
  });
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const fileName = `Abrufe_${fileNameSlug(tender.referenceNumber, 30)}_${fileNameSlug(body.name, 40)}.xlsx`;
  return { fileName, bytes };
}

const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date cell (a real date, or text TT.MM.JJJJ / JJJJ-MM-TT) as an ISO date, or a message. */
function readDate(
  cell: ExcelJS.Cell,
): { ok: true; value: string } | { ok: false; message: string } {
  const value = cell.value;
  let y: number, m: number, d: number;
  if (value instanceof Date) {
    [y, m, d] = [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()];
  } else {
    const content = readCell(cell);
    const text = content.kind === "text" ? content.text.trim() : "";
    const german = GERMAN_DATE.exec(text);
    const iso = ISO_DATE.exec(text);
    if (content.kind === "empty") return { ok: false, message: "Das Datum fehlt." };
    if (german) [d, m, y] = german.slice(1).map(Number) as [number, number, number];
    else if (iso) [y, m, d] = iso.slice(1).map(Number) as [number, number, number];
    else return { ok: false, message: `${quoted(text || "?")} ist kein Datum (TT.MM.JJJJ).` };
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 2000 || y > 2100)
    return { ok: false, message: "Das Datum gibt es nicht." };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

type Parsed =
  | { ok: true; entries: (CallOffInput & { row: number })[] }
  | { ok: false; problems: SpreadsheetProblem[] };

/** Reads and checks a filled template; no database access. */
export async function parseCallOffUpload({
  bytes,
  tenderId,
  bodyId,
  items,
}: {
  bytes: Uint8Array;
  tenderId: string;
  bodyId: string;
  items: readonly CallOffItem[];
}): Promise<Parsed> {
  const loaded = await loadWorkbook(bytes);
  if (!loaded.ok) return { ok: false, problems: [loaded.problem] };
  const sheet = loaded.workbook.getWorksheet(CALL_OFF_SHEET);
  const control = loaded.workbook.getWorksheet(CONTROL_SHEET);
  if (!sheet || !control)
    return {
      ok: false,
      problems: [{ message: `Die Datei ist keine Abrufvorlage von Bündelkauf. ${USE_TEMPLATE}` }],
    };
  const controlText = (ref: string) => {
    const t = readText(control.getCell(ref), { maxLength: 100 });
    return t.ok ? t.value : "";
  };
  if (controlText("B2") !== FORMAT_VERSION || controlText("B3") !== tenderId)
    return {
      ok: false,
      problems: [
        { message: `Die Datei gehört zu einer anderen Rahmenvereinbarung. ${USE_TEMPLATE}` },
      ],
    };
  if (controlText("B4") !== bodyId)
    return {
      ok: false,
      problems: [
        {
          message:
            "Die Datei ist die Vorlage einer anderen Körperschaft. Bitte laden Sie die Vorlage Ihrer eigenen Körperschaft herunter.",
        },
      ],
    };
  const byCode = new Map(items.map((item, i) => [itemCode(i), item]));
  const header = COLUMNS.filter((c, i) => {
    const t = readText(sheet.getCell(1, i + 1), { maxLength: 100 });
    return !t.ok || t.value !== c.header;
  });
  if (header.length > 0)
    return {
      ok: false,
      problems: header.map((c) => ({
        sheet: CALL_OFF_SHEET,
        row: 1,
        column: c.header,
        message: `Die Spaltenüberschrift „${c.header}“ fehlt. Bitte verschieben oder löschen Sie keine Spalten. ${USE_TEMPLATE}`,
      })),
    };
  const lastRow = sheet.rowCount;
  if (lastRow - 1 > MAX_DATA_ROWS)
    return {
      ok: false,
      problems: [
        {
          sheet: CALL_OFF_SHEET,
          message: `Die Tabelle hat ${(lastRow - 1).toLocaleString("de-DE")} Zeilen; höchstens ${MAX_DATA_ROWS.toLocaleString("de-DE")} sind erlaubt.`,
        },
      ],
    };
  const problems: SpreadsheetProblem[] = [];
  const entries: (CallOffInput & { row: number })[] = [];
  for (let r = 2; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    const cell = (key: Key) => row.getCell(col(key));
    const problem = (key: Key, message: string) =>
      problems.push({
        sheet: CALL_OFF_SHEET,
        row: r,
        column: COLUMNS[col(key) - 1]!.header,
        message,
      });
    const quantity = readWholeNumber(cell("quantity"), { min: 0, max: MAX_QUANTITY });
    if (quantity.ok && !quantity.value) continue; // empty or 0: no call-off
    if (!quantity.ok) problem("quantity", quantity.message);
    const code = readText(cell("code"), { maxLength: 20 });
    const item = code.ok ? byCode.get(code.value.toUpperCase()) : undefined;
    if (!code.ok) problem("code", code.message);
    else if (!item)
      problem(
        "code",
        code.value
          ? `${quoted(code.value)} ist keine Artikel-Nr. dieser Vorlage.`
          : "Die Artikel-Nr. fehlt.",
      );
    const date = readDate(cell("date"));
    if (!date.ok) problem("date", date.message);
    const costCentre = readText(cell("costCentre"), { maxLength: COST_CENTRE_MAX });
    if (!costCentre.ok) problem("costCentre", costCentre.message);
    if (item && quantity.ok && quantity.value && date.ok && costCentre.ok)
      entries.push({
        row: r,
        itemId: item.itemId,
        quantity: quantity.value,
        calledOn: date.value,
        costCentre: costCentre.value,
      });
  }
  if (problems.length > 0) return { ok: false, problems: capProblems(problems) };
  if (entries.length === 0)
    return {
      ok: false,
      problems: [
        {
          sheet: CALL_OFF_SHEET,
          message: "Die Datei enthält keinen Abruf (keine Zeile mit einer Menge).",
        },
      ],
    };
  return { ok: true, entries };
}

/** A refusal of the whole file (a maximum passed) as the upload's problem list. */
export function refusalProblems(error: unknown): SpreadsheetProblem[] {
  if (error instanceof DomainError) return [{ sheet: CALL_OFF_SHEET, message: error.message }];
  throw error;
}
