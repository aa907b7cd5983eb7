// The price sheet (Preisblatt) of a published tender: an XLSX that bidders fill in and the
// procurement office uploads back as bids (app/modules/bids/price-sheet-upload.server.ts).
//
// Layout, shared with the import through `priceSheetLayout` and the constants below:
// - Sheet "Angebot" (cover): the tender, instructions, and two open cells for the bidder's name
//   and address.
// - One sheet per lot ("Los 1", "Los 2", …): title block, header in row HEADER_ROW, then one row
//   per item and band: position, item, unit, CPV, bundled quantity, band ("ab 100") and the open
//   unit-price cell, validated as a number ≥ 0 with at most four decimals.
// - Sheet "Steuerung" (veryHidden): format version, tender id, and per price row its sheet, row,
//   lot id, item id, band index and band start, so an upload is matched to its tender exactly.
// Everything but the open cells is locked (sheet protection without a password: against
// accidents, not attackers; the import checks every protected cell against the database anyway).
//
// No access check here: the price sheet of a published tender is a public document, and the
// callers (the lead's download, the public page) decide who gets it.
import type ExcelJS from "exceljs";

import {
  BAND_SEPARATOR,
  BOLD,
  columnLetter,
  columnPositions,
  createWorkbook,
  frozenHeader,
  guardSpreadsheetText,
  INPUT_FILL,
  QUANTITY_FORMAT,
  sheetProtection,
  TITLE_FONT,
  UNIT_PRICE_FORMAT,
  writeHeaderRow,
} from "~/kit/spreadsheet/workbook.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import {
  type BidTender,
  getPublishedTender,
  listTenderLots,
  lotLabel,
  MAX_UNIT_PRICE,
  type TenderLot,
  type TenderLotItem,
} from "~/modules/bids/index.server";
import { formatDeadline } from "~/kit/dates";

export const PRICE_SHEET_FORMAT_VERSION = 1;
export const COVER_SHEET = "Angebot";
export const CONTROL_SHEET = "Steuerung";
export const BIDDER_NAME_CELL = { row: 9, column: 2 } as const;
export const BIDDER_ADDRESS_CELL = { row: 10, column: 2 } as const;
export const HEADER_ROW = 6;
export const FIRST_PRICE_ROW = HEADER_ROW + 1;
export const CONTROL_HEADER_ROW = 7;

/** Columns of a lot sheet, in order (column number = position + 1). */
export const LOT_COLUMNS = [
  { key: "position", header: "Pos.", width: 7 },
  { key: "name", header: "Artikel", width: 44 },
  { key: "unit", header: "Einheit", width: 13 },
  { key: "cpv", header: "CPV", width: 13 },
  { key: "quantity", header: "Gebündelte Menge", width: 14 },
  { key: "band", header: "Staffel", width: 14 },
  { key: "price", header: "Stückpreis netto in €", width: 22 },
  // After the price, so that bidders' sheets keep their columns A to G (decision 026).
  { key: "article", header: "Art.-Nr.", width: 10 },
] as const;
export type LotColumnKey = (typeof LOT_COLUMNS)[number]["key"];

export const { number: lotColumn, header: lotColumnHeader } = columnPositions(LOT_COLUMNS);
export { columnLetter };

const integers = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 0 });
/** The band as the sheet shows it: "ab 1.000". */
export function bandText(minQty: number): string {
  return `ab ${integers.format(minQty)}`;
}

export type PriceRow = {
  row: number;
  /** 1-based number of the item within its lot */
  position: number;
  item: TenderLotItem;
  bandIndex: number;
  minQty: number;
};
export type LotSheetLayout = { name: string; lot: TenderLot; rows: PriceRow[] };

/** Where every price goes: the same function lays out the download and checks the upload. */
export function priceSheetLayout(lots: readonly TenderLot[]): LotSheetLayout[] {
  return lots.map((lot) => {
    const rows: PriceRow[] = [];
    lot.items.forEach((item, i) => {
      item.bandMinQty.forEach((minQty, bandIndex) => {
        rows.push({ row: FIRST_PRICE_ROW + rows.length, position: i + 1, item, bandIndex, minQty });
      });
    });
    return { name: `Los ${lot.number}`, lot, rows };
  });
}

const MAX_EUROS = MAX_UNIT_PRICE / 10_000;

function priceValidation(address: string): ExcelJS.DataValidation {
  return {
    type: "custom",
    allowBlank: true,
    formulae: [
      `AND(ISNUMBER(${address}),${address}>=0,${address}<=${MAX_EUROS},ROUND(${address},4)=${address})`,
    ],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "Ungültiger Stückpreis",
    error: `Bitte geben Sie einen Stückpreis netto in Euro von 0 bis ${integers.format(MAX_EUROS)} mit höchstens vier Nachkommastellen ein, z. B. 3,95.`,
    showInputMessage: true,
    promptTitle: "Stückpreis netto",
    prompt:
      "Preis je Einheit in Euro, höchstens 4 Nachkommastellen. Der Preis darf mit steigender Staffel nicht steigen.",
  };
}

const PROTECTION = sheetProtection({ autoFilter: false });

const PRICING_TEXT = {
  "all-units":
    "Gesamtmengenstaffel: Die ganze gebündelte Menge eines Artikels wird zum Preis der Staffel abgerechnet, in die sie fällt.",
  incremental:
    "Stufenstaffel: Die Stücke jeder Staffel werden zum Preis dieser Staffel abgerechnet (die ersten Stücke zum Preis der ersten Staffel usw.).",
} as const;

export async function buildPriceSheetWorkbook({
  tender,
  lots,
}: {
  tender: BidTender;
  lots: readonly TenderLot[];
}): Promise<ExcelJS.Workbook> {
  const layout = priceSheetLayout(lots);
  // The publication time, not the download time: every download of a tender is the same file.
  const stamp = tender.publishedAt ?? tender.submissionDeadline;
  const workbook = createWorkbook({ now: stamp });

  // ── Cover ──
  const cover = workbook.addWorksheet(COVER_SHEET, {
    views: [{ activeCell: "B9" }],
    pageSetup: { orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  cover.getColumn(1).width = 34;
  cover.getColumn(2).width = 70;
  cover.getCell("A1").value = `Preisblatt: ${guardSpreadsheetText(tender.title)}`;
  cover.getCell("A1").font = TITLE_FONT;
  const facts: [string, string][] = [
    ["Vergabenummer", guardSpreadsheetText(tender.referenceNumber)],
    ["Auftraggeber (federführend)", guardSpreadsheetText(tender.leadBodyName)],
    ["Ende der Angebotsfrist", formatDeadline(tender.submissionDeadline)],
  ];
  facts.forEach(([label, value], i) => {
    cover.getCell(2 + i, 1).value = label;
    cover.getCell(2 + i, 1).font = BOLD;
    cover.getCell(2 + i, 2).value = value;
  });
  cover.getCell("A6").value =
    "Bitte tragen Sie auf diesem Blatt Name und Anschrift Ihres Unternehmens ein und auf den Blättern der Lose, für die Sie anbieten, je Artikel und Staffel Ihren Stückpreis netto in Euro. Für ein Los, für das Sie nicht anbieten, lassen Sie alle Preise leer. Nur die gelben Felder lassen sich ändern.";
  cover.mergeCells("A6:B7");
  cover.getCell("A6").alignment = { wrapText: true, vertical: "top" };
  cover.getRow(6).height = 30;
  cover.getRow(7).height = 30;

  const inputs: [typeof BIDDER_NAME_CELL | typeof BIDDER_ADDRESS_CELL, string, number][] = [
    [BIDDER_NAME_CELL, "Name des Bieters (Pflichtangabe)", 200],
    [BIDDER_ADDRESS_CELL, "Anschrift des Bieters", 1000],
  ];
  for (const [at, label, maxLength] of inputs) {
    const labelCell = cover.getCell(at.row, at.column - 1);
    labelCell.value = label;
    labelCell.font = BOLD;
    labelCell.alignment = { vertical: "top" };
    const cell = cover.getCell(at.row, at.column);
    cell.protection = { locked: false };
    cell.fill = INPUT_FILL;
    cell.border = { bottom: { style: "thin", color: { argb: "FF8C8C8C" } } };
    cell.alignment = { wrapText: true, vertical: "top" };
    cell.dataValidation = {
      type: "textLength",
      operator: "lessThanOrEqual",
      allowBlank: true,
      formulae: [maxLength],
      showErrorMessage: true,
      errorStyle: "stop",
      errorTitle: "Zu lang",
      error: `Bitte höchstens ${integers.format(maxLength)} Zeichen.`,
    };
  }
  cover.getRow(BIDDER_ADDRESS_CELL.row).height = 48;

  cover.getCell(12, 1).value = "Lose";
  cover.getCell(12, 1).font = BOLD;
  layout.forEach((sheet, i) => {
    cover.getCell(13 + i, 1).value = `Blatt „${sheet.name}“`;
    cover.getCell(13 + i, 2).value = guardSpreadsheetText(lotLabel(sheet.lot));
  });

  await cover.protect("", PROTECTION);

  // ── Lot sheets ──
  for (const { name, lot, rows } of layout) {
    const sheet = workbook.addWorksheet(name, {
      views: frozenHeader(HEADER_ROW, { activeCell: `G${FIRST_PRICE_ROW}` }),
      pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    sheet.getCell("A1").value = guardSpreadsheetText(lotLabel(lot));
    sheet.getCell("A1").font = TITLE_FONT;
    sheet.getCell("A2").value = guardSpreadsheetText(
      `${tender.title} · Vergabenummer ${tender.referenceNumber}`,
    );
    sheet.getCell("A3").value = PRICING_TEXT[tender.pricing];
    // Licences: the price asked is per seat and year; the contract bills it over the term.
    sheet.getCell("A4").value =
      lot.category === "license"
        ? `Tragen Sie in die gelben Felder je Staffel Ihren Preis je Lizenz und Jahr netto in Euro ein (höchstens 4 Nachkommastellen). Abgerechnet und gewertet wird über die Vertragslaufzeit von ${integers.format(tender.termMonths)} Monaten: Lizenzen × Preis je Lizenz und Jahr × ${integers.format(tender.termMonths)}/12. Der Preis darf mit steigender Staffel nicht steigen.`
        : "Tragen Sie in die gelben Felder je Staffel Ihren Stückpreis netto in Euro ein (höchstens 4 Nachkommastellen). Der Preis darf mit steigender Staffel nicht steigen.";
    sheet.getCell("A4").font = BOLD;

    // Two lines for the wrapped headers ("Gebündelte Menge", "Stückpreis netto in €").
    writeHeaderRow(sheet, HEADER_ROW, LOT_COLUMNS, {
      right: (["quantity", "band", "price"] as const).map(lotColumn),
      height: 32,
    });

    for (const r of rows) {
      const row = sheet.getRow(r.row);
      const cell = (key: LotColumnKey) => row.getCell(lotColumn(key));
      cell("position").value = r.position;
      cell("article").value = r.item.articleNumber;
      cell("name").value = guardSpreadsheetText(r.item.name);
      cell("unit").value = guardSpreadsheetText(r.item.unit);
      cell("cpv").value = r.item.cpvCode;
      cell("quantity").value = r.item.bundledQuantity;
      cell("quantity").numFmt = QUANTITY_FORMAT;
      cell("band").value = bandText(r.minQty);
      cell("band").alignment = { horizontal: "right" };
      const price = cell("price");
      price.protection = { locked: false };
      price.fill = INPUT_FILL;
      price.numFmt = UNIT_PRICE_FORMAT;
      price.dataValidation = priceValidation(`${columnLetter(lotColumn("price"))}${r.row}`);
      price.border = { bottom: { style: "hair", color: { argb: "FFBFBFBF" } } };
      if (r.bandIndex === 0 && r.row !== FIRST_PRICE_ROW) {
        for (let c = 1; c <= LOT_COLUMNS.length; c++) row.getCell(c).border = BAND_SEPARATOR;
      }
    }
    await sheet.protect("", PROTECTION);
  }

  // ── Hidden control sheet ──
  const control = workbook.addWorksheet(CONTROL_SHEET, { state: "veryHidden" });
  control.getCell("A1").value = "Bündelkauf – Steuerdaten des Preisblatts. Bitte nicht ändern.";
  control.getCell("A2").value = "Format";
  control.getCell("B2").value = PRICE_SHEET_FORMAT_VERSION;
  control.getCell("A3").value = "Ausschreibung";
  control.getCell("B3").value = tender.id;
  control.getCell("A4").value = "Vergabenummer";
  control.getCell("B4").value = guardSpreadsheetText(tender.referenceNumber);
  control.getCell("A5").value = "Veröffentlicht";
  control.getCell("B5").value = stamp.toISOString();
  control.getRow(CONTROL_HEADER_ROW).values = [
    "Blatt",
    "Zeile",
    "Los-ID",
    "Artikel-ID",
    "Staffel-Index",
    "ab Menge",
  ];
  let at = CONTROL_HEADER_ROW + 1;
  for (const { name, lot, rows } of layout) {
    for (const r of rows) {
      control.getRow(at++).values = [name, r.row, lot.id, r.item.itemId, r.bandIndex, r.minQty];
    }
  }
  await control.protect("", {});
  return workbook;
}

/** The price sheet of a published tender as XLSX bytes; undefined when there is none. */
export async function buildPriceSheet({
  tenderId,
}: {
  tenderId: string;
}): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> } | undefined> {
  const tender = await getPublishedTender({ tenderId });
  if (!tender) return undefined;
  const lots = await listTenderLots({ tenderId });
  const workbook = await buildPriceSheetWorkbook({ tender, lots });
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  return { fileName: `Preisblatt_${fileNameSlug(tender.referenceNumber)}.xlsx`, bytes };
}
