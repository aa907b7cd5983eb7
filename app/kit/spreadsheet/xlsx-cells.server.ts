// Cell readers for uploaded workbooks: whatever Excel, LibreOffice or a script wrote in a cell,
// turned into a value or a German message. The bytes themselves are checked before exceljs
// sees them, in xlsx-reader.server.ts.
import ExcelJS from "exceljs";

import { unguardSpreadsheetText } from "~/domain/spreadsheet-text";

const german = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 20, useGrouping: true });

/** Numbers typed as text longer than this are not read (a price like 1.234.567,1234 € is 16). */
export const MAX_NUMBER_TEXT = 40;

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
  // A formula by its type, with the result from the model: exceljs's `value` drops a result
  // that is 0, "" or false, and gives a shared formula whose master is missing neither
  // `formula` nor `sharedFormula`.
  if (cell.type === ExcelJS.ValueType.Formula) {
    const result = contentOf((cell.model as { result?: unknown }).result);
    return {
      kind: "formula",
      result:
        result.kind === "number"
          ? result.value
          : result.kind === "text"
            ? result.text
            : result.kind === "other"
              ? result.shown
              : undefined,
    };
  }
  return contentOf(cell.value);
}

function contentOf(value: unknown): CellContent {
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") return { kind: "number", value };
  const text = plainText(value);
  if (text !== undefined) return text === "" ? { kind: "empty" } : { kind: "text", text };
  if (typeof value === "boolean") return { kind: "other", shown: value ? "WAHR" : "FALSCH" };
  if (value instanceof Date) return { kind: "other", shown: value.toISOString().slice(0, 10) };
  if (typeof value === "object" && "error" in value) {
    return { kind: "other", shown: String(value.error) };
  }
  return {
    kind: "other",
    shown: typeof value === "object" ? "(unbekannter Inhalt)" : String(value),
  };
}

/**
 * Text from a file as it appears in a message: „…“, cut after 40 characters, control characters
 * as spaces. A message never repeats a whole cell: it may hold megabytes.
 */
export function quoted(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  // eslint-disable-next-line no-control-regex
  return `„${cut.replace(/[\u0000-\u001f\u007f]/g, " ")}“`;
}

/** How a cell's content appears in a message: „12,5“. */
export function shown(content: CellContent): string {
  switch (content.kind) {
    case "empty":
      return "„“";
    case "text":
      return quoted(content.text);
    case "number":
      return `„${german.format(content.value)}“`;
    case "formula":
      return "eine Formel";
    case "other":
      return quoted(content.shown);
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
    // Longer than any number we accept (100.000.000 is 11 characters): no need to read it.
    if (text.length > MAX_NUMBER_TEXT)
      return { ok: false, message: `${shown(content)} ist keine Zahl.` };
    if (/^[+-]?(\d{1,3}(\.\d{3})+|\d+)$/.test(text)) value = Number(text.replace(/\./g, ""));
    else if (/^[+-]?\d[\d.]*,\d+$/.test(text) || /^[+-]?\d+\.\d+$/.test(text))
      return { ok: false, message: `${shown(content)} ist keine ganze Zahl.` };
    else return { ok: false, message: `${shown(content)} ist keine Zahl.` };
  } else {
    return { ok: false, message: `${shown(content)} ist keine Zahl.` };
  }
  const display = shown({ kind: "number", value });
  // NaN and ±Infinity: exceljs reads <v>NaN</v> or <v>1e999</v> as such.
  if (!Number.isFinite(value)) return { ok: false, message: `${display} ist keine Zahl.` };
  if (!Number.isInteger(value)) {
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
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

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
      if (!Number.isFinite(content.value)) {
        return { ok: false, message: `${shown(content)} ist keine gültige Zahl.` };
      }
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
  // exceljs decodes Excel's escapes (_xD800_) into half a surrogate pair, which is no character:
  // PostgreSQL refuses it in JSON (the audit trail) and would store U+FFFD as text.
  if (LONE_SURROGATE.test(text)) return { ok: false, message: "enthält ungültige Zeichen." };
  if (text.length > maxLength) {
    return {
      ok: false,
      message: `Der Text ist zu lang (${german.format(text.length)} Zeichen, höchstens ${german.format(maxLength)}).`,
    };
  }
  return { ok: true, value: text };
}
