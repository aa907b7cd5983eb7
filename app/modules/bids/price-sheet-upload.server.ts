// Import of a bidder's filled price sheet (layout: app/modules/publication/price-sheet.server.ts) as bids.
//
// The whole file is checked first and every problem is reported with sheet, row and column:
// a sheet of another tender, a changed hidden sheet, changed protected cells (items, units,
// quantities, bands), missing, non-numeric, negative or over-precise prices, prices that rise
// with the band, a missing bidder name. Only a file without any problem is written, all lots in
// one transaction (recordBidsFromUpload). A lot whose prices are all empty is no bid.
import { notFound } from "~/kit/http/responses.server";
import type ExcelJS from "exceljs";

import { DomainError } from "~/domain/errors";
import { formatUnitPrice, parseUnitPrice } from "~/domain/money";
import { unguardSpreadsheetText } from "~/domain/spreadsheet-text";
import {
  bandText,
  BIDDER_ADDRESS_CELL,
  BIDDER_NAME_CELL,
  columnLetter,
  CONTROL_HEADER_ROW,
  CONTROL_SHEET,
  COVER_SHEET,
  HEADER_ROW,
  LOT_COLUMNS,
  lotColumn,
  lotColumnHeader,
  type LotColumnKey,
  PRICE_SHEET_FORMAT_VERSION,
  priceSheetLayout,
} from "~/modules/publication/index.server";
import {
  BIDDER_ADDRESS_MAX,
  BIDDER_NAME_MAX,
  type BidPriceInput,
  MAX_UNIT_PRICE,
} from "./bid-rules.server";
import { recordBidsFromUpload } from "./bid.server";
import { getPublishedTenderForLead, listTenderLots, type TenderLot } from "./tender-lots.server";
import { formatDeadline } from "~/kit/dates";

import {
  capProblems,
  loadWorkbook,
  type SpreadsheetProblem,
} from "~/kit/spreadsheet/xlsx-reader.server";
import {
  MAX_NUMBER_TEXT,
  quoted,
  readCell,
  readText,
  shown,
} from "~/kit/spreadsheet/xlsx-cells.server";

/** Rows below the last price row that are still looked at for stray entries. */
const TRAILING_ROWS_CHECKED = 1_000;

const USE_SHEET = "Bitte verwenden Sie das unveränderte Preisblatt dieser Ausschreibung.";

export type ParsedPriceSheet =
  | {
      ok: true;
      bidderName: string;
      bidderAddress: string;
      lots: { lotId: string; prices: BidPriceInput[] }[];
    }
  | { ok: false; problems: SpreadsheetProblem[] };

/** A cell's content as plain text for comparisons (our formula guard undone). */
function cellString(cell: ExcelJS.Cell): string {
  const content = readCell(cell);
  if (content.kind === "text") return unguardSpreadsheetText(content.text).trim();
  if (content.kind === "number") return String(content.value);
  if (content.kind === "formula" && content.result !== undefined)
    return String(content.result).trim();
  if (content.kind === "other") return content.shown;
  return "";
}

/**
 * A number as Excel stored it → exact 1/10,000 EUR. JavaScript's shortest round-trip text of
 * the double ("3.95", "1e-7") is read digit by digit: no floating-point arithmetic on money.
 */
export function euroNumberToTenThousandths(
  value: number,
): { ok: true; value: number } | { ok: false; message: string } {
  const display = shown({ kind: "number", value });
  if (!Number.isFinite(value)) return { ok: false, message: `${display} ist keine Zahl.` };
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(value));
  if (!m) return { ok: false, message: `${display} ist keine Zahl.` };
  const fraction = m[3] ?? "";
  const digits = BigInt(`${m[2]}${fraction}`);
  const shift = Number(m[4] ?? "0") - fraction.length + 4;
  let scaled: bigint;
  if (shift >= 0) {
    scaled = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) {
      return { ok: false, message: `${display} hat mehr als vier Nachkommastellen.` };
    }
    scaled = digits / divisor;
  }
  if (m[1] === "-" && scaled !== 0n) {
    return { ok: false, message: `${display} ist negativ; ein Preis darf nicht negativ sein.` };
  }
  if (scaled > BigInt(MAX_UNIT_PRICE)) {
    return {
      ok: false,
      message: `${display} ist zu hoch (höchstens ${formatUnitPrice(MAX_UNIT_PRICE)}).`,
    };
  }
  return { ok: true, value: Number(scaled) };
}

/** A unit price typed as a number or as German text ("3,95", "3,95 €"); null when empty. */
export function readUnitPrice(
  cell: ExcelJS.Cell,
): { ok: true; value: number | null } | { ok: false; message: string } {
  const content = readCell(cell);
  switch (content.kind) {
    case "empty":
      return { ok: true, value: null };
    case "number":
      return euroNumberToTenThousandths(content.value);
    case "formula":
      if (typeof content.result === "number") return euroNumberToTenThousandths(content.result);
      return {
        ok: false,
        message:
          "enthält eine Formel ohne Zahl als Ergebnis. Bitte tragen Sie den Preis direkt als Zahl ein.",
      };
    case "text": {
      const text = content.text.replace(/[\u00a0\u202f]/g, " ").trim();
      if (text === "") return { ok: true, value: null };
      if (text.length > MAX_NUMBER_TEXT) {
        return { ok: false, message: `${shown(content)} ist keine Zahl.` };
      }
      if (/^[-−]/.test(text)) {
        return {
          ok: false,
          message: `${shown(content)} ist negativ; ein Preis darf nicht negativ sein.`,
        };
      }
      if (!/^[\d.,\s]+(?:€|EUR)?$/i.test(text)) {
        return {
          ok: false,
          message: `${shown(content)} ist keine Zahl. Bitte geben Sie den Preis als Zahl ein, z. B. 3,95.`,
        };
      }
      try {
        const value = parseUnitPrice(text, "Der Preis");
        if (value > MAX_UNIT_PRICE) {
          return {
            ok: false,
            message: `${shown(content)} ist zu hoch (höchstens ${formatUnitPrice(MAX_UNIT_PRICE)}).`,
          };
        }
        return { ok: true, value };
      } catch (error) {
        if (error instanceof DomainError) return { ok: false, message: error.message };
        throw error;
      }
    }
    case "other":
      return { ok: false, message: `${shown(content)} ist keine Zahl.` };
  }
}

function columnLabel(key: LotColumnKey): string {
  return `${columnLetter(lotColumn(key))} (${lotColumnHeader(key)})`;
}

/**
 * Reads and checks a filled price sheet for `tender` against its lots. No database access: the
 * result is the bidder and its prices per lot, or every problem found.
 */
export async function parsePriceSheetUpload({
  bytes,
  tender,
  lots,
}: {
  bytes: Uint8Array;
  tender: { id: string; referenceNumber: string };
  lots: readonly TenderLot[];
}): Promise<ParsedPriceSheet> {
  const loaded = await loadWorkbook(bytes);
  if (!loaded.ok) return { ok: false, problems: [loaded.problem] };
  const workbook = loaded.workbook;

  const cover = workbook.getWorksheet(COVER_SHEET);
  const control = workbook.getWorksheet(CONTROL_SHEET);
  if (!cover || !control) {
    return {
      ok: false,
      problems: [COVER_SHEET, CONTROL_SHEET]
        .filter((name) => !workbook.getWorksheet(name))
        .map((name) => ({
          message: `Das Blatt „${name}“ fehlt; die Datei ist kein Preisblatt von Bündelkauf. ${USE_SHEET}`,
        })),
    };
  }

  // ── The hidden sheet: format, tender, and the exact lots, items and bands ──
  const version = cellString(control.getCell("B2"));
  if (version !== String(PRICE_SHEET_FORMAT_VERSION)) {
    return {
      ok: false,
      problems: [
        {
          sheet: CONTROL_SHEET,
          row: 2,
          column: "B",
          message: `Unbekanntes Format ${quoted(version)}. ${USE_SHEET}`,
        },
      ],
    };
  }
  if (cellString(control.getCell("B3")) !== tender.id) {
    const reference = cellString(control.getCell("B4"));
    return {
      ok: false,
      problems: [
        {
          sheet: CONTROL_SHEET,
          row: 3,
          column: "B",
          message: `Die Datei ist das Preisblatt einer anderen Ausschreibung${reference ? ` (Vergabenummer ${quoted(reference)})` : ""}, nicht der Ausschreibung ${tender.referenceNumber}. ${USE_SHEET}`,
        },
      ],
    };
  }
  const layout = priceSheetLayout(lots);
  const expected = layout.flatMap(({ name, lot, rows }) =>
    rows.map((r) => [
      name,
      String(r.row),
      lot.id,
      r.item.itemId,
      String(r.bandIndex),
      String(r.minQty),
    ]),
  );
  for (let i = 0; i <= expected.length; i++) {
    const r = CONTROL_HEADER_ROW + 1 + i;
    const found = [1, 2, 3, 4, 5, 6].map((c) => cellString(control.getCell(r, c)));
    const want = expected[i] ?? ["", "", "", "", "", ""];
    if (found.some((value, c) => value !== want[c])) {
      return {
        ok: false,
        problems: [
          {
            sheet: CONTROL_SHEET,
            row: r,
            message: `Die Steuerdaten passen nicht zu den Losen, Artikeln und Staffeln dieser Ausschreibung. ${USE_SHEET}`,
          },
        ],
      };
    }
  }

  const problems: SpreadsheetProblem[] = [];
  const result: { lotId: string; prices: BidPriceInput[] }[] = [];

  // ── Lot sheets ──
  for (const { name, lot, rows } of layout) {
    const sheet = workbook.getWorksheet(name);
    if (!sheet) {
      problems.push({ message: `Das Blatt „${name}“ (${lot.title}) fehlt. ${USE_SHEET}` });
      continue;
    }
    const before = problems.length;
    LOT_COLUMNS.forEach((column, i) => {
      const found = cellString(sheet.getCell(HEADER_ROW, i + 1));
      if (found !== column.header) {
        problems.push({
          sheet: name,
          row: HEADER_ROW,
          column: columnLetter(i + 1),
          message: `Hier steht ${quoted(found)} statt der Spaltenüberschrift „${column.header}“. Bitte verschieben, löschen oder ergänzen Sie keine Spalten. ${USE_SHEET}`,
        });
      }
    });
    if (problems.length > before) continue;

    // Protected cells: what the bidder priced must be what the tender asks for.
    for (const r of rows) {
      const row = sheet.getRow(r.row);
      const want: [LotColumnKey, string][] = [
        ["position", String(r.position)],
        ["article", r.item.articleNumber],
        ["name", r.item.name.trim()],
        ["unit", r.item.unit.trim()],
        ["cpv", r.item.cpvCode],
        ["quantity", String(r.item.bundledQuantity)],
        ["band", bandText(r.minQty)],
      ];
      for (const [key, value] of want) {
        const found = cellString(row.getCell(lotColumn(key)));
        if (found !== value) {
          problems.push({
            sheet: name,
            row: r.row,
            column: columnLabel(key),
            message: `Hier steht ${quoted(found)} statt „${key === "quantity" ? new Intl.NumberFormat("de-DE").format(r.item.bundledQuantity) : value}“. Geschützte Zellen dürfen nicht verändert werden. ${USE_SHEET}`,
          });
        }
      }
    }
    const lastRow = rows.at(-1)?.row ?? HEADER_ROW;
    if (sheet.rowCount > lastRow + TRAILING_ROWS_CHECKED) {
      problems.push({ sheet: name, message: `Das Blatt hat zu viele Zeilen. ${USE_SHEET}` });
      continue;
    }
    for (let r = lastRow + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      for (let c = 1; c <= LOT_COLUMNS.length; c++) {
        if (readCell(row.getCell(c)).kind !== "empty") {
          problems.push({
            sheet: name,
            row: r,
            column: columnLetter(c),
            message:
              "Diese Zeile gehört nicht zum Preisblatt. Bitte tragen Sie nur in die gelben Felder etwas ein.",
          });
          break;
        }
      }
    }

    // Prices: all empty = no bid for this lot; otherwise every one, valid and not rising.
    const priceColumn = columnLabel("price");
    const read = rows.map((r) => ({
      r,
      price: readUnitPrice(sheet.getRow(r.row).getCell(lotColumn("price"))),
    }));
    if (read.every(({ price }) => price.ok && price.value === null)) continue;
    const prices: BidPriceInput[] = [];
    const lastByItem = new Map<string, { value: number; minQty: number }>();
    for (const { r, price } of read) {
      const at = { sheet: name, row: r.row, column: priceColumn };
      if (r.bandIndex === 0) lastByItem.delete(r.item.itemId);
      if (!price.ok) {
        problems.push({ ...at, message: price.message });
        lastByItem.delete(r.item.itemId);
        continue;
      }
      if (price.value === null) {
        problems.push({
          ...at,
          message: `Der Preis für „${r.item.name}“ ${bandText(r.minQty)} fehlt. Bieten Sie für dieses Los an, braucht jede Staffel einen Preis.`,
        });
        lastByItem.delete(r.item.itemId);
        continue;
      }
      const previous = lastByItem.get(r.item.itemId);
      if (previous && price.value > previous.value) {
        problems.push({
          ...at,
          message: `Der Preis ${formatUnitPrice(price.value)} ist höher als in der Staffel davor (${bandText(previous.minQty)}: ${formatUnitPrice(previous.value)}). Staffelpreise dürfen mit der Menge nicht steigen.`,
        });
      }
      lastByItem.set(r.item.itemId, { value: price.value, minQty: r.minQty });
      prices.push({ itemId: r.item.itemId, bandIndex: r.bandIndex, unitPrice: price.value });
    }
    result.push({ lotId: lot.id, prices });
  }

  // ── Cover: the bidder ──
  const at = (cell: { row: number; column: number }, label: string) => ({
    sheet: COVER_SHEET,
    row: cell.row,
    column: `${columnLetter(cell.column)} (${label})`,
  });
  const name = readText(cover.getCell(BIDDER_NAME_CELL.row, BIDDER_NAME_CELL.column), {
    maxLength: BIDDER_NAME_MAX,
  });
  if (!name.ok)
    problems.push({ ...at(BIDDER_NAME_CELL, "Name des Bieters"), message: name.message });
  else if (name.value === "") {
    problems.push({
      ...at(BIDDER_NAME_CELL, "Name des Bieters"),
      message: "Der Name des Bieters fehlt.",
    });
  }
  const address = readText(cover.getCell(BIDDER_ADDRESS_CELL.row, BIDDER_ADDRESS_CELL.column), {
    maxLength: BIDDER_ADDRESS_MAX,
  });
  if (!address.ok)
    problems.push({
      ...at(BIDDER_ADDRESS_CELL, "Anschrift des Bieters"),
      message: address.message,
    });

  if (problems.length === 0 && result.length === 0) {
    problems.push({
      message:
        "Das Preisblatt enthält keine Preise. Bitte tragen Sie die Preise mindestens eines Loses ein.",
    });
  }
  if (problems.length > 0 || !name.ok || !address.ok)
    return { ok: false, problems: capProblems(problems) };
  return { ok: true, bidderName: name.value, bidderAddress: address.value, lots: result };
}

export type PriceSheetImportOutcome =
  | { ok: true; bidderName: string; bids: { lotId: string; bidId: string }[] }
  | { ok: false; status: 400 | 409; problems: SpreadsheetProblem[] };

/**
 * Imports a filled price sheet as bids of the lead's tender: checks the deadline, parses and
 * validates the whole file, and only then writes all its lots in one transaction. Throws a 404
 * response when `actor`'s body does not lead this published tender.
 */
export async function importPriceSheetUpload({
  tenderId,
  actor,
  bytes,
  fileName,
  now = new Date(),
}: {
  tenderId: string;
  actor: { userId: string; bodyId: string };
  bytes: Uint8Array;
  fileName?: string;
  now?: Date;
}): Promise<PriceSheetImportOutcome> {
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId: actor.bodyId });
  if (!tender) throw notFound();
  if (now.getTime() < tender.submissionDeadline.getTime()) {
    return {
      ok: false,
      status: 409,
      problems: [
        {
          message: `Angebote können erst nach Ablauf der Angebotsfrist (${formatDeadline(tender.submissionDeadline)}) erfasst werden.`,
        },
      ],
    };
  }
  const lots = await listTenderLots({ tenderId });
  const parsed = await parsePriceSheetUpload({ bytes, tender, lots });
  if (!parsed.ok) return { ok: false, status: 400, problems: parsed.problems };
  try {
    const saved = await recordBidsFromUpload({
      tenderId,
      leadBodyId: actor.bodyId,
      actorUserId: actor.userId,
      bidderName: parsed.bidderName,
      bidderAddress: parsed.bidderAddress,
      lots: parsed.lots,
      fileName,
      now,
    });
    return { ok: true, bidderName: parsed.bidderName, bids: saved.bids };
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false, status: 409, problems: [{ message: error.message }] };
    throw error;
  }
}
