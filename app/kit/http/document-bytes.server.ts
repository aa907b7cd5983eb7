/**
 * The bytes of a rendered document, from the chunks React's renderToPipeableStream wrote.
 *
 * React 18.3 pads a chunk with NUL bytes where a multi-byte character (ü, ², €) falls on the
 * boundary of its 2 KB view buffer (react/react#31134): browsers hide them, every other reader
 * of our HTML sees them (issue 18 found them on a round page after byte 20,480). HTML never
 * carries a NUL of its own — the parser drops or replaces one — so dropping them gives exactly
 * what renderToString writes.
 */
export function documentBytes(chunks: readonly Uint8Array[]): Buffer<ArrayBuffer> {
  const bytes = Buffer.concat(chunks);
  // Slices between the NULs, found with indexOf: a byte-wise filter cost 18 ms on a 257 KB
  // demand page (the bench's stage 5 doubled), this 0.15 ms.
  let nul = bytes.indexOf(0);
  if (nul === -1) return bytes;
  const parts: Buffer[] = [];
  let start = 0;
  for (; nul !== -1; nul = bytes.indexOf(0, start)) {
    parts.push(bytes.subarray(start, nul));
    start = nul + 1;
  }
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
}
