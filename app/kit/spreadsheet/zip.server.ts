// A strict reader for the zip container of an uploaded XLSX, and a writer for the clean copy
// that exceljs gets instead of the upload.
//
// Why not let exceljs (JSZip) read the upload directly: JSZip trusts the archive. It reads every
// central directory record that follows, whatever the end record says, shifts offsets when data
// was prepended, and inflates entries without a limit. A checker that reads the archive one way
// while JSZip reads it another leaves a gap between "checked" and "parsed" (a zip bomb hidden in
// records the checker did not count). So we read the archive once, ourselves, with every size
// bounded and every checksum verified, and hand exceljs a new archive built from exactly the
// entries we checked. Nothing of the original container reaches a parser.
import { inflateRawSync } from "node:zlib";

export type ZipEntry = { name: string; data: Buffer };

export type ZipFailure =
  | { kind: "not-zip" }
  | { kind: "corrupt" }
  | { kind: "encrypted" }
  | { kind: "too-many-entries"; entries: number }
  | { kind: "too-big"; bytes: number };

export type ZipLimits = {
  /** Central directory records at most (a workbook has a few dozen). */
  maxEntries: number;
  /** Unpacked bytes of all entries together, by their declared and by their real size. */
  maxUnpackedBytes: number;
  /** Which entries to return; the others are unpacked and verified, then dropped. */
  keep: (name: string) => boolean;
};

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Starts like a zip archive (local file header)? */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}

/**
 * The kept entries of a zip archive, unpacked and verified (sizes, CRC-32), or why not. Reads
 * exactly the records the end of central directory announces; refuses duplicate names,
 * encryption, methods other than stored and deflate, and sizes past the limits before and while
 * inflating (a lying header cannot help).
 */
export function readZip(
  bytes: Uint8Array,
  limits: ZipLimits,
): { ok: true; entries: ZipEntry[] } | { ok: false; failure: ZipFailure } {
  const fail = (failure: ZipFailure) => ({ ok: false as const, failure });
  if (!looksLikeZip(bytes) || bytes.length < 22) return fail({ kind: "not-zip" });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));

  // End of central directory: 22 bytes plus a comment of at most 65,535 bytes at the very end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (u32(i) === END_OF_CENTRAL_DIRECTORY && i + 22 + u16(i + 20) === bytes.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail({ kind: "corrupt" });
  let count = u16(eocd + 10);
  let directorySize = u32(eocd + 12);
  let directoryOffset = u32(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    // ZIP64: the locator sits right before the end record and points at the ZIP64 end record.
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== ZIP64_LOCATOR) return fail({ kind: "corrupt" });
    const end64 = u64(locator + 8);
    if (end64 + 56 > locator || u32(end64) !== ZIP64_END) return fail({ kind: "corrupt" });
    count = u64(end64 + 32);
    directorySize = u64(end64 + 40);
    directoryOffset = u64(end64 + 48);
  }
  if (count > limits.maxEntries) return fail({ kind: "too-many-entries", entries: count });
  if (count === 0 || directoryOffset + directorySize > eocd) return fail({ kind: "corrupt" });

  type Record = {
    name: string;
    method: number;
    crc: number;
    compressed: number;
    uncompressed: number;
    localOffset: number;
  };
  const records: Record[] = [];
  const names = new Set<string>();
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directoryOffset + directorySize || u32(at) !== CENTRAL_HEADER) {
      return fail({ kind: "corrupt" });
    }
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let compressed = u32(at + 20);
    let uncompressed = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directoryOffset + directorySize) return fail({ kind: "corrupt" });
    if (uncompressed === 0xffffffff || compressed === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 extra field 0x0001: the real values, in this order, only those that overflowed.
      const extraStart = at + 46 + nameLength;
      let found = false;
      for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
        const id = u16(e);
        const size = u16(e + 2);
        if (e + 4 + size > extraStart + extraLength) return fail({ kind: "corrupt" });
        if (id === 0x0001) {
          let p = e + 4;
          const take = () => {
            if (p + 8 > e + 4 + size) throw new RangeError("short ZIP64 field");
            const value = u64(p);
            p += 8;
            return value;
          };
          try {
            if (uncompressed === 0xffffffff) uncompressed = take();
            if (compressed === 0xffffffff) compressed = take();
            if (localOffset === 0xffffffff) localOffset = take();
          } catch {
            return fail({ kind: "corrupt" });
          }
          found = true;
        }
        e += 4 + size;
      }
      if (!found) return fail({ kind: "corrupt" });
    }
    let name: string;
    try {
      name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    } catch {
      return fail({ kind: "corrupt" });
    }
    // Two entries of one name: which one a reader takes is up to the reader. Not with us.
    if (names.has(name)) return fail({ kind: "corrupt" });
    names.add(name);
    if (flags & 0x0001 || flags & 0x0040) return fail({ kind: "encrypted" });
    records.push({ name, method, crc, compressed, uncompressed, localOffset });
    at = next;
  }
  // The announced records fill the directory exactly: none hidden behind them.
  if (at !== directoryOffset + directorySize) return fail({ kind: "corrupt" });

  const declared = records.reduce((sum, r) => sum + r.uncompressed, 0);
  if (declared > limits.maxUnpackedBytes) return fail({ kind: "too-big", bytes: declared });

  // Every entry is unpacked and verified, also those not returned: a damaged archive is
  // damaged, whichever part the damage hit.
  const entries: ZipEntry[] = [];
  for (const r of records) {
    if (r.localOffset + 30 > directoryOffset || u32(r.localOffset) !== LOCAL_HEADER) {
      return fail({ kind: "corrupt" });
    }
    const dataStart = r.localOffset + 30 + u16(r.localOffset + 26) + u16(r.localOffset + 28);
    if (dataStart + r.compressed > directoryOffset) return fail({ kind: "corrupt" });
    const raw = bytes.subarray(dataStart, dataStart + r.compressed);
    let data: Buffer;
    if (r.method === 0) {
      if (r.compressed !== r.uncompressed) return fail({ kind: "corrupt" });
      data = Buffer.from(raw);
    } else if (r.method === 8) {
      try {
        // Throws a RangeError as soon as the entry unpacks to more than it declared.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, r.uncompressed) });
      } catch {
        return fail({ kind: "corrupt" });
      }
    } else {
      return fail({ kind: "corrupt" });
    }
    if (data.length !== r.uncompressed || crc32(data) !== r.crc) return fail({ kind: "corrupt" });
    if (!r.name.endsWith("/") && limits.keep(r.name)) entries.push({ name: r.name, data });
  }
  return { ok: true, entries };
}

/** A zip archive of `entries`, stored without compression (it only travels in memory). */
export function writeStoredZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directorySize = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
