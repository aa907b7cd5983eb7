// Reading uploaded XLSX files safely: a zip check before exceljs sees the bytes, and cell readers
// that turn whatever Excel, LibreOffice or a script wrote into a value or a German message.
// Shared by the spreadsheet imports (demand template now, the bidders' price sheets later).
import { inflateRawSync } from "node:zlib";

import ExcelJS from "exceljs";

import { unguardSpreadsheetText } from "~/domain/spreadsheet-text";

/** One problem in an uploaded file, located as precisely as we can. */
export type SpreadsheetProblem = {
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
};

/** "Blatt „Bedarf“, Zeile 12, Spalte „Menge“: „12,5“ ist keine ganze Zahl." */
export function formatProblem(problem: SpreadsheetProblem): string {
  const where = [
    problem.sheet !== undefined ? `Blatt „${problem.sheet}“` : null,
    problem.row !== undefined ? `Zeile ${problem.row}` : null,
    problem.column !== undefined ? `Spalte „${problem.column}“` : null,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(", ")}: ${problem.message}` : problem.message;
}

// A filled template is a few MB unpacked; anything far beyond is a zip bomb or not our file.
export const MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 1_000;

const NOT_XLSX: SpreadsheetProblem = {
  message:
    "Die Datei ist keine Excel-Arbeitsmappe (.xlsx). Bitte speichern Sie die Vorlage im Format „Excel-Arbeitsmappe (*.xlsx)“ und laden Sie sie erneut hoch.",
};
const CORRUPT: SpreadsheetProblem = {
  message:
    "Die Datei ist beschädigt oder unvollständig und lässt sich nicht öffnen. Bitte speichern Sie sie erneut und laden Sie sie noch einmal hoch.",
};
const TOO_BIG_UNPACKED: SpreadsheetProblem = {
  message: "Die Datei ist entpackt zu groß. Bitte verwenden Sie die heruntergeladene Vorlage.",
};

/**
 * Checks that the bytes are a complete zip archive whose entries unpack to a bounded size,
 * before exceljs (which unpacks everything into memory) gets them. The declared sizes are
 * verified by inflating each entry with an output limit, so a lying header cannot help.
 */
export function checkZipArchive(bytes: Uint8Array): SpreadsheetProblem | null {
  // Local file header signature "PK\x03\x04": every XLSX starts with it.
  if (
    bytes.length < 30 ||
    bytes[0] !== 0x50 ||
    bytes[1] !== 0x4b ||
    bytes[2] !== 0x03 ||
    bytes[3] !== 0x04
  ) {
    return NOT_XLSX;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of at most 65,535 bytes at the very end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return CORRUPT;
  const entries = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (entries === 0 || entries > MAX_ZIP_ENTRIES || directoryOffset >= bytes.length) return CORRUPT;

  let total = 0;
  let at = directoryOffset;
  try {
    for (let n = 0; n < entries; n++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return CORRUPT;
      const method = view.getUint16(at + 10, true);
      let compressed = view.getUint32(at + 20, true);
      let uncompressed = view.getUint32(at + 24, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      let localOffset = view.getUint32(at + 42, true);
      if (uncompressed === 0xffffffff || compressed === 0xffffffff || localOffset === 0xffffffff) {
        // ZIP64: the real values sit in the extra field 0x0001, in this order.
        const extraStart = at + 46 + nameLength;
        for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
          const id = view.getUint16(e, true);
          const size = view.getUint16(e + 2, true);
          if (id === 0x0001) {
            let p = e + 4;
            const next = () => {
              const value = Number(view.getBigUint64(p, true));
              p += 8;
              return value;
            };
            if (uncompressed === 0xffffffff) uncompressed = next();
            if (compressed === 0xffffffff) compressed = next();
            if (localOffset === 0xffffffff) localOffset = next();
          }
          e += 4 + size;
        }
      }
      total += uncompressed;
      if (uncompressed > MAX_UNCOMPRESSED_BYTES || total > MAX_UNCOMPRESSED_BYTES) {
        return TOO_BIG_UNPACKED;
      }
      if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== 0x04034b50) {
        return CORRUPT;
      }
      const dataStart =
        localOffset +
        30 +
        view.getUint16(localOffset + 26, true) +
        view.getUint16(localOffset + 28, true);
      if (dataStart + compressed > bytes.length) return CORRUPT;
      const data = bytes.subarray(dataStart, dataStart + compressed);
      if (method === 8) {
        // Throws a RangeError when the entry unpacks to more than it declared.
        const out = inflateRawSync(data, { maxOutputLength: Math.max(1, uncompressed) });
        if (out.length !== uncompressed) return CORRUPT;
      } else if (method === 0) {
        if (compressed !== uncompressed) return CORRUPT;
      } else {
        return CORRUPT;
      }
      at += 46 + nameLength + extraLength + commentLength;
    }
  } catch {
    return CORRUPT;
  }
  return null;
}

/** The workbook, or a German problem for a file that is no readable XLSX. */
export async function loadWorkbook(
  bytes: Uint8Array,
): Promise<{ ok: true; workbook: ExcelJS.Workbook } | { ok: false; problem: SpreadsheetProblem }> {
  const zipProblem = checkZipArchive(bytes);
  if (zipProblem) return { ok: false, problem: zipProblem };
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want its own Buffer interface; a Node Buffer view of the bytes is one.
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer,
    );
  } catch {
    // A zip that is not a workbook (e.g. a .docx or an .ods) or broken XML inside.
    return { ok: false, problem: NOT_XLSX };
  }
  return { ok: true, workbook };
}

const german = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 20, useGrouping: true });

/** A cell's content, reduced to what an import can judge. */
export type CellContent =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "number"; value: number }
  | { kind: "formula"; result: number | string | undefined }
  | { kind: "other"; shown: string };

function plainText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) {
      return (value.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("");
    }
    if ("text" in value && "hyperlink" in value) return plainText(value.text);
  }
  return undefined;
}

export function readCell(cell: ExcelJS.Cell): CellContent {
  const value: unknown = cell.value;
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") return { kind: "number", value };
  const text = plainText(value);
  if (text !== undefined) return text === "" ? { kind: "empty" } : { kind: "text", text };
  if (typeof value === "boolean") return { kind: "other", shown: value ? "WAHR" : "FALSCH" };
  if (value instanceof Date) return { kind: "other", shown: value.toISOString().slice(0, 10) };
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value) {
      const result: unknown = "result" in value ? value.result : undefined;
      const resultText = plainText(result);
      return {
        kind: "formula",
        result: typeof result === "number" ? result : resultText,
      };
    }
    if ("error" in value) return { kind: "other", shown: String(value.error) };
  }
  return { kind: "other", shown: String(value) };
}

/** How a cell's content appears in a message: „12,5“. */
export function shown(content: CellContent): string {
  switch (content.kind) {
    case "empty":
      return "„“";
    case "text":
      return `„${content.text.length > 40 ? `${content.text.slice(0, 40)}…` : content.text}“`;
    case "number":
      return `„${german.format(content.value)}“`;
    case "formula":
      return "eine Formel";
    case "other":
      return `„${content.shown}“`;
  }
}

/**
 * A whole number between `min` and `max`, typed as a number or as German text ("1.000").
 * `null` for an empty cell. A formula counts with its computed value.
 */
export function readWholeNumber(
  cell: ExcelJS.Cell,
  { min, max }: { min: number; max: number },
): { ok: true; value: number | null } | { ok: false; message: string } {
  let content = readCell(cell);
  if (content.kind === "formula") {
    if (typeof content.result === "number") content = { kind: "number", value: content.result };
    else if (content.result === undefined || content.result === "")
      return {
        ok: false,
        message: "enthält eine Formel ohne berechneten Wert. Bitte tragen Sie die Zahl direkt ein.",
      };
    else content = { kind: "text", text: content.result };
  }
  let value: number;
  if (content.kind === "empty") return { ok: true, value: null };
  if (content.kind === "number") {
    value = content.value;
  } else if (content.kind === "text") {
    const text = content.text.replace(/[\s\u00a0\u202f]/g, "");
    if (text === "") return { ok: true, value: null };
    if (/^[+-]?(\d{1,3}(\.\d{3})+|\d+)$/.test(text)) value = Number(text.replace(/\./g, ""));
    else if (/^[+-]?\d[\d.]*,\d+$/.test(text) || /^[+-]?\d+\.\d+$/.test(text))
      return { ok: false, message: `${shown(content)} ist keine ganze Zahl.` };
    else return { ok: false, message: `${shown(content)} ist keine Zahl.` };
  } else {
    return { ok: false, message: `${shown(content)} ist keine Zahl.` };
  }
  const display = shown({ kind: "number", value });
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    return { ok: false, message: `${display} ist keine ganze Zahl.` };
  }
  if (value < min) {
    return {
      ok: false,
      message:
        value < 0
          ? `${display} ist negativ.`
          : `${display} ist zu klein (mindestens ${german.format(min)}).`,
    };
  }
  if (value > max) {
    return { ok: false, message: `${display} ist zu groß (höchstens ${german.format(max)}).` };
  }
  return { ok: true, value };
}

// Control characters PostgreSQL or a later export would choke on; tab and line breaks are text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Text of at most `maxLength` characters, outer spaces removed and our formula guard (a leading
 * apostrophe, see app/domain/spreadsheet-text.ts) undone. Numbers count as their digits (a cost
 * centre typed as 4711); a formula is refused: user text must never be one.
 */
export function readText(
  cell: ExcelJS.Cell,
  { maxLength }: { maxLength: number },
): { ok: true; value: string } | { ok: false; message: string } {
  const content = readCell(cell);
  let text: string;
  switch (content.kind) {
    case "empty":
      return { ok: true, value: "" };
    case "text":
      text = content.text;
      break;
    case "number":
      text = Number.isInteger(content.value) ? content.value.toFixed(0) : String(content.value);
      break;
    case "formula":
      return {
        ok: false,
        message:
          "enthält eine Formel. Bitte geben Sie Text ein; soll er mit „=“ beginnen, setzen Sie ein Hochkomma ' davor.",
      };
    case "other":
      return { ok: false, message: `${shown(content)} ist kein Text.` };
  }
  text = unguardSpreadsheetText(text).trim();
  if (CONTROL.test(text)) return { ok: false, message: "enthält unzulässige Steuerzeichen." };
  if (text.length > maxLength) {
    return {
      ok: false,
      message: `Der Text ist zu lang (${german.format(text.length)} Zeichen, höchstens ${german.format(maxLength)}).`,
    };
  }
  return { ok: true, value: text };
}
