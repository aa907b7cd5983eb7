// The lead's cost-split file: "Übersicht", "Zusammenfassung" (per body and lot),
// "Körperschaften" (per body with the budget years), then every line on "Zeilen", "Zeilen 2", ….
// A writer: the lines come in as async iterables per lot, and it never queries.
import { billedByLabels } from "~/domain/vocabulary";
import { type Writable } from "node:stream";

import { formatEuro } from "~/domain/money";
import { formatBerlin } from "~/kit/dates";
import { type ProgressReporter } from "./export-run.server";
import { type SplitBody, type SplitLot, type TenderSplit } from "./split-view.server";
import { type LineRow } from "./split-lines.server";
import { yearSpread } from "./split-line-source.server";

import {
  breathe,
  ROWS_PER_BREATH,
  TableSheet,
  type Cell,
} from "~/kit/spreadsheet/table-sheet.server";
import {
  columnLetter,
  createStreamingWorkbook,
  EURO_FORMAT,
  formula,
  sheetRef,
} from "~/kit/spreadsheet/workbook.server";
import {
  BODIES_SHEET,
  BODY_COLUMNS,
  euro,
  integers,
  LINE_COLUMNS,
  LINES_SHEET,
  sumFormula,
  SUMMARY_SHEET,
  text,
  vatFormat,
  XLSX_MAX_ROWS,
  type ExportMeta,
} from "./split-workbook.server";
import { CoverSheet, writeLotBlocks, writeTenderFacts } from "./workbook-cover.server";
import { type CallOffRow } from "~/modules/calloffs/index.server";
import { writeCallOffSheets } from "./call-off-sheets.server";

/**
 * The lead's file: every body. `split` must be the lead's full view
 * (splitForTender({ tenderId, viewerBodyId: lead })); `linesOf` streams a lot's lines chunk by
 * chunk as the database gives them (a national tender's million lines never sit in memory).
 */
export async function leadWorkbook(
  split: TenderSplit,
  linesOf: (lot: SplitLot) => AsyncIterable<readonly LineRow[]>,
  meta: ExportMeta,
  stream: Writable,
  progress?: ProgressReporter,
  callOffs: readonly CallOffRow[] = [],
): Promise<{ lineSheets: string[] }> {
  if (split.scope !== "all") throw new Error("leadWorkbook: needs the lead's full split");
  const maxRows = Math.min(XLSX_MAX_ROWS, Math.max(3, meta.maxRowsPerSheet ?? XLSX_MAX_ROWS));
  const workbook = createStreamingWorkbook(stream, {
    now: meta.now,
    title: `Kostenaufteilung ${split.tender.referenceNumber}`,
  });
  const footer = `Kostenaufteilung ${split.tender.referenceNumber} · alle Körperschaften · Stand ${formatBerlin(meta.now)}`;

  // Summary rows come lot by lot, so the cover's per-lot sums are SUMs over a known range.
  const summaryRange = new Map<string, { from: number; to: number }>();
  let next = 2;
  for (const lot of split.lots) {
    summaryRange.set(lot.id, { from: next, to: next + lot.bodies.length - 1 });
    next += lot.bodies.length;
  }

  const cover = new CoverSheet(workbook, footer);
  writeTenderFacts(
    cover,
    split,
    meta,
    `alle ${integers.format(split.bodies.length)} beteiligten Körperschaften`,
  );
  writeLotBlocks(cover, split);
  cover.heading("Abgleich in dieser Datei");
  cover.paragraph(
    "So prüfen Sie",
    `Das Blatt „${SUMMARY_SHEET}“ enthält je Körperschaft und Los die Anteile; deren Summe je Los ergibt die Rechnung zuzüglich der Gemeinkosten. Das Blatt „${BODIES_SHEET}“ fasst je Körperschaft zusammen und verteilt auf die Haushaltsjahre; die Blätter „${LINES_SHEET}“ enthalten jede Bedarfszeile.`,
  );
  for (const lot of split.lots) {
    const range = summaryRange.get(lot.id)!;
    cover.field(
      `${lot.label}: Summe laut „${SUMMARY_SHEET}“`,
      formula(
        `SUM(${sheetRef(SUMMARY_SHEET)}H${range.from}:H${range.to})`,
        euro(lot.reconciliation.allBodiesGrossCents),
      ),
      EURO_FORMAT,
      `Soll: ${formatEuro(lot.reconciliation.expectedCents)} (Rechnung + Gemeinkosten)`,
    );
  }
  cover.commit();

  // Summary per body and lot
  const summary = new TableSheet(
    workbook,
    SUMMARY_SHEET,
    [
      { header: "Körperschaft", width: 28 },
      { header: "AGS", width: 10 },
      { header: "Los", width: 30 },
      { header: "Waren netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt Waren", width: 13, numFmt: EURO_FORMAT, numeric: true },
      { header: "Gemeinkosten netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "USt Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Zu zahlen brutto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Allein netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis vor Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis nach Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
    ],
    footer,
  );
  for (const lot of split.lots) {
    for (const b of lot.bodies) {
      if (summary.rowNumber % ROWS_PER_BREATH === 0) await breathe(summary, stream);
      const r = summary.rowNumber + 1;
      summary.add([
        text(b.name),
        b.ags ?? "",
        text(lot.label),
        euro(b.goodsNetCents),
        euro(b.goodsVatCents),
        euro(b.sharedNetCents),
        euro(b.sharedVatCents),
        formula(`SUM(D${r}:G${r})`, euro(b.grossCents)),
        euro(b.aloneNetCents),
        formula(`I${r}-D${r}`, euro(b.grossSavingsCents)),
        formula(`J${r}-F${r}`, euro(b.netSavingsCents)),
      ]);
    }
  }
  const lastSummary = summary.rowNumber;
  summary.filterTo(lastSummary);
  const total = (f: (b: SplitBody) => number) => split.bodies.reduce((s, b) => s + f(b), 0);
  // Columns 4–11 (D–K) are summed, each with its cached total over all bodies.
  const summed: ((b: SplitBody) => number)[] = [
    (b) => b.goodsNetCents,
    (b) => b.goodsVatCents,
    (b) => b.sharedNetCents,
    (b) => b.sharedVatCents,
    (b) => b.grossCents,
    (b) => b.aloneNetCents,
    (b) => b.grossSavingsCents,
    (b) => b.netSavingsCents,
  ];
  summary.add(
    ["Summe", null, null, ...summed.map((f, i) => sumFormula(4 + i, 2, lastSummary, total(f)))],
    { total: true },
  );
  summary.commit();

  // Per body, with budget years as columns
  const years = [...new Set(split.bodies.flatMap((b) => b.budgetYears.map((y) => y.year)))].sort();
  const perBody = new TableSheet(
    workbook,
    BODIES_SHEET,
    [
      { header: "Körperschaft", width: 28 },
      { header: "AGS", width: 10 },
      { header: "Zu zahlen brutto", width: 15, numFmt: EURO_FORMAT, numeric: true },
      { header: "Allein netto", width: 14, numFmt: EURO_FORMAT, numeric: true },
      { header: "Ersparnis nach Gemeinkosten", width: 15, numFmt: EURO_FORMAT, numeric: true },
      ...years.map((y) => ({
        header: `Haushaltsjahr ${y} brutto`,
        width: 15,
        numFmt: EURO_FORMAT,
        numeric: true,
      })),
    ],
    footer,
  );
  for (const b of split.bodies) {
    if (perBody.rowNumber % ROWS_PER_BREATH === 0) await breathe(perBody, stream);
    const byYear = new Map(b.budgetYears.map((y) => [y.year, y.totalCents]));
    perBody.add([
      text(b.name),
      b.ags ?? "",
      euro(b.grossCents),
      euro(b.aloneNetCents),
      euro(b.netSavingsCents),
      ...years.map((y) => euro(byYear.get(y) ?? 0)),
    ]);
  }
  const lastBody = perBody.rowNumber;
  perBody.filterTo(lastBody);
  perBody.add(
    [
      "Summe",
      null,
      sumFormula(
        3,
        2,
        lastBody,
        total((b) => b.grossCents),
      ),
      sumFormula(
        4,
        2,
        lastBody,
        total((b) => b.aloneNetCents),
      ),
      sumFormula(
        5,
        2,
        lastBody,
        total((b) => b.netSavingsCents),
      ),
      ...years.map((y, i) =>
        sumFormula(
          6 + i,
          2,
          lastBody,
          split.bodies.reduce(
            (s, b) => s + (b.budgetYears.find((x) => x.year === y)?.totalCents ?? 0),
            0,
          ),
        ),
      ),
    ],
    { total: true },
  );
  perBody.commit();

  // Every line, spilling onto "Zeilen 2", … at the row limit (header included).
  const columns = [...BODY_COLUMNS, ...LINE_COLUMNS];
  const lineSheets: string[] = [];
  const ranges: { name: string; last: number }[] = [];
  let sheet: TableSheet | undefined;
  const open = () => {
    const name = lineSheets.length === 0 ? LINES_SHEET : `${LINES_SHEET} ${lineSheets.length + 1}`;
    lineSheets.push(name);
    return new TableSheet(workbook, name, columns, footer);
  };
  const close = (s: TableSheet) => {
    s.filterTo(s.rowNumber);
    ranges.push({ name: s.name, last: s.rowNumber });
  };
  let netSum = 0;
  let vatSum = 0;
  let grossSum = 0;
  // A row is 17 cells. What repeats – a body's name and AGS, a lot's item, "Rechnung durch" – is
  // turned into cell XML once (the first sheet's styles are every sheet's: one workbook); per
  // line only its quantity, cents, accounts and year are (lineCells and TableSheet.add write the
  // same cells, for the body's file).
  const first = open();
  sheet = first;
  const bodyXml = new Map(
    split.bodies.map((b) => [
      b.bodyId,
      [first.cellXml(0, text(b.name)), first.cellXml(1, b.ags ?? "")],
    ]),
  );
  const noBody = [first.cellXml(0, ""), first.cellXml(1, "")];
  const billedBy = first.cellXml(16, billedByLabels[split.tender.goodsBilling]);
  const row: string[] = new Array<string>(17).fill("");
  row[16] = billedBy;
  const gross: number[] = [];
  const net: number[] = [];
  for (const lot of split.lots) {
    const items = new Map(
      lot.items.map((item) => [
        item.itemId,
        {
          label: first.cellXml(2, text(lot.label)),
          name: first.cellXml(3, text(item.name)),
          cpv: first.cellXml(4, item.cpvCode),
          unit: first.cellXml(6, text(item.unit)),
          price: first.cellXml(7, item.unitPrice / 10_000),
          rate: first.cellXml(9, {
            value: item.vatRateBp / 10_000,
            numFmt: vatFormat(item.vatRateBp),
          }),
        },
      ]),
    );
    const { years, spread } = yearSpread(lot.category, split.tender);
    for await (const chunk of linesOf(lot)) {
      let written = 0;
      for (const line of chunk) {
        const item = items.get(line.item_id)!;
        const body = bodyXml.get(line.body_id) ?? noBody;
        row[0] = body[0]!;
        row[1] = body[1]!;
        row[2] = item.label;
        row[3] = item.name;
        row[4] = item.cpv;
        row[5] = first.cellXml(5, line.quantity);
        row[6] = item.unit;
        row[7] = item.price;
        row[9] = item.rate;
        row[12] = first.cellXml(12, text(line.cost_centre));
        row[13] = first.cellXml(13, text(line.product));
        row[14] = first.cellXml(14, text(line.ledger_account));
        spread(line.net + line.vat, gross);
        spread(line.net, net);
        for (let j = 0; j < years.length; j++) {
          const g = gross[j]!;
          const n = net[j]!;
          row[8] = first.cellXml(8, euro(n));
          row[10] = first.cellXml(10, euro(g - n));
          row[11] = first.cellXml(11, euro(g));
          row[15] = first.cellXml(15, years[j]!);
          written += 1;
          if (sheet.rowNumber >= maxRows) {
            close(sheet);
            sheet.commit();
            sheet = open();
          }
          if (sheet.rowNumber % ROWS_PER_BREATH === 0) await breathe(sheet, stream);
          sheet.addXml(row);
          netSum += n;
          vatSum += g - n;
          grossSum += g;
        }
      }
      await progress?.add(written);
    }
  }
  sheet ??= open();
  // The totals row over every lines sheet needs one more row; at the limit it starts a sheet.
  if (sheet.rowNumber >= maxRows) {
    close(sheet);
    sheet.commit();
    sheet = open();
  }
  close(sheet);
  const across = (column: number, cents: number) => {
    const c = columnLetter(column);
    const parts = ranges
      .filter((r) => r.last >= 2)
      .map((r) => `SUM(${sheetRef(r.name)}${c}2:${c}${r.last})`);
    return parts.length > 0 ? formula(parts.join("+"), euro(cents)) : euro(0);
  };
  const totals: Cell[] = columns.map(() => null);
  totals[0] = "Summe aller Zeilen";
  totals[8] = across(9, netSum);
  totals[10] = across(11, vatSum);
  totals[11] = across(12, grossSum);
  sheet.add(totals, { total: true });
  sheet.commit();

  if (split.tender.framework) writeCallOffSheets(workbook, split, callOffs, footer);
  await workbook.commit();
  return { lineSheets };
}
