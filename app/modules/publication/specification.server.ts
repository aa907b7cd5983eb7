// The specification (Leistungsverzeichnis) of a published tender: a read-only XLSX for bidders.
// - Sheet "Übersicht": the tender, the lead, the participating bodies, deadlines, the pricing
//   rule and award criteria explained in German, contract start and term, the lots.
// - One sheet per lot ("Los 1", …): header in row SPECIFICATION_HEADER_ROW, then one row per item and band with
//   the item's name, description, attributes, CPV code and label, unit, bundled quantity and the
//   band's range. The item columns repeat on every band row, so a filter never loses them.
// Every sheet is protected (no password: against accidents, it is not a security boundary) with
// frozen headers; user text goes through guardSpreadsheetText. Prices go into the price sheet.
import type ExcelJS from "exceljs";

import { maximumStatement } from "~/domain/call-offs";

import {
  awardCriteriaText,
  pricingExplanations,
  procedureLabel,
  type PublicTender,
} from "~/domain/ocds";
import {
  BAND_SEPARATOR,
  BOLD,
  columnPositions,
  createWorkbook,
  filterTable,
  frozenHeader,
  guardSpreadsheetText,
  HEADER_FILL,
  HEADING_FONT,
  pageFooter,
  QUANTITY_FORMAT,
  sheetProtection,
  TITLE_FONT,
  writeHeaderRow,
} from "~/kit/spreadsheet/workbook.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import {
  berlinExcelDate,
  EXCEL_DATE_FORMAT,
  EXCEL_DATE_TIME_FORMAT,
  excelCalendarDate,
} from "~/kit/spreadsheet/excel-date.server";
import { lotLabel, tenderArticleNumbers } from "~/modules/bids/index.server";
import { getPublishedTender } from "./publication.server";

export const SPECIFICATION_COVER_SHEET = "Übersicht";
export const SPECIFICATION_HEADER_ROW = 4;
export const SPECIFICATION_FIRST_ITEM_ROW = SPECIFICATION_HEADER_ROW + 1;

export const SPECIFICATION_COLUMNS = [
  { key: "position", header: "Pos.", width: 7 },
  { key: "article", header: "Art.-Nr.", width: 10 },
  { key: "name", header: "Artikel", width: 40 },
  { key: "description", header: "Beschreibung", width: 40 },
  { key: "attributes", header: "Merkmale", width: 32 },
  { key: "cpvCode", header: "CPV-Code", width: 13 },
  { key: "cpvLabel", header: "CPV-Bezeichnung", width: 32 },
  { key: "unit", header: "Einheit", width: 13 },
  { key: "quantity", header: "Gebündelte Menge", width: 15 },
  { key: "band", header: "Staffel", width: 9 },
  { key: "range", header: "Mengenbereich", width: 24 },
  { key: "from", header: "ab Menge", width: 12 },
  { key: "to", header: "bis Menge", width: 12 },
] as const;
export type SpecificationColumnKey = (typeof SPECIFICATION_COLUMNS)[number]["key"];

export const { number: specificationColumn } = columnPositions(SPECIFICATION_COLUMNS);

const PROTECTION = sheetProtection({ autoFilter: true });

const integers = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 0 });

/** "ab 100 bis 999 Ries", "ab 1.000 Ries" */
export function bandRangeText(bandMinQty: readonly number[], index: number, unit: string): string {
  const from = bandMinQty[index]!;
  const next = bandMinQty[index + 1];
  return next === undefined
    ? `ab ${integers.format(from)} ${unit}`
    : `ab ${integers.format(from)} bis ${integers.format(next - 1)} ${unit}`;
}

const text = (value: string) => guardSpreadsheetText(value);

function addCover(workbook: ExcelJS.Workbook, tender: PublicTender) {
  const sheet = workbook.addWorksheet(SPECIFICATION_COVER_SHEET, {
    pageSetup: { orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: pageFooter("Leistungsverzeichnis") },
  });
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 60;
  sheet.getColumn(3).width = 14;
  sheet.getColumn(4).width = 22;

  const title = sheet.getCell("A1");
  title.value = text(`Leistungsverzeichnis: ${tender.title}`);
  title.font = TITLE_FONT;

  let r = 3;
  const row = (label: string, value: ExcelJS.CellValue, numFmt?: string) => {
    const labelCell = sheet.getCell(r, 1);
    labelCell.value = label;
    labelCell.font = BOLD;
    labelCell.alignment = { vertical: "top" };
    const valueCell = sheet.getCell(r, 2);
    valueCell.value = value;
    valueCell.alignment = { wrapText: true, vertical: "top", horizontal: "left" };
    if (numFmt) valueCell.numFmt = numFmt;
    r++;
  };
  const heading = (label: string) => {
    r++;
    const cell = sheet.getCell(r, 1);
    cell.value = label;
    cell.font = HEADING_FONT;
    r++;
  };

  row("Vergabenummer", text(tender.referenceNumber));
  row("Titel", text(tender.title));
  if (tender.description.trim() !== "") row("Beschreibung", text(tender.description));
  row(
    "Vergabestelle (federführend)",
    text(`${tender.lead.name}${tender.lead.ags ? ` (AGS ${tender.lead.ags})` : ""}`),
  );
  const procedure = procedureLabel(tender.procedure);
  if (procedure) row("Verfahrensart", procedure);
  row("Veröffentlicht am", berlinExcelDate(tender.publishedAt), EXCEL_DATE_TIME_FORMAT);
  row("Angebotsfrist", berlinExcelDate(tender.submissionDeadline), EXCEL_DATE_TIME_FORMAT);
  row("Vertragsbeginn", excelCalendarDate(tender.contractStart), EXCEL_DATE_FORMAT);
  row(
    "Laufzeit",
    `${integers.format(tender.termMonths)} Monate${tender.framework ? " (Rahmenvereinbarung)" : ""}`,
  );
  if (tender.framework) row("Höchstmenge", maximumStatement(tender.callOffReserveBp));
  const pricing = pricingExplanations[tender.pricing];
  row("Preisart", `${pricing.label}. ${pricing.text}`);
  row("Wertung", text(awardCriteriaText(tender)));
  row(
    "Preise",
    "Bitte tragen Sie Ihre Stückpreise (netto) je Artikel und Staffel in das Preisblatt ein. Staffelpreise dürfen mit steigender Menge nicht steigen. Die gebündelten Mengen sind die Summe des Bedarfs aller beteiligten Körperschaften.",
  );

  heading("Lose");
  for (const lot of tender.lots) {
    row(`Los ${lot.number}`, text(`${lot.title} (${lot.items.length} Artikel)`));
  }

  heading(`Beteiligte Körperschaften (${tender.participants.length})`);
  const header = sheet.getRow(r);
  ["Körperschaft", "", "AGS", "Rolle"].forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h === "" ? null : h;
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
  });
  sheet.mergeCells(r, 1, r, 2);
  r++;
  const bodies = tender.participants.some((p) => p.id === tender.lead.id)
    ? tender.participants
    : [tender.lead, ...tender.participants];
  for (const body of bodies) {
    sheet.mergeCells(r, 1, r, 2);
    sheet.getCell(r, 1).value = text(body.name);
    sheet.getCell(r, 3).value = body.ags ?? "";
    sheet.getCell(r, 4).value = body.id === tender.lead.id ? "federführend" : "beteiligt";
    r++;
  }
}

function addLotSheet(
  workbook: ExcelJS.Workbook,
  tender: PublicTender,
  lot: PublicTender["lots"][number],
  articleNumbers: ReadonlyMap<string, string>,
) {
  const sheet = workbook.addWorksheet(`Los ${lot.number}`, {
    views: frozenHeader(SPECIFICATION_HEADER_ROW, {
      xSplit: 2,
      activeCell: `A${SPECIFICATION_FIRST_ITEM_ROW}`,
    }),
    pageSetup: {
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${SPECIFICATION_HEADER_ROW}:${SPECIFICATION_HEADER_ROW}`,
    },
    headerFooter: { oddFooter: pageFooter(text(lotLabel(lot))) },
  });
  sheet.getCell("A1").value = text(lotLabel(lot));
  sheet.getCell("A1").font = TITLE_FONT;
  sheet.getCell("A2").value = text(
    `${tender.title} · Vergabenummer ${tender.referenceNumber} · ${pricingExplanations[tender.pricing].label}`,
  );

  writeHeaderRow(sheet, SPECIFICATION_HEADER_ROW, SPECIFICATION_COLUMNS, {
    right: (["quantity", "from", "to"] as const).map(specificationColumn),
  });

  let r = SPECIFICATION_FIRST_ITEM_ROW;
  const items = [...lot.items].sort((a, b) => a.position - b.position);
  items.forEach((item, i) => {
    item.bandMinQty.forEach((from, band) => {
      const row = sheet.getRow(r);
      const set = (key: SpecificationColumnKey, value: ExcelJS.CellValue) => {
        row.getCell(specificationColumn(key)).value = value;
      };
      set("position", i + 1);
      set("article", articleNumbers.get(item.itemId) ?? "");
      set("name", text(item.name));
      if (item.description !== "") set("description", text(item.description));
      if (item.attributes !== "") set("attributes", text(item.attributes));
      set("cpvCode", item.cpvCode);
      set("cpvLabel", text(item.cpvLabel));
      set("unit", text(item.unit));
      set("quantity", item.bundledQuantity);
      set("band", band + 1);
      set("range", text(bandRangeText(item.bandMinQty, band, item.unit)));
      set("from", from);
      const next = item.bandMinQty[band + 1];
      if (next !== undefined) set("to", next - 1);
      for (const key of ["quantity", "from", "to"] as const) {
        row.getCell(specificationColumn(key)).numFmt = QUANTITY_FORMAT;
      }
      for (const key of ["name", "description", "attributes", "cpvLabel"] as const) {
        row.getCell(specificationColumn(key)).alignment = { wrapText: true, vertical: "top" };
      }
      if (band === 0 && i > 0) {
        for (let c = 1; c <= SPECIFICATION_COLUMNS.length; c++)
          row.getCell(c).border = BAND_SEPARATOR;
      }
      r++;
    });
  });
  filterTable(sheet, {
    headerRow: SPECIFICATION_HEADER_ROW,
    columns: SPECIFICATION_COLUMNS.length,
  });
  return sheet;
}

/** The workbook for a published tender, as XLSX bytes, and the file name to offer. */
export async function buildSpecification({
  tender,
  articleNumbers,
  now,
}: {
  tender: PublicTender;
  /** item id → "A001", the demand round's article number (decision 026) */
  articleNumbers: ReadonlyMap<string, string>;
  now: Date;
}): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  const workbook = createWorkbook({ now, title: `Leistungsverzeichnis ${tender.referenceNumber}` });

  addCover(workbook, tender);
  const lotSheets = tender.lots.map((lot) => addLotSheet(workbook, tender, lot, articleNumbers));
  for (const sheet of [workbook.getWorksheet(SPECIFICATION_COVER_SHEET)!, ...lotSheets]) {
    await sheet.protect("", PROTECTION);
  }

  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const fileName = `Leistungsverzeichnis_${fileNameSlug(tender.referenceNumber, 30)}_${fileNameSlug(tender.title)}.xlsx`;
  return { fileName, bytes };
}

/** The specification of a published tender; undefined for drafts and unknown ids. */
export async function loadSpecification({
  tenderId,
  now = new Date(),
}: {
  tenderId: string;
  now?: Date;
}) {
  const tender = await getPublishedTender({ tenderId });
  if (!tender) return undefined;
  const articleNumbers = await tenderArticleNumbers({ tenderId });
  return buildSpecification({ tender, articleNumbers, now });
}
