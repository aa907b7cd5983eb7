// Import of a filled demand template (see app/modules/demand/demand-template.server.ts for the layout).
//
// The file is the body's COMPLETE demand: every row with a quantity above 0 is a line, rows with
// an empty quantity or 0 are no line, and stored lines missing from the file are deleted. The
// template comes prefilled with all current lines, so downloading and uploading it unchanged
// changes nothing. Everything is validated first and every problem is reported with sheet, row
// and column; only a file without problems is written, in one transaction (replaceDemandLines).
import { notFound } from "~/kit/http/responses.server";
import type ExcelJS from "exceljs";

import { type DemandFields, lineKey, MAX_QUANTITY, TEXT_LIMITS } from "~/domain/demand";
import { DomainError } from "~/domain/errors";
import { roundPhase } from "~/domain/round-phase";
import {
  columnHeader,
  columnNumber,
  CONTROL_SHEET,
  DEMAND_SHEET,
  findInvitedRound,
  FIRST_DATA_ROW,
  HEADER_ROW,
  MAX_DATA_ROWS,
  TEMPLATE_COLUMNS,
  TEMPLATE_FORMAT_VERSION,
  type TemplateColumnKey,
} from "./demand-template.server";
import { replaceDemandLines } from "./demand.server";
import { listRoundItems } from "./round.server";

import {
  capProblems,
  loadWorkbook,
  type SpreadsheetProblem,
} from "~/kit/spreadsheet/xlsx-reader.server";
import { quoted, readCell, readText, readWholeNumber } from "~/kit/spreadsheet/xlsx-cells.server";

const TEXT_KEYS = ["costCentre", "product", "ledgerAccount", "deliveryAddress", "note"] as const;

export type ParsedDemandUpload =
  { ok: true; lines: DemandFields[] } | { ok: false; problems: SpreadsheetProblem[] };

const USE_TEMPLATE =
  "Bitte laden Sie die Vorlage dieser Bedarfsabfrage herunter und verwenden Sie sie.";

function cellString(cell: ExcelJS.Cell): string {
  const content = readCell(cell);
  if (content.kind === "text") return content.text.trim();
  if (content.kind === "number") return String(content.value);
  if (content.kind === "formula" && content.result !== undefined)
    return String(content.result).trim();
  return "";
}

/**
 * Reads and checks a filled template for `roundId` and `bodyId` against the round's items.
 * No database access: the result is the body's complete demand, or every problem found.
 */
export async function parseDemandUpload({
  bytes,
  roundId,
  bodyId,
  items,
}: {
  bytes: Uint8Array;
  roundId: string;
  bodyId: string;
  items: readonly { id: string; articleNumber: string; name: string }[];
}): Promise<ParsedDemandUpload> {
  const loaded = await loadWorkbook(bytes);
  if (!loaded.ok) return { ok: false, problems: [loaded.problem] };
  const workbook = loaded.workbook;

  const sheet = workbook.getWorksheet(DEMAND_SHEET);
  const control = workbook.getWorksheet(CONTROL_SHEET);
  const missing = [...(sheet ? [] : [DEMAND_SHEET]), ...(control ? [] : [CONTROL_SHEET])].map(
    (name) => ({
      message: `Das Blatt „${name}“ fehlt; die Datei ist keine Bedarfsvorlage von Bündelkauf. ${USE_TEMPLATE}`,
    }),
  );
  if (!sheet || !control) return { ok: false, problems: missing };

  // ── The hidden sheet: the right format, round and body ──
  const at = (row: number) => ({ sheet: CONTROL_SHEET, row, column: "B" });
  const version = cellString(control.getCell("B2"));
  if (version !== String(TEMPLATE_FORMAT_VERSION)) {
    return {
      ok: false,
      problems: [
        { ...at(2), message: `Unbekanntes Vorlagenformat ${quoted(version)}. ${USE_TEMPLATE}` },
      ],
    };
  }
  const fatal: SpreadsheetProblem[] = [];
  if (cellString(control.getCell("B3")) !== roundId) {
    fatal.push({
      ...at(3),
      message: `Die Datei gehört zu einer anderen Bedarfsabfrage. ${USE_TEMPLATE}`,
    });
  }
  if (cellString(control.getCell("B4")) !== bodyId) {
    fatal.push({
      ...at(4),
      message:
        "Die Datei ist die Vorlage einer anderen Körperschaft. Bitte laden Sie die Vorlage Ihrer eigenen Körperschaft herunter.",
    });
  }
  if (fatal.length > 0) return { ok: false, problems: fatal };

  const byCode = new Map(items.map((item) => [item.articleNumber, item]));
  for (let r = 8; r < 8 + MAX_DATA_ROWS; r++) {
    const code = cellString(control.getCell(r, 1));
    if (code === "") break;
    const id = cellString(control.getCell(r, 2));
    if (byCode.get(code.toUpperCase())?.id !== id) {
      return {
        ok: false,
        problems: [
          {
            sheet: CONTROL_SHEET,
            row: r,
            message: `Die Vorlage passt nicht zu den Artikeln dieser Bedarfsabfrage (Artikel-Nr. ${quoted(code)}). ${USE_TEMPLATE}`,
          },
        ],
      };
    }
  }

  // ── Sheet "Bedarf": header and size ──
  const headerProblems: SpreadsheetProblem[] = [];
  TEMPLATE_COLUMNS.forEach((column, i) => {
    const found = cellString(sheet.getCell(HEADER_ROW, i + 1));
    if (found !== column.header) {
      headerProblems.push({
        sheet: DEMAND_SHEET,
        row: HEADER_ROW,
        column: String.fromCharCode(65 + i),
        message: `Hier steht ${quoted(found)} statt der Spaltenüberschrift „${column.header}“. Bitte verschieben, löschen oder ergänzen Sie keine Spalten. ${USE_TEMPLATE}`,
      });
    }
  });
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
  const lastRow = sheet.rowCount;
  if (lastRow - HEADER_ROW > MAX_DATA_ROWS) {
    return {
      ok: false,
      problems: [
        {
          sheet: DEMAND_SHEET,
          message: `Die Tabelle hat ${new Intl.NumberFormat("de-DE").format(lastRow - HEADER_ROW)} Zeilen; höchstens ${new Intl.NumberFormat("de-DE").format(MAX_DATA_ROWS)} sind erlaubt.`,
        },
      ],
    };
  }

  // ── Rows ──
  const problems: SpreadsheetProblem[] = [];
  const lines: DemandFields[] = [];
  const seen = new Map<string, number>();
  for (let r = FIRST_DATA_ROW; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    const cell = (key: TemplateColumnKey) => row.getCell(columnNumber(key));
    const problem = (key: TemplateColumnKey, message: string) =>
      problems.push({ sheet: DEMAND_SHEET, row: r, column: columnHeader(key), message });

    const quantity = readWholeNumber(cell("quantity"), { min: 0, max: MAX_QUANTITY });
    if (quantity.ok && !quantity.value) continue; // empty or 0: no line
    const before = problems.length;
    if (!quantity.ok) problem("quantity", quantity.message);

    const code = cellString(cell("code")).toUpperCase();
    const item = byCode.get(code);
    if (code === "")
      problem("code", "Die Artikel-Nr. fehlt. Bitte tragen Sie sie ein, z. B. A001.");
    else if (!item) problem("code", `${quoted(code)} ist keine Artikel-Nr. dieser Bedarfsabfrage.`);
    const hiddenId = cellString(cell("itemId"));
    if (item && hiddenId !== "" && hiddenId !== item.id) {
      problem(
        "code",
        "Die Artikel-Nr. passt nicht zum Artikel dieser Zeile. Bitte ändern Sie vorhandene Zeilen nicht, sondern tragen Sie neue unten ein.",
      );
    }

    const texts = {} as Record<(typeof TEXT_KEYS)[number], string>;
    for (const key of TEXT_KEYS) {
      const text = readText(cell(key), { maxLength: TEXT_LIMITS[key] });
      if (text.ok) texts[key] = text.value;
      else problem(key, text.message);
    }
    if (problems.length > before || !item || !quantity.ok || !quantity.value) continue;

    const line: DemandFields = { itemId: item.id, quantity: quantity.value, ...texts };
    const key = lineKey(line);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(
        "costCentre",
        `Artikel ${code} mit der Kostenstelle „${line.costCentre || "(leer)"}“ steht schon in Zeile ${earlier}. Bitte fassen Sie die Mengen in einer Zeile zusammen oder geben Sie verschiedene Kostenstellen an.`,
      );
      continue;
    }
    seen.set(key, r);
    lines.push(line);
  }
  return problems.length > 0 ? { ok: false, problems: capProblems(problems) } : { ok: true, lines };
}

export type DemandImportOutcome =
  | { ok: true; created: number; updated: number; deleted: number; unchanged: number }
  | { ok: false; status: 400 | 409; problems: SpreadsheetProblem[] };

/**
 * Imports an uploaded template for the officer's body: checks the round is open for it, parses
 * and validates the whole file, and only then writes it with replaceDemandLines (all or
 * nothing). Throws a 404 response when the body is not invited to this published round.
 */
export async function importDemandUpload({
  roundId,
  actor,
  bytes,
  now = new Date(),
}: {
  roundId: string;
  actor: { userId: string; bodyId: string };
  bytes: Uint8Array;
  now?: Date;
}): Promise<DemandImportOutcome> {
  const round = await findInvitedRound({ roundId, bodyId: actor.bodyId });
  if (!round) throw notFound();
  const phase = roundPhase(round, now);
  if (phase !== "open") {
    return {
      ok: false,
      status: 409,
      problems: [
        {
          message:
            phase === "scheduled"
              ? "Die Bedarfsabfrage hat noch nicht begonnen."
              : "Die Frist dieser Bedarfsabfrage ist abgelaufen; Änderungen sind nicht mehr möglich.",
        },
      ],
    };
  }
  const items = await listRoundItems({ roundId });
  const parsed = await parseDemandUpload({ bytes, roundId, bodyId: actor.bodyId, items });
  if (!parsed.ok) return { ok: false, status: 400, problems: parsed.problems };
  try {
    const saved = await replaceDemandLines({ roundId, actor, incoming: parsed.lines, now });
    if (!saved.ok) {
      return {
        ok: false,
        status: 409,
        problems: saved.conflicts.map((conflict) => ({ message: conflict.message })),
      };
    }
    return saved;
  } catch (error) {
    if (error instanceof DomainError) {
      return { ok: false, status: 409, problems: [{ message: error.message }] };
    }
    throw error;
  }
}
