// The demand template (Bedarfsvorlage): an XLSX with the round's items and the body's current
// lines, which an officer fills in offline and uploads again (app/modules/demand/demand-upload.server.ts).
//
// Layout, shared with the import through the constants below:
// - Sheet "Bedarf": title block (rows 1–5), header in row 6, then one row per existing line and
//   one empty row per item without a line, then EXTRA_ROWS free rows for more lines (another
//   cost centre, say): there the officer types the Artikel-Nr. and the item's name, unit and
//   price appear by formula. Only the input cells are unlocked; the sheet is protected without
//   a password, against accidents rather than attackers (the import checks everything anyway).
// - Sheet "Steuerung" (veryHidden): format version, round id, body id and the item mapping
//   Artikel-Nr. → item id, so an upload can be matched to its round and body.
import type ExcelJS from "exceljs";

import { MAX_QUANTITY, type StoredLine } from "~/domain/demand";
import {
  BOLD,
  columnPositions,
  createWorkbook,
  EURO_FORMAT,
  filterTable,
  frozenHeader,
  guardSpreadsheetText,
  INPUT_FILL,
  QUANTITY_FORMAT,
  sheetProtection,
  TITLE_FONT,
  UNIT_PRICE_FORMAT,
  writeHeaderRow,
} from "~/kit/spreadsheet/workbook.server";
import { listDemandLines } from "./demand.server";
import { getRoundForInvitedBody, listRoundItems, type RoundItem } from "./round.server";
import { formatDeadline } from "~/kit/dates";
import { isUuid } from "~/domain/ids";

export const TEMPLATE_FORMAT_VERSION = 1;
export const DEMAND_SHEET = "Bedarf";
export const CONTROL_SHEET = "Steuerung";
export const HEADER_ROW = 6;
export const FIRST_DATA_ROW = HEADER_ROW + 1;
/** Free rows below the items for further lines. */
export const EXTRA_ROWS = 200;
/** The most data rows an upload may have (and a template will have). */
export const MAX_DATA_ROWS = 10_000;

/** Columns of the sheet "Bedarf", in order (1-based numbers = position in this list + 1). */
export const TEMPLATE_COLUMNS = [
  { key: "code", header: "Artikel-Nr.", width: 12 },
  { key: "name", header: "Artikel", width: 42 },
  { key: "unit", header: "Einheit", width: 12 },
  { key: "cpv", header: "CPV", width: 13 },
  { key: "price", header: "Referenzpreis", width: 15 },
  { key: "quantity", header: "Menge", width: 13 },
  { key: "costCentre", header: "Kostenstelle", width: 16 },
  { key: "product", header: "Produkt", width: 16 },
  { key: "ledgerAccount", header: "Sachkonto", width: 14 },
  { key: "deliveryAddress", header: "Lieferadresse", width: 36 },
  { key: "note", header: "Bemerkung", width: 36 },
  { key: "total", header: "Summe", width: 16 },
  { key: "itemId", header: "Artikel-ID", width: 38 },
] as const;

export type TemplateColumnKey = (typeof TEMPLATE_COLUMNS)[number]["key"];

export const { number: columnNumber, header: columnHeader } = columnPositions(TEMPLATE_COLUMNS);

function letter(key: TemplateColumnKey): string {
  return String.fromCharCode(64 + columnNumber(key));
}

const INPUT_KEYS = [
  "quantity",
  "costCentre",
  "product",
  "ledgerAccount",
  "deliveryAddress",
  "note",
] as const satisfies readonly TemplateColumnKey[];

const QUANTITY_VALIDATION: ExcelJS.DataValidation = {
  type: "whole",
  operator: "between",
  allowBlank: true,
  formulae: [0, MAX_QUANTITY],
  showErrorMessage: true,
  errorStyle: "stop",
  errorTitle: "Ungültige Menge",
  error: "Bitte geben Sie eine ganze Zahl von 0 bis 100.000.000 ein (0 oder leer: kein Bedarf).",
  showInputMessage: true,
  promptTitle: "Menge",
  prompt: "Ganze Zahl in der Einheit des Artikels; leer oder 0 bedeutet: kein Bedarf.",
};

/** ASCII for file names: "Bürobedarf 2026" → "Buerobedarf_2026". */
export function fileNameSlug(text: string, maxLength = 40): string {
  const ascii = text
    .replace(/Ä/g, "Ae")
    .replace(/Ö/g, "Oe")
    .replace(/Ü/g, "Ue")
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return ascii.slice(0, maxLength).replace(/_+$/, "") || "Datei";
}

export type TemplateInput = {
  round: { id: string; title: string; deadline: Date };
  body: { id: string; name: string };
  items: readonly RoundItem[];
  lines: readonly StoredLine[];
  now: Date;
};

/** The workbook for one body and round, as XLSX bytes, and the file name to offer. */
export async function buildDemandTemplate({
  round,
  body,
  items,
  lines,
  now,
}: TemplateInput): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  const workbook = createWorkbook({ now });
  // Excel recomputes the formulas on opening; the cached results below serve every other reader.
  workbook.calcProperties = { fullCalcOnLoad: true };

  const sheet = workbook.addWorksheet(DEMAND_SHEET, {
    views: frozenHeader(HEADER_ROW, { activeCell: "F7" }),
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const control = workbook.addWorksheet(CONTROL_SHEET, { state: "veryHidden" });

  // ── Hidden sheet: what the upload is checked against ──
  const sortedItems = [...items].sort((a, b) => a.position - b.position);
  control.getCell("A1").value = "Bündelkauf – Steuerdaten der Bedarfsvorlage. Bitte nicht ändern.";
  control.getCell("A2").value = "Format";
  control.getCell("B2").value = TEMPLATE_FORMAT_VERSION;
  control.getCell("A3").value = "Bedarfsabfrage";
  control.getCell("B3").value = round.id;
  control.getCell("A4").value = "Körperschaft";
  control.getCell("B4").value = body.id;
  control.getCell("A5").value = "Erstellt";
  control.getCell("B5").value = now.toISOString();
  const mappingHeader = 7;
  control.getRow(mappingHeader).values = [
    "Artikel-Nr.",
    "Artikel-ID",
    "Artikel",
    "Einheit",
    "CPV",
    "Referenzpreis",
  ];
  sortedItems.forEach((item, i) => {
    control.getRow(mappingHeader + 1 + i).values = [
      item.articleNumber,
      item.id,
      guardSpreadsheetText(item.name),
      guardSpreadsheetText(item.unit),
      item.cpvCode,
      item.referencePrice / 10_000,
    ];
  });
  const lastMappingRow = mappingHeader + Math.max(1, sortedItems.length);
  const lookupRange = `${CONTROL_SHEET}!$A$${mappingHeader + 1}:$F$${lastMappingRow}`;
  await control.protect("", {});

  // ── Title block ──
  sheet.getCell("A1").value = `Bedarfsmeldung: ${round.title}`;
  sheet.getCell("A1").font = TITLE_FONT;
  sheet.getCell("A2").value = `Körperschaft: ${body.name}`;
  sheet.getCell("A3").value = `Frist: ${formatDeadline(round.deadline)}`;
  sheet.getCell("A3").font = BOLD;
  sheet.getCell("A5").value =
    "Tragen Sie in die gelben Felder Ihren Bedarf ein. Die Datei ist Ihr vollständiger Bedarf: Zeilen ohne Menge oder mit 0 zählen nicht, und Zeilen, die Sie löschen, werden auch in Bündelkauf gelöscht. Weitere Zeilen (z. B. eine zweite Kostenstelle): unten die Artikel-Nr. eintragen.";
  sheet.getCell("A5").alignment = { wrapText: false };
  const totalLabel = sheet.getCell(4, columnNumber("total") - 1);
  totalLabel.value = "Summe zu Referenzpreisen (netto):";
  totalLabel.alignment = { horizontal: "right" };
  totalLabel.font = BOLD;

  // ── Header ──
  writeHeaderRow(sheet, HEADER_ROW, TEMPLATE_COLUMNS, {
    right: (["price", "quantity", "total"] as const).map(columnNumber),
  });
  sheet.getColumn(columnNumber("itemId")).hidden = true;
  filterTable(sheet, { headerRow: HEADER_ROW, columns: columnNumber("total") });

  // ── Rows: existing lines, an empty row for each item without one, then free rows ──
  type Prefilled = { item: RoundItem; line: StoredLine | null };
  const byItem = new Map<string, StoredLine[]>();
  for (const line of lines) byItem.set(line.itemId, [...(byItem.get(line.itemId) ?? []), line]);
  const prefilled = sortedItems.flatMap((item): Prefilled[] => {
    const own = (byItem.get(item.id) ?? []).sort((a, b) =>
      a.costCentre < b.costCentre ? -1 : a.costCentre > b.costCentre ? 1 : 0,
    );
    return own.length > 0 ? own.map((line) => ({ item, line })) : [{ item, line: null }];
  });
  const extraRows = Math.max(0, Math.min(EXTRA_ROWS, MAX_DATA_ROWS - prefilled.length));

  const styleRow = (row: ExcelJS.Row) => {
    for (const key of INPUT_KEYS) {
      const cell = row.getCell(columnNumber(key));
      cell.protection = { locked: false };
      cell.fill = INPUT_FILL;
      cell.border = { bottom: { style: "hair", color: { argb: "FFBFBFBF" } } };
    }
    row.getCell(columnNumber("quantity")).numFmt = QUANTITY_FORMAT;
    row.getCell(columnNumber("quantity")).dataValidation = QUANTITY_VALIDATION;
    row.getCell(columnNumber("price")).numFmt = UNIT_PRICE_FORMAT;
    row.getCell(columnNumber("total")).numFmt = EURO_FORMAT;
    for (const key of ["deliveryAddress", "note"] as const) {
      row.getCell(columnNumber(key)).alignment = { wrapText: true, vertical: "top" };
    }
  };
  const F = letter("quantity");
  const E = letter("price");
  const totalFormula = (r: number) =>
    `IF(AND(ISNUMBER(${F}${r}),ISNUMBER(${E}${r})),${F}${r}*${E}${r},"")`;

  let grandTotal = 0;
  prefilled.forEach(({ item, line }, i) => {
    const r = FIRST_DATA_ROW + i;
    const row = sheet.getRow(r);
    const price = item.referencePrice / 10_000;
    const set = (key: TemplateColumnKey, value: ExcelJS.CellValue) => {
      row.getCell(columnNumber(key)).value = value;
    };
    set("code", item.articleNumber);
    set("name", guardSpreadsheetText(item.name));
    set("unit", guardSpreadsheetText(item.unit));
    set("cpv", item.cpvCode);
    set("price", price);
    set("itemId", item.id);
    if (line) {
      set("quantity", line.quantity);
      for (const key of [
        "costCentre",
        "product",
        "ledgerAccount",
        "deliveryAddress",
        "note",
      ] as const) {
        // Empty text stays an empty cell, not an empty string.
        if (line[key] !== "") set(key, guardSpreadsheetText(line[key]));
      }
    }
    // Same floating-point operation as Excel's F×E, so the cached value is what Excel shows.
    const total = line ? line.quantity * price : "";
    if (typeof total === "number") grandTotal += total;
    set("total", { formula: totalFormula(r), result: total });
    styleRow(row);
  });

  const firstExtra = FIRST_DATA_ROW + prefilled.length;
  for (let r = firstExtra; r < firstExtra + extraRows; r++) {
    const row = sheet.getRow(r);
    const A = `$${letter("code")}${r}`;
    const lookup = (column: number, fallback: string) =>
      `IF(${A}="","",IFERROR(VLOOKUP(${A},${lookupRange},${column},FALSE),${fallback}))`;
    row.getCell(columnNumber("code")).protection = { locked: false };
    row.getCell(columnNumber("code")).fill = INPUT_FILL;
    row.getCell(columnNumber("name")).value = {
      formula: lookup(3, '"unbekannte Artikel-Nr."'),
      result: "",
    };
    row.getCell(columnNumber("unit")).value = { formula: lookup(4, '""'), result: "" };
    row.getCell(columnNumber("cpv")).value = { formula: lookup(5, '""'), result: "" };
    row.getCell(columnNumber("price")).value = { formula: lookup(6, '""'), result: "" };
    row.getCell(columnNumber("total")).value = { formula: totalFormula(r), result: "" };
    styleRow(row);
  }

  const lastRow = Math.max(FIRST_DATA_ROW, firstExtra + extraRows - 1);
  const T = letter("total");
  const sum = sheet.getCell(4, columnNumber("total"));
  sum.value = { formula: `SUM(${T}${FIRST_DATA_ROW}:${T}${lastRow})`, result: grandTotal };
  sum.numFmt = EURO_FORMAT;
  sum.font = BOLD;

  // The protection keeps fingers off the item columns.
  await sheet.protect("", sheetProtection({ autoFilter: true }));

  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const fileName = `Bedarf_${fileNameSlug(round.title)}_${fileNameSlug(body.name)}.xlsx`;
  return { fileName, bytes };
}

/** The published round `roundId` if `bodyId` is invited to it; a malformed id finds nothing. */
export async function findInvitedRound({ roundId, bodyId }: { roundId: string; bodyId: string }) {
  return isUuid(roundId) ? getRoundForInvitedBody({ roundId, bodyId }) : undefined;
}

/**
 * The template for an officer's body, loaded exactly as the download route does; undefined when
 * the body is not invited to this published round.
 */
export async function loadDemandTemplate({
  roundId,
  body,
  now = new Date(),
}: {
  roundId: string;
  body: { id: string; name: string };
  now?: Date;
}) {
  const round = await findInvitedRound({ roundId, bodyId: body.id });
  if (!round) return undefined;
  const [items, lines] = await Promise.all([
    listRoundItems({ roundId }),
    listDemandLines({ roundId, bodyId: body.id }),
  ]);
  return buildDemandTemplate({ round, body, items, lines, now });
}
