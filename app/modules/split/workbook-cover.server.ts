// The cover sheet ("Übersicht") of both cost-split files: the tender's facts and, per lot, the
// supplier, the invoice and the reconciliation as formulas with their exact cached results.

import type ExcelJS from "exceljs";

import { formatEuro, formatVatRate } from "~/domain/money";
import { pricingExplanations } from "~/domain/ocds";
import {
  berlinExcelDate,
  EXCEL_DATE_FORMAT,
  EXCEL_DATE_TIME_FORMAT,
  excelCalendarDate,
} from "~/kit/spreadsheet/excel-date.server";
import { type SplitLot, type TenderSplit } from "./split-view.server";

import {
  BOLD,
  EURO_FORMAT,
  formula,
  HEADING_FONT,
  pageFooter,
  TITLE_FONT,
} from "~/kit/spreadsheet/workbook.server";
import { COVER_SHEET, euro, integers, text, type ExportMeta } from "./split-workbook.server";

export class CoverSheet {
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
      headerFooter: { oddFooter: pageFooter(footer) },
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
    row.getCell(1).font = TITLE_FONT;
    row.height = 22;
    row.commit();
  }

  heading(value: string) {
    this.r++;
    const row = this.sheet.getRow(this.r++);
    row.getCell(1).value = text(value);
    row.getCell(1).font = HEADING_FONT;
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

export function writeTenderFacts(
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
export function writeLotBlocks(
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
