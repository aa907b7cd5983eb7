// A framework's call-offs (Abrufe, decision 025) in the split's files, beside the stored split:
// the sheets "Abrufe" (one row per call-off) and "Abrufe je Haushaltsjahr" (SUMIFS over it) of
// both workbooks, and the CSV's rows of Art "Abruf". Writers: they get the rows, never query.
import type ExcelJS from "exceljs";

import { parseIsoDate } from "~/domain/calendar-date";
import { billedByLabels } from "~/domain/vocabulary";
import { EXCEL_DATE_FORMAT } from "~/kit/spreadsheet/excel-date.server";
import { TableSheet } from "~/kit/spreadsheet/table-sheet.server";
import {
  EURO_FORMAT,
  formula,
  QUANTITY_FORMAT,
  sheetRef,
  UNIT_PRICE_FORMAT,
  YEAR_FORMAT,
} from "~/kit/spreadsheet/workbook.server";
import { type CallOffRow } from "~/modules/calloffs/index.server";

import { csvCents, csvField, csvRate, csvUnitPrice } from "./split-csv.server";
import { euro, sumFormula, text, vatFormat } from "./split-workbook.server";
import { type TenderSplit } from "./split-view.server";

export const CALL_OFFS_SHEET = "Abrufe";
export const CALL_OFF_YEARS_SHEET = "Abrufe je Haushaltsjahr";

/** An ISO date as Excel's day number (days since 1899-12-30), shown as a date by its format. */
function excelDay(iso: string): number {
  const { year, month, day } = parseIsoDate(iso, "Abrufdatum");
  return (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** Both call-off sheets; the lead's file names the body of each row. */
export function writeCallOffSheets(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  split: TenderSplit,
  callOffs: readonly CallOffRow[],
  footer: string,
): void {
  const billedBy = billedByLabels[split.tender.goodsBilling];
  const sheet = new TableSheet(
    workbook,
    CALL_OFFS_SHEET,
    [
      { header: "Körperschaft", width: 30 },
      { header: "AGS", width: 11 },
      { header: "Datum", width: 12, numFmt: EXCEL_DATE_FORMAT, align: "right" },
      { header: "Haushaltsjahr", width: 13, numFmt: YEAR_FORMAT, numeric: true },
      { header: "Los", width: 8 },
      { header: "Artikel", width: 36 },
      { header: "CPV", width: 12 },
      { header: "Menge", width: 10, numFmt: QUANTITY_FORMAT, numeric: true },
      { header: "Einheit", width: 10 },
      { header: "Stückpreis netto", width: 14, numFmt: UNIT_PRICE_FORMAT, numeric: true },
      { header: "Netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt-Satz", width: 9, numFmt: "0%", numeric: true },
      { header: "USt", width: 12, numFmt: EURO_FORMAT, numeric: true },
      { header: "Brutto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "Kostenstelle", width: 16 },
      { header: "Rechnung durch", width: 20 },
    ],
    footer,
  );
  let net = 0;
  let vat = 0;
  let gross = 0;
  for (const c of callOffs) {
    const r = sheet.rowNumber + 1;
    sheet.add([
      text(c.bodyName),
      c.ags ?? "",
      excelDay(c.calledOn),
      c.budgetYear,
      `Los ${c.lotNumber}`,
      text(c.itemName),
      c.cpvCode,
      c.quantity,
      text(c.unit),
      c.unitPrice / 10_000,
      euro(c.netCents),
      { value: c.vatRateBp / 10_000, numFmt: vatFormat(c.vatRateBp) },
      euro(c.vatCents),
      formula(`K${r}+M${r}`, euro(c.grossCents)),
      text(c.costCentre),
      billedBy,
    ]);
    net += c.netCents;
    vat += c.vatCents;
    gross += c.grossCents;
  }
  const last = sheet.rowNumber;
  sheet.filterTo(last);
  const totals: (ExcelJS.CellValue | ReturnType<typeof sumFormula>)[] = Array(16).fill(null);
  totals[0] = "Summe";
  totals[10] = sumFormula(11, 2, last, net);
  totals[12] = sumFormula(13, 2, last, vat);
  totals[13] = sumFormula(14, 2, last, gross);
  sheet.add(totals, { total: true });
  sheet.commit();

  // Per Haushaltsjahr: SUMIFS over the rows above, with their exact results cached.
  const years = new Map<number, { net: number; vat: number; gross: number }>();
  for (const c of callOffs) {
    const y = years.get(c.budgetYear) ?? { net: 0, vat: 0, gross: 0 };
    y.net += c.netCents;
    y.vat += c.vatCents;
    y.gross += c.grossCents;
    years.set(c.budgetYear, y);
  }
  const perYear = new TableSheet(
    workbook,
    CALL_OFF_YEARS_SHEET,
    [
      { header: "Haushaltsjahr", width: 14, numFmt: YEAR_FORMAT, numeric: true },
      { header: "Netto", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "Brutto", width: 16, numFmt: EURO_FORMAT, numeric: true },
    ],
    footer,
  );
  const source = sheetRef(CALL_OFFS_SHEET);
  const sumIf = (column: string, r: number, cents: number) =>
    formula(
      `SUMIFS(${source}${column}2:${column}${Math.max(2, last)},${source}D2:D${Math.max(2, last)},A${r})`,
      euro(cents),
    );
  for (const [year, y] of [...years].sort(([a], [b]) => a - b)) {
    const r = perYear.rowNumber + 1;
    perYear.add([year, sumIf("K", r, y.net), sumIf("M", r, y.vat), sumIf("N", r, y.gross)]);
  }
  const lastYear = perYear.rowNumber;
  perYear.filterTo(lastYear);
  perYear.add(
    [
      "Summe",
      sumFormula(2, 2, lastYear, net),
      sumFormula(3, 2, lastYear, vat),
      sumFormula(4, 2, lastYear, gross),
    ],
    { total: true },
  );
  perYear.commit();
}

/** The CSV's rows of the call-offs (Art "Abruf"), in the columns of CSV_COLUMNS. */
export function callOffCsvRows(split: TenderSplit, callOffs: readonly CallOffRow[]): string {
  const billedBy = billedByLabels[split.tender.goodsBilling];
  return callOffs
    .map(
      (c) =>
        `${[
          text(c.bodyName),
          c.ags ?? "",
          `Los ${c.lotNumber}`,
          "Abruf",
          text(c.itemName),
          c.cpvCode,
          String(c.quantity),
          text(c.unit),
          csvUnitPrice(c.unitPrice),
          csvCents(c.netCents),
          csvRate(c.vatRateBp),
          csvCents(c.vatCents),
          csvCents(c.grossCents),
          text(c.costCentre),
          "",
          "",
          String(c.budgetYear),
          billedBy,
        ]
          .map(csvField)
          .join(";")}\r\n`,
    )
    .join("");
}
