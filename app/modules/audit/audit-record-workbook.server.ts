// The documentation record (Vergabevermerk, § 8 VgV) of a tender as XLSX: one sheet, one row per
// audit event in chronological order, with time (a real Excel date in Europe/Berlin), person,
// body, the action in German and its details in words – for a procedure choice the advice as it
// was shown at that moment. Set up to print on A4 landscape with the header row repeated.
import { tenderStatusLabels } from "~/domain/vocabulary";
import {
  createWorkbook,
  DATE_TIME_SECONDS_FORMAT,
  filterTable,
  frozenHeader,
  guardSpreadsheetText,
  pageFooter,
  sheetProtection,
  TITLE_FONT,
  writeHeaderRow,
} from "~/kit/spreadsheet/workbook.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import { berlinExcelDate } from "~/kit/spreadsheet/excel-date.server";
import {
  exportTenderAuditRecord,
  type RecordEvent,
  type RecordTender,
} from "./tender-record.server";
import { formatBerlin } from "~/kit/dates";
import { describeAuditEvent } from "./event-text.server";

const nf = new Intl.NumberFormat("de-DE");

export const RECORD_SHEET = "Vergabevermerk";
export const RECORD_HEADER_ROW = 6;

export const RECORD_COLUMNS = [
  { key: "number", header: "Nr.", width: 6 },
  { key: "time", header: "Datum und Uhrzeit", width: 19 },
  { key: "actor", header: "Person", width: 24 },
  { key: "body", header: "Körperschaft", width: 26 },
  { key: "action", header: "Vorgang", width: 30 },
  { key: "details", header: "Einzelheiten", width: 90 },
] as const;

/** A wrapped cell's height: Excel does not grow rows written by a program on its own. */
function rowHeight(details: string, width: number): number {
  const lines = details
    .split("\n")
    .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / (width * 1.1))), 0);
  return Math.min(409, Math.max(1, lines) * 15);
}

export async function buildAuditRecord({
  tender,
  events,
  now,
}: {
  tender: RecordTender;
  events: RecordEvent[];
  now: Date;
}): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  const workbook = createWorkbook({ now, title: `Vergabevermerk ${tender.referenceNumber}` });
  const sheet = workbook.addWorksheet(RECORD_SHEET, {
    views: frozenHeader(RECORD_HEADER_ROW),
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${RECORD_HEADER_ROW}:${RECORD_HEADER_ROW}`,
      margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&LVergabevermerk ${guardSpreadsheetText(tender.referenceNumber).replace(/&/g, "&&")}&RStand ${formatBerlin(now)} Uhr`,
      oddFooter: pageFooter(),
    },
  });

  sheet.getCell("A1").value = "Vergabevermerk (§ 8 VgV)";
  sheet.getCell("A1").font = TITLE_FONT;
  sheet.getCell("A2").value = guardSpreadsheetText(
    `${tender.title} · Vergabenummer ${tender.referenceNumber} · ${tenderStatusLabels[tender.status]}`,
  );
  sheet.getCell("A3").value = guardSpreadsheetText(
    `Federführende Körperschaft: ${tender.leadBodyName}${tender.leadBodyAgs ? ` (AGS ${tender.leadBodyAgs})` : ""}`,
  );
  sheet.getCell("A4").value =
    `Stand: ${formatBerlin(now)} Uhr · ${nf.format(events.length)} Einträge in zeitlicher Reihenfolge (Zeiten: Europe/Berlin)`;

  writeHeaderRow(sheet, RECORD_HEADER_ROW, RECORD_COLUMNS);
  const detailsWidth = RECORD_COLUMNS.at(-1)!.width;

  events.forEach((event, i) => {
    const row = sheet.getRow(RECORD_HEADER_ROW + 1 + i);
    const { action, details } = describeAuditEvent(event);
    row.getCell(1).value = i + 1;
    row.getCell(2).value = berlinExcelDate(event.occurredAt);
    row.getCell(2).numFmt = DATE_TIME_SECONDS_FORMAT;
    row.getCell(3).value = guardSpreadsheetText(event.actorName ?? "System");
    row.getCell(4).value = guardSpreadsheetText(event.bodyName ?? "–");
    row.getCell(5).value = action;
    row.getCell(6).value = guardSpreadsheetText(details);
    for (let c = 1; c <= RECORD_COLUMNS.length; c++) {
      row.getCell(c).alignment = { vertical: "top", wrapText: c >= 3 };
    }
    row.height = rowHeight(details, detailsWidth);
  });
  filterTable(sheet, { headerRow: RECORD_HEADER_ROW, columns: RECORD_COLUMNS.length });
  // The record is append-only in the database; this only guards against slips.
  await sheet.protect("", sheetProtection({ autoFilter: true }));

  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const fileName = `Vergabevermerk_${fileNameSlug(tender.referenceNumber, 30)}_${fileNameSlug(tender.title)}.xlsx`;
  return { fileName, bytes };
}

/** Logs the export and builds the record; undefined unless `leadBodyId` leads the tender. */
export async function loadAuditRecord({
  tenderId,
  leadBodyId,
  actorUserId,
  now = new Date(),
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  now?: Date;
}) {
  const record = await exportTenderAuditRecord({ tenderId, leadBodyId, actorUserId });
  if (!record) return undefined;
  return buildAuditRecord({ ...record, now });
}
