// Reading uploaded XLSX files safely: a strict unpack and a clean copy before exceljs sees the
// bytes (prepareWorkbookBytes); the cell readers are in xlsx-cells.server.ts. Shared by the
// spreadsheet imports (the demand template and the bidders' price sheets).
import ExcelJS from "exceljs";

import { quoted } from "./xlsx-cells.server";
import { looksLikeZip, readZip, writeStoredZip } from "./zip.server";

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
    problem.sheet !== undefined ? `Blatt ${quoted(problem.sheet)}` : null,
    problem.row !== undefined ? `Zeile ${problem.row}` : null,
    problem.column !== undefined ? `Spalte „${problem.column}“` : null,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(", ")}: ${problem.message}` : problem.message;
}

const integer = new Intl.NumberFormat("de-DE");

/** More problems than this are summarised in one last line: nobody reads 10,000 messages. */
export const MAX_PROBLEMS = 100;

/** The first MAX_PROBLEMS problems of an upload, and a line saying how many more there are. */
export function capProblems(problems: SpreadsheetProblem[]): SpreadsheetProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    {
      message: `… und ${integer.format(problems.length - MAX_PROBLEMS)} weitere Probleme. Bitte beheben Sie zuerst die genannten.`,
    },
  ];
}

/**
 * What an uploaded workbook may contain. A filled demand template at its 10,000 rows has
 * 130,000 cells and unpacks to about 5 MB; a price sheet of 5,000 prices has 5,000 rows on its
 * lot sheets and as many on the hidden one. The limits leave room for files that Excel or
 * LibreOffice saved again, and keep an upload to a few seconds and a few hundred MB of memory:
 * exceljs holds the whole workbook (650,000 cells took 6 s and 1.3 GB).
 */
export const WORKBOOK_LIMITS = {
  maxEntries: 1_000,
  /** all parts of the archive, unpacked, together */
  maxUnpackedBytes: 20 * 1024 * 1024,
  /** any one of those parts except sheets and shared strings (styles, relationships, workbook) */
  maxSmallPartBytes: 4 * 1024 * 1024,
  /** `<c>` elements in all sheets together, and shared strings */
  maxCells: 200_000,
  /** `<row>` elements in all sheets together */
  maxRows: 50_000,
} as const;

const USE_ORIGINAL = "Bitte laden Sie die heruntergeladene Vorlage ausgefüllt hoch.";
const NOT_XLSX: SpreadsheetProblem = {
  message:
    "Die Datei ist keine Excel-Arbeitsmappe (.xlsx). Bitte speichern Sie die Vorlage im Format „Excel-Arbeitsmappe (*.xlsx)“ und laden Sie sie erneut hoch.",
};
const CORRUPT: SpreadsheetProblem = {
  message:
    "Die Datei ist beschädigt oder unvollständig und lässt sich nicht öffnen. Bitte speichern Sie sie erneut und laden Sie sie noch einmal hoch.",
};

/** A file that is not a zip archive: what it looks like instead, for a message that says so. */
function notAZip(bytes: Uint8Array): SpreadsheetProblem {
  const startsWith = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  const saveAs = "im Format „Excel-Arbeitsmappe (*.xlsx)“ und laden Sie sie erneut hoch.";
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return {
      message: `Die Datei ist eine Excel-Datei im alten Format (.xls) oder mit einem Kennwort geschützt. Bitte speichern Sie sie ohne Kennwort ${saveAs}`,
    };
  }
  const kind = startsWith(0x25, 0x50, 0x44, 0x46)
    ? "ein PDF-Dokument"
    : startsWith(0x89, 0x50, 0x4e, 0x47) ||
        startsWith(0xff, 0xd8, 0xff) ||
        startsWith(0x47, 0x49, 0x46, 0x38)
      ? "ein Bild"
      : startsWith(0x50, 0x4b)
        ? null // "PK" without a file header: an empty or split archive
        : looksLikeText(bytes)
          ? "eine Textdatei (etwa CSV)"
          : null;
  if (kind === null) return startsWith(0x50, 0x4b) ? CORRUPT : NOT_XLSX;
  return {
    message: `Die Datei ist ${kind}, keine Excel-Arbeitsmappe (.xlsx). Bitte speichern Sie die ausgefüllte Vorlage ${saveAs}`,
  };
}

/** UTF-16 (with a byte order mark) or mostly printable UTF-8/Latin-1 in the first kilobytes. */
function looksLikeText(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return true;
  }
  const head = bytes.subarray(0, 4096);
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || b >= 32) printable++;
  return head.length > 0 && printable / head.length > 0.95;
}

// The parts of an XLSX that exceljs needs for cell values; everything else (drawings, media,
// comments, tables, themes, properties, printer settings, macros) is left packed.
const KEPT_PART =
  /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/sheet\d+\.xml)$/;
const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

// Sheet elements the import never reads, some of which exceljs expands cell by cell on loading
// (a data validation or a merge over A1:XFD1048576 is 17 billion cells from 60 bytes), or which
// point into parts we do not keep (hyperlinks, drawings, tables).
const SHEET_DECORATION = [
  "cols",
  "mergeCells",
  "dataValidations",
  "hyperlinks",
  "conditionalFormatting",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "picture",
  "tableParts",
  "extLst",
];
// Named ranges: exceljs expands every range of a defined name into its cells.
const WORKBOOK_DECORATION = ["definedNames", "extLst"];

/**
 * `xml` without the elements named (each with everything inside it), or null when one of them
 * is not closed. Linear: every search starts where the previous one ended, and a missing end
 * stops at once. Safe because the parts contain no `<!` (checked before): outside CDATA and
 * comments, a `<` in XML always starts markup.
 */
function stripElements(xml: string, names: readonly string[]): string | null {
  const open = new RegExp(`<(${names.join("|")})(?=[\\s/>])`, "g");
  let out = "";
  let from = 0;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const name = m[1]!;
    const tagEnd = xml.indexOf(">", m.index);
    if (tagEnd < 0) return null;
    let end = tagEnd + 1;
    if (xml[tagEnd - 1] !== "/") {
      const close = xml.indexOf(`</${name}>`, tagEnd);
      if (close < 0) return null;
      end = close + name.length + 3;
    }
    out += xml.slice(from, m.index);
    from = end;
    open.lastIndex = end;
  }
  return out + xml.slice(from);
}

function countTags(xml: string, name: string): number {
  const tag = new RegExp(`<${name}(?=[\\s/>])`, "g");
  let n = 0;
  while (tag.exec(xml)) n++;
  return n;
}

const attributePatterns = new Map<string, RegExp>();
function attribute(tag: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\s${name}\\s*=\\s*(["'])(.*?)\\1`);
    attributePatterns.set(name, pattern);
  }
  return pattern.exec(tag)?.[2];
}

/** Worksheet part → sheet name ("xl/worksheets/sheet2.xml" → "Los 1"), as far as it resolves. */
function sheetNames(workbook: string, rels: string | undefined): Map<string, string> {
  const targets = new Map<string, string>();
  for (const tag of rels?.match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, "Id");
    const target = attribute(tag, "Target");
    if (id && target) targets.set(id, `xl/${target.replace(/^\/?xl\//, "")}`);
  }
  const names = new Map<string, string>();
  for (const tag of workbook.match(/<sheet\b[^>]*>/g) ?? []) {
    const name = attribute(tag, "name");
    const part = targets.get(attribute(tag, "r:id") ?? "");
    if (name && part) names.set(part, name);
  }
  return names;
}

// What a number in <v> may look like (one way to match each digit: no backtracking on long
// input). NaN and INF are let through: exceljs reads them as such and the cell readers refuse
// them with row and column.
const NUMBER_VALUE =
  /^\s*(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|-?INF|-?Infinity|NaN)\s*$/;
/** Excel writes at most 17 significant digits and an exponent. */
const MAX_NUMBER_VALUE_LENGTH = 64;

const MAX_ROW = 1_048_576;
const CELL_TYPES = new Set(["n", "s", "str", "inlineStr", "b", "e", "d"]);
const MAX_COLUMN = 16_384;
const CELL_REF = /^([A-Z]{1,3})([1-9]\d{0,6})$/;

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

// The elements Excel and LibreOffice write inside <sheetData> and the shared strings. exceljs
// silently drops a cell's text when it meets any other element there (an XInclude, a foreign
// namespace), so anything else is refused rather than misread.
const CELL_ELEMENTS = new Set(
  "sheetData row c f v is si sst t r rPr rPh phoneticPr b i u strike color sz rFont family charset scheme vertAlign outline shadow condense extend extLst ext".split(
    " ",
  ),
);

/** The first element in xml[from, to) that is not a cell element, or null. */
function unknownElement(xml: string, from: number, to: number): string | null {
  const tag = /<([A-Za-z_][\w.:-]*)/g;
  tag.lastIndex = from;
  for (let m = tag.exec(xml); m && m.index < to; m = tag.exec(xml)) {
    if (!CELL_ELEMENTS.has(m[1]!)) return m[1]!;
  }
  return null;
}

function unknownElementProblem(name: string): { message: string } {
  return {
    message: `Die Datei enthält in den Zellen das Element ${quoted(`<${name}>`)}, das Excel dort nicht schreibt; ${BROKEN}`,
  };
}

function misreadProblem(ref: string, stored: string): { message: string } {
  return {
    message: `Die Zelle ${quoted(ref)} enthält den gespeicherten Wert ${quoted(stored)}, den Excel so nicht schreibt; ${BROKEN}`,
  };
}

/** Why the sheet cannot be read as it stands, as a German sentence; null when it can. */
type SheetFault = { message: string } | "unclosed";

const BROKEN =
  "die Datei ist beschädigt. Bitte öffnen Sie sie in Excel, speichern Sie sie erneut und laden Sie sie noch einmal hoch.";

/**
 * Checks what exceljs would misread without a word: an element it does not know among the
 * cells (it drops the cell's text); a row or cell outside the grid, without an address, in
 * another row than its element, twice or out of order (exceljs drops, moves or overwrites them
 * where Excel shows them); several values in one cell (joined); a number it would parseFloat
 * ("12abc" → 12); a shared string it would not find (a number or a crash). Linear: one pass,
 * each element's end searched from its start, a missing end stops at once.
 */
function findSheetFault(
  xml: string,
  { sharedStrings, cells }: { sharedStrings: number; cells: number },
): SheetFault | null {
  const data = xml.indexOf("<sheetData");
  const stray = data < 0 ? null : unknownElement(xml, data, xml.indexOf("</sheetData>", data));
  if (stray) return unknownElementProblem(stray);
  const rowOpen = /<row(?=[\s/>])/g;
  const cellOpen = /<c(?=[\s/>])/g;
  let cellsInRows = 0;
  let previousRow = 0;
  for (let row = rowOpen.exec(xml); row; row = rowOpen.exec(xml)) {
    const rowTagEnd = xml.indexOf(">", row.index);
    if (rowTagEnd < 0) return "unclosed";
    const r = attribute(xml.slice(row.index, rowTagEnd), "r") ?? "";
    const rowNumber = /^[1-9]\d{0,6}$/.test(r) ? Number(r) : 0;
    if (rowNumber < 1 || rowNumber > MAX_ROW) {
      return { message: `Die Zeile ${quoted(r)} gibt es in einer Excel-Tabelle nicht; ${BROKEN}` };
    }
    // Excel writes rows and cells in ascending order; exceljs keeps only the last of two
    // elements with the same number, so the first would vanish without a word.
    if (rowNumber <= previousRow) {
      return {
        message: `Die Zeile ${integer.format(rowNumber)} steht doppelt oder außer der Reihe in einem Tabellenblatt; ${BROKEN}`,
      };
    }
    previousRow = rowNumber;
    if (xml[rowTagEnd - 1] === "/") continue;
    const rowEnd = xml.indexOf("</row>", rowTagEnd);
    if (rowEnd < 0) return "unclosed";
    rowOpen.lastIndex = rowEnd;
    cellOpen.lastIndex = rowTagEnd;
    let previousColumn = 0;
    for (let c = cellOpen.exec(xml); c && c.index < rowEnd; c = cellOpen.exec(xml)) {
      cellsInRows++;
      const tagEnd = xml.indexOf(">", c.index);
      const tag = xml.slice(c.index, tagEnd);
      const ref = attribute(tag, "r") ?? "";
      const address = CELL_REF.exec(ref);
      const column = address ? columnIndex(address[1]!) : 0;
      if (!address || column > MAX_COLUMN || Number(address[2]) !== rowNumber) {
        return {
          message: `Die Zelle ${quoted(ref)} in Zeile ${integer.format(rowNumber)} gibt es in einer Excel-Tabelle nicht; ${BROKEN}`,
        };
      }
      if (column <= previousColumn) {
        return {
          message: `Die Zelle ${quoted(ref)} steht doppelt oder außer der Reihe in ihrer Zeile; ${BROKEN}`,
        };
      }
      previousColumn = column;
      if (xml[tagEnd - 1] === "/") continue;
      const close = xml.indexOf("</c>", tagEnd);
      if (close < 0 || close > rowEnd) return "unclosed";
      cellOpen.lastIndex = close;
      const body = xml.slice(tagEnd + 1, close);
      // exceljs joins the text of every <v> (and <t>) of a cell: "<v>1</v><v>2</v>" is 12.
      const values = body.match(/<v(?=[\s/>])/g)?.length ?? 0;
      const v = /<v(?:\s[^>]*)?>([^<]*)<\/v>/.exec(body)?.[1];
      if (values > 1) return misreadProblem(ref, body);
      if (v === undefined) continue;
      const type = attribute(tag, "t") ?? "n";
      const formula = body.includes("<f");
      // exceljs reads every type it does not know as a number, also ISO dates (t="d"):
      // "2024-01-01" would become 2024.
      const numeric = formula
        ? !["str", "b", "e"].includes(type)
        : !["s", "str", "inlineStr", "b", "e"].includes(type);
      const misread =
        !CELL_TYPES.has(type) ||
        (numeric && (v.length > MAX_NUMBER_VALUE_LENGTH || !NUMBER_VALUE.test(v))) ||
        (!formula && type === "s" && !(/^\d+$/.test(v) && Number(v) < sharedStrings));
      if (misread) return misreadProblem(ref, v);
    }
  }
  // A cell outside every row: exceljs would drop it.
  return cells === cellsInRows ? null : "unclosed";
}

/**
 * The upload, checked and reduced to a clean archive for exceljs: a strict zip read (see
 * zip.server.ts), only the parts needed for cell values, no document type definitions (no
 * entity tricks), no comments or CDATA, the decorations exceljs would expand removed, bounded
 * counts of rows, cells and strings, and no value exceljs would misread. Or the German problem
 * that stops it.
 */
export function prepareWorkbookBytes(
  bytes: Uint8Array,
): { ok: true; bytes: Buffer } | { ok: false; problem: SpreadsheetProblem } {
  const refuse = (problem: SpreadsheetProblem) => ({ ok: false as const, problem });
  if (!looksLikeZip(bytes)) return refuse(notAZip(bytes));
  const read = readZip(bytes, {
    maxEntries: WORKBOOK_LIMITS.maxEntries,
    maxUnpackedBytes: WORKBOOK_LIMITS.maxUnpackedBytes,
    keep: (name) => KEPT_PART.test(name),
  });
  if (!read.ok) {
    switch (read.failure.kind) {
      case "not-zip":
      case "corrupt":
        return refuse(CORRUPT);
      case "encrypted":
        return refuse({
          message:
            "Die Datei ist verschlüsselt. Bitte speichern Sie sie ohne Kennwort im Format „Excel-Arbeitsmappe (*.xlsx)“ und laden Sie sie erneut hoch.",
        });
      case "too-many-entries":
        return refuse({
          message: `Die Datei besteht aus zu vielen Teilen (${integer.format(read.failure.entries)}; eine Arbeitsmappe hat höchstens ${integer.format(WORKBOOK_LIMITS.maxEntries)}). ${USE_ORIGINAL}`,
        });
      case "too-big":
        return refuse(tooBigUnpacked());
    }
  }
  // Every part as text, strictly UTF-8: exceljs would turn invalid bytes (a Latin-1 "ü") into
  // U+FFFD without a word.
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const parts = new Map<string, string>();
  for (const { name, data } of read.entries) {
    if (!SHEET_PART.test(name) && name !== "xl/sharedStrings.xml") {
      if (data.length > WORKBOOK_LIMITS.maxSmallPartBytes) return refuse(tooBigUnpacked());
    }
    if (data.includes("<!")) {
      if (data.includes("<!DOCTYPE") || data.includes("<!ENTITY")) {
        return refuse({
          message: `Die Datei enthält eine Dokumenttypdefinition (DTD); Excel-Arbeitsmappen haben keine. Sie wird aus Sicherheitsgründen nicht gelesen. ${USE_ORIGINAL}`,
        });
      }
      // Comments and CDATA: Excel and LibreOffice never write them; without them every "<" is
      // markup, which the element stripping and the cell scan rely on.
      return refuse(CORRUPT);
    }
    try {
      parts.set(name, utf8.decode(data));
    } catch {
      return refuse(CORRUPT);
    }
  }
  const workbookXml = parts.get("xl/workbook.xml");
  if (workbookXml === undefined) return refuse(NOT_XLSX);
  const sharedStringsXml = parts.get("xl/sharedStrings.xml");
  const sharedStrings = sharedStringsXml === undefined ? 0 : countTags(sharedStringsXml, "si");
  if (sharedStrings > WORKBOOK_LIMITS.maxCells) return refuse(tooManyCells());
  const strayInStrings =
    sharedStringsXml === undefined
      ? null
      : unknownElement(sharedStringsXml, 0, sharedStringsXml.length);
  if (strayInStrings) return refuse(unknownElementProblem(strayInStrings));

  const workbook = stripElements(workbookXml, WORKBOOK_DECORATION);
  if (workbook === null) return refuse(CORRUPT);
  parts.set("xl/workbook.xml", workbook);
  const names = sheetNames(workbook, parts.get("xl/_rels/workbook.xml.rels"));

  let rows = 0;
  let cells = 0;
  for (const [name, text] of parts) {
    if (!SHEET_PART.test(name)) continue;
    const xml = stripElements(text, SHEET_DECORATION);
    if (xml === null) return refuse(CORRUPT);
    const cellsInSheet = countTags(xml, "c");
    rows += countTags(xml, "row");
    cells += cellsInSheet;
    if (rows > WORKBOOK_LIMITS.maxRows) {
      return refuse({
        message: `Die Datei hat zu viele Zeilen (mehr als ${integer.format(WORKBOOK_LIMITS.maxRows)}). ${USE_ORIGINAL}`,
      });
    }
    if (cells > WORKBOOK_LIMITS.maxCells) return refuse(tooManyCells());
    const fault = findSheetFault(xml, { sharedStrings, cells: cellsInSheet });
    if (fault === "unclosed") return refuse(CORRUPT);
    if (fault) return refuse({ sheet: names.get(name), message: fault.message });
    parts.set(name, xml);
  }
  return {
    ok: true,
    bytes: writeStoredZip([...parts].map(([name, text]) => ({ name, data: Buffer.from(text) }))),
  };
}

function tooBigUnpacked(): SpreadsheetProblem {
  return {
    message: `Die Datei ist entpackt zu groß (mehr als ${integer.format(WORKBOOK_LIMITS.maxUnpackedBytes / 1024 / 1024)} MB). ${USE_ORIGINAL}`,
  };
}

function tooManyCells(): SpreadsheetProblem {
  return {
    message: `Die Datei hat zu viele Zellen (mehr als ${integer.format(WORKBOOK_LIMITS.maxCells)}). ${USE_ORIGINAL}`,
  };
}

/** The workbook, or a German problem for a file that is no readable XLSX. */
export async function loadWorkbook(
  bytes: Uint8Array,
): Promise<{ ok: true; workbook: ExcelJS.Workbook } | { ok: false; problem: SpreadsheetProblem }> {
  const prepared = prepareWorkbookBytes(bytes);
  if (!prepared.ok) return prepared;
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want its own Buffer interface; a Node Buffer is one.
    await workbook.xlsx.load(prepared.bytes as unknown as ExcelJS.Buffer);
  } catch {
    // Broken XML inside, or parts that do not fit together.
    return { ok: false, problem: CORRUPT };
  }
  return { ok: true, workbook };
}
