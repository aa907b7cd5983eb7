// One body's cost-split file: "Übersicht", "Zeilen", "Gemeinkosten", "Nutzen", "Haushaltsjahre".
// A writer: it gets the split and the body's lines, and never queries.
import { type Writable } from "node:stream";

import type ExcelJS from "exceljs";

import { parseIsoDate } from "~/domain/calendar-date";
import {
  billedByLabels,
  sharedCostKeyLabels,
  sharedCostKindLabels,
  sharedCostPayerLabels,
} from "~/domain/vocabulary";
import { formatBerlin } from "~/kit/dates";
import {
  type SplitBody,
  type SplitLine,
  type SplitLot,
  type TenderSplit,
} from "./split-view.server";

import { type Cell, TableSheet } from "~/kit/spreadsheet/table-sheet.server";
import {
  createStreamingWorkbook,
  EURO_FORMAT,
  formula,
  sheetRef,
  YEAR_FORMAT,
} from "~/kit/spreadsheet/workbook.server";
import {
  euro,
  type ExportMeta,
  LINE_COLUMNS,
  lineCells,
  LINES_SHEET,
  SAVINGS_SHEET,
  SHARED_SHEET,
  sumFormula,
  text,
  vatFormat,
  YEARS_SHEET,
  yearRows,
} from "./split-workbook.server";
import { type ShareAccounts } from "./split-lines.server";
import { CoverSheet, writeLotBlocks, writeTenderFacts } from "./workbook-cover.server";
import { type CallOffRow } from "~/modules/calloffs/index.server";
import { writeCallOffSheets } from "./call-off-sheets.server";

/**
 * One body's file. `split` must be scoped to exactly that body (splitForTender with `bodyId` or a
 * non-lead viewer); `linesByLot` holds its lines by lot id (a few hundred at most).
 */
export async function bodyWorkbook(
  split: TenderSplit,
  linesByLot: ReadonlyMap<string, readonly SplitLine[]>,
  shareAccounts: ShareAccounts,
  meta: ExportMeta,
  stream: Writable,
  callOffs: readonly CallOffRow[] = [],
): Promise<void> {
  const body = split.bodies[0];
  if (!body || split.bodies.length !== 1) throw new Error("bodyWorkbook: split must hold one body");
  const workbook = createStreamingWorkbook(stream, {
    now: meta.now,
    title: `Kostenaufteilung ${split.tender.referenceNumber} – ${body.name}`,
  });
  const footer = `Kostenaufteilung ${split.tender.referenceNumber} · ${body.name} · Stand ${formatBerlin(meta.now)}`;

  const linesOf = (lot: SplitLot) => (linesByLot.get(lot.id) ?? []).flatMap(yearRows);
  // Where each lot's rows land, for the cover's own-share formula: computed before writing.
  const lineRows = new Map<string, { from: number; to: number }>();
  const shareRows = new Map<string, { from: number; to: number }>();
  let r = 2;
  for (const lot of split.lots) {
    lineRows.set(lot.id, { from: r, to: r + linesOf(lot).length - 1 });
    r += linesOf(lot).length;
  }
  r = 2;
  for (const lot of split.lots) {
    const n = lot.sharedCosts.filter((c) => lot.shares.some((s) => s.costId === c.id)).length;
    shareRows.set(lot.id, { from: r, to: r + n - 1 });
    r += n;
  }

  const cover = new CoverSheet(workbook, footer);
  writeTenderFacts(cover, split, meta, `${body.name}${body.ags ? ` (AGS ${body.ags})` : ""}`);
  writeLotBlocks(cover, split, (lot) => {
    const own = lot.bodies.find((b) => b.bodyId === body.bodyId);
    const lines = lineRows.get(lot.id)!;
    const shares = shareRows.get(lot.id)!;
    const parts = [
      lines.to >= lines.from ? `SUM(${sheetRef(LINES_SHEET)}J${lines.from}:J${lines.to})` : null,
      shares.to >= shares.from
        ? `SUM(${sheetRef(SHARED_SHEET)}J${shares.from}:J${shares.to})`
        : null,
    ].filter((p) => p !== null);
    return parts.length > 0 ? formula(parts.join("+"), euro(own?.grossCents ?? 0)) : euro(0);
  });
  cover.heading("Ihre Summe über alle Lose");
  cover.field("Waren netto", euro(body.goodsNetCents), EURO_FORMAT);
  cover.field("Umsatzsteuer auf Waren", euro(body.goodsVatCents), EURO_FORMAT);
  cover.field("Gemeinkosten netto", euro(body.sharedNetCents), EURO_FORMAT);
  cover.field("Umsatzsteuer auf Gemeinkosten", euro(body.sharedVatCents), EURO_FORMAT);
  cover.field("Zu zahlen brutto", euro(body.grossCents), EURO_FORMAT, undefined, true);
  cover.field("Allein hätten Sie netto gezahlt", euro(body.aloneNetCents), EURO_FORMAT);
  cover.field(
    "Ersparnis nach Gemeinkosten",
    euro(body.netSavingsCents),
    EURO_FORMAT,
    undefined,
    true,
  );
  cover.commit();

  // Lines
  const billedBy = billedByLabels[split.tender.goodsBilling];
  const lines = new TableSheet(workbook, LINES_SHEET, LINE_COLUMNS, footer);
  for (const lot of split.lots) {
    for (const line of linesOf(lot))
      lines.add(lineCells(lot, line, lines.rowNumber + 1, 1, true, billedBy));
  }
  const lastLine = lines.rowNumber;
  lines.filterTo(lastLine);
  const goods = split.lots.flatMap(linesOf);
  lines.add(
    totalsRow(15, {
      7: sumFormula(
        7,
        2,
        lastLine,
        goods.reduce((s, l) => s + l.netCents, 0),
      ),
      9: sumFormula(
        9,
        2,
        lastLine,
        goods.reduce((s, l) => s + l.vatCents, 0),
      ),
      10: sumFormula(
        10,
        2,
        lastLine,
        goods.reduce((s, l) => s + l.grossCents, 0),
      ),
    }),
    { total: true },
  );
  lines.commit();

  // Shared costs
  const shared = new TableSheet(
    workbook,
    SHARED_SHEET,
    [
      { header: "Los", width: 8 },
      { header: "Umlage", width: 42 },
      { header: "Art", width: 38 },
      { header: "Schlüssel", width: 20 },
      { header: "Zahlende", width: 26 },
      { header: "Betrag gesamt netto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt-Satz", width: 9, numFmt: "0%", numeric: true },
      { header: "Ihr Anteil netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt", width: 12, numFmt: EURO_FORMAT, numeric: true },
      { header: "Brutto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      ...LINE_COLUMNS.slice(10),
    ],
    footer,
  );
  const startYear = parseIsoDate(split.tender.contractStart, "Vertragsbeginn").year;
  let sharedNet = 0;
  let sharedVat = 0;
  let sharedGross = 0;
  for (const lot of split.lots) {
    for (const cost of lot.sharedCosts) {
      const share = lot.shares.find((s) => s.costId === cost.id);
      if (!share) continue;
      const row = shared.rowNumber + 1;
      const accounts = shareAccounts.get(lot.id)?.get(body.bodyId);
      shared.add([
        text(lot.label),
        text(cost.label),
        sharedCostKindLabels[cost.kind],
        sharedCostKeyLabels[cost.key],
        sharedCostPayerLabels[cost.payers],
        euro(cost.netCents),
        { value: cost.vatRateBp / 10_000, numFmt: vatFormat(cost.vatRateBp) },
        euro(share.netCents),
        euro(share.vatCents),
        formula(`H${row}+I${row}`, euro(share.grossCents)),
        text(accounts?.costCentre ?? ""),
        text(accounts?.product ?? ""),
        text(accounts?.ledgerAccount ?? ""),
        startYear,
        billedByLabels.lead,
      ]);
      sharedNet += share.netCents;
      sharedVat += share.vatCents;
      sharedGross += share.grossCents;
    }
  }
  const lastShared = shared.rowNumber;
  shared.filterTo(lastShared);
  shared.add(
    totalsRow(15, {
      8: sumFormula(8, 2, lastShared, sharedNet),
      9: sumFormula(9, 2, lastShared, sharedVat),
      10: sumFormula(10, 2, lastShared, sharedGross),
    }),
    { total: true },
  );
  shared.commit();

  writeSavingsSheet(workbook, split, body, footer);
  writeYearsSheet(workbook, body, footer);
  if (split.tender.framework) writeCallOffSheets(workbook, split, callOffs, footer);
  await workbook.commit();
}

/** A totals row `width` cells wide: "Summe", then `cells` by column number (1-based), else empty. */
function totalsRow(width: number, cells: Record<number, Cell>): Cell[] {
  return Array.from({ length: width }, (_, i) => (i === 0 ? "Summe" : (cells[i + 1] ?? null)));
}

function writeSavingsSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  split: TenderSplit,
  body: SplitBody,
  footer: string,
) {
  const sheet = new TableSheet(
    workbook,
    SAVINGS_SHEET,
    [
      { header: "Los", width: 34 },
      { header: "Allein netto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Waren netto im Bündel", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis vor Gemeinkosten", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Gemeinkosten netto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis nach Gemeinkosten", width: 17, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis in %", width: 12, numFmt: "0.0%", numeric: true },
    ],
    footer,
  );
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  for (const lot of split.lots) {
    const own = lot.bodies.find((b) => b.bodyId === body.bodyId);
    if (!own) continue;
    const r = sheet.rowNumber + 1;
    sheet.add([
      text(lot.label),
      euro(own.aloneNetCents),
      euro(own.goodsNetCents),
      formula(`B${r}-C${r}`, euro(own.grossSavingsCents)),
      euro(own.sharedNetCents),
      formula(`D${r}-E${r}`, euro(own.netSavingsCents)),
      formula(`IF(B${r}=0,0,F${r}/B${r})`, ratio(own.netSavingsCents, own.aloneNetCents)),
    ]);
  }
  const last = sheet.rowNumber;
  sheet.filterTo(last);
  const t = last + 1;
  sheet.add(
    [
      "Summe",
      sumFormula(2, 2, last, body.aloneNetCents),
      sumFormula(3, 2, last, body.goodsNetCents),
      sumFormula(4, 2, last, body.grossSavingsCents),
      sumFormula(5, 2, last, body.sharedNetCents),
      sumFormula(6, 2, last, body.netSavingsCents),
      formula(`IF(B${t}=0,0,F${t}/B${t})`, ratio(body.netSavingsCents, body.aloneNetCents)),
    ],
    { total: true },
  );
  sheet.commit();
}

function writeYearsSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  body: SplitBody,
  footer: string,
) {
  const sheet = new TableSheet(
    workbook,
    YEARS_SHEET,
    [
      { header: "Haushaltsjahr", width: 14, numFmt: YEAR_FORMAT, numeric: true },
      { header: "Lizenzen brutto", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Verbrauchsmaterial brutto", width: 18, numFmt: EURO_FORMAT, numeric: true },
      { header: "Gemeinkosten brutto", width: 16, numFmt: EURO_FORMAT, numeric: true },
      { header: "Zu zahlen brutto", width: 16, numFmt: EURO_FORMAT, numeric: true },
    ],
    footer,
  );
  for (const y of body.budgetYears) {
    const r = sheet.rowNumber + 1;
    sheet.add([
      y.year,
      euro(y.licenceCents),
      euro(y.consumableCents),
      euro(y.sharedCents),
      formula(`SUM(B${r}:D${r})`, euro(y.totalCents)),
    ]);
  }
  const last = sheet.rowNumber;
  sheet.filterTo(last);
  // The sum of each money column (B to E) over the year rows (2 to last).
  const moneyColumns = ["licenceCents", "consumableCents", "sharedCents", "totalCents"] as const;
  sheet.add(
    [
      "Summe",
      ...moneyColumns.map((key, i) =>
        sumFormula(
          i + 2,
          2,
          last,
          body.budgetYears.reduce((s, y) => s + y[key], 0),
        ),
      ),
    ],
    { total: true },
  );
  sheet.commit();
}
