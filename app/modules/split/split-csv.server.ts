// The cost split as CSV beside each XLSX, the way German Excel and finance software open it:
// UTF-8 with BOM, semicolons, decimal commas without thousands separators, CRLF, one header row.
// One row per demand line ("Ware") and per shared-cost share ("Gemeinkosten"), so the rows of a
// body add up to what it pays. Produced row by row (a generator), so a national file streams.
// User text goes through guardSpreadsheetText: a leading `=`, `+`, `-` or `@` gets an apostrophe.
import { billedByLabels } from "~/domain/vocabulary";
import { guardSpreadsheetText } from "~/kit/spreadsheet/workbook.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import { type SplitLot, type TenderSplit } from "./split-view.server";
import { type ProgressReporter } from "./export-run.server";
import { type CsvItemFields, type ShareAccounts } from "./split-lines.server";

export const CSV_BOM = "\uFEFF";
export const CSV_COLUMNS = [
  "Körperschaft",
  "AGS",
  "Los",
  "Art",
  "Artikel oder Umlage",
  "CPV",
  "Menge",
  "Einheit",
  "Stückpreis netto",
  "Netto",
  "USt-Satz %",
  "USt",
  "Brutto",
  "Kostenstelle",
  "Produkt",
  "Sachkonto",
  "Haushaltsjahr",
  "Rechnung durch",
] as const;

/** Integer in 1/10^scale → "1234,56" (at least `min` decimals, trailing zeros beyond dropped). */
function decimal(value: number, scale: number, min: number): string {
  const v = BigInt(value);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const unit = 10n ** BigInt(scale);
  let fraction = (abs % unit).toString().padStart(scale, "0");
  while (fraction.length > min && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${abs / unit}${fraction ? `,${fraction}` : ""}`;
}

export const csvCents = (cents: number) => decimal(cents, 2, 2);
export const csvUnitPrice = (tenThousandths: number) => decimal(tenThousandths, 4, 2);
export const csvRate = (bp: number) => decimal(bp, 2, 0);

/** One field: quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(";")}\r\n`;
}

const user = (value: string) => guardSpreadsheetText(value);

/**
 * What the CSV writer hands the line source of a lot: the "Los" field, per item its fields as
 * text (user text guarded, numbers formatted; the database quotes them), and the last field
 * ("Rechnung durch"); the source adds the Haushaltsjahr, one row per year.
 */
export type CsvLineFormat = {
  lot: string;
  items: Map<string, CsvItemFields>;
  billedBy: string;
};
/** A lot's visible lines as CSV rows (CRLF after each), chunk by chunk, with their number. */
export type CsvLineRows = (
  lot: SplitLot,
  format: CsvLineFormat,
) => AsyncIterable<{ bytes: Uint8Array; rows: number }>;

/**
 * The CSV of a split, chunk by chunk: the BOM and header first, then lot by lot each visible
 * body's lines and shared-cost shares. The lines come from `lineRows`, written as CSV by the
 * database (a national tender's million lines never pass through JavaScript objects); their
 * item fields come from here, so both halves write user text and numbers the same way.
 */
export async function* splitCsv(
  split: TenderSplit,
  lineRows: CsvLineRows,
  shareAccounts: ShareAccounts,
  progress?: ProgressReporter,
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(CSV_BOM + csvLine([...CSV_COLUMNS]));
  const names = new Map(split.bodies.map((b) => [b.bodyId, b]));
  const startYear = split.tender.contractStart.slice(0, 4);
  for (const lot of split.lots) {
    const lotName = user(lot.label);
    const items = new Map(
      lot.items.map((item) => [
        item.itemId,
        {
          name: user(item.name),
          cpv: item.cpvCode,
          unit: user(item.unit),
          price: csvUnitPrice(item.unitPrice),
          rate: csvRate(item.vatRateBp),
        },
      ]),
    );
    const rows = lineRows(lot, {
      lot: lotName,
      items,
      billedBy: billedByLabels[split.tender.goodsBilling],
    });
    for await (const { bytes, rows: written } of rows) {
      yield bytes;
      await progress?.add(written);
    }
    let shares = "";
    for (const share of lot.shares) {
      const cost = lot.sharedCosts.find((c) => c.id === share.costId);
      const body = names.get(share.bodyId);
      const accounts = shareAccounts.get(lot.id)?.get(share.bodyId);
      shares += csvLine([
        user(body?.name ?? ""),
        body?.ags ?? "",
        lotName,
        "Gemeinkosten",
        user(cost?.label ?? ""),
        "",
        "",
        "",
        "",
        csvCents(share.netCents),
        csvRate(cost?.vatRateBp ?? 0),
        csvCents(share.vatCents),
        csvCents(share.grossCents),
        user(accounts?.costCentre ?? ""),
        user(accounts?.product ?? ""),
        user(accounts?.ledgerAccount ?? ""),
        startYear,
        billedByLabels.lead,
      ]);
      if (shares.length > 65_536) {
        yield encoder.encode(shares);
        shares = "";
      }
    }
    if (shares) yield encoder.encode(shares);
  }
}

export function csvFileName(split: TenderSplit): string {
  const who =
    split.scope === "all" ? "alle_Koerperschaften" : fileNameSlug(split.bodies[0]?.name ?? "", 40);
  return `Kostenaufteilung_${fileNameSlug(split.tender.referenceNumber, 30)}_${who}.csv`;
}
