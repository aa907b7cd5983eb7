// The open-redirect judge (issue 13 point 4): whatever string arrives as `redirectTo`, the
// result resolves on our origin and is a path with exactly one leading slash.
import fc from "fast-check";

import { safeRedirect } from "~/kit/http/safe-redirect";

const ORIGIN = "https://app.example";

function expectLocal(target: string) {
  const result = safeRedirect(target);
  expect(result.startsWith("/")).toBe(true);
  expect(result.startsWith("//")).toBe(false);
  expect(result.startsWith("/\\")).toBe(false);
  expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
  // What a browser does with the Location header: it also drops tab/CR/LF and reads \ as /.
  const lenient = result.replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
  expect(new URL(lenient, ORIGIN).origin).toBe(ORIGIN);
  // And what a proxy that decodes once would pass on.
  let decoded = result;
  try {
    decoded = decodeURIComponent(result);
  } catch {
    // not decodable: stays as it is
  }
  expect(new URL(decoded.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), ORIGIN).origin).toBe(ORIGIN);
  // A Location header can carry it (no CR/LF, nothing outside Latin-1).
  expect(() => new Headers({ Location: result })).not.toThrow();
  return result;
}

const fragments = [
  "/",
  "//",
  "\\",
  "/\\",
  "\t",
  "\n",
  "\r",
  "%09",
  "%0a",
  "%0D",
  "%2f",
  "%2F",
  "%5c",
  "%00",
  "%7f",
  "\u0000",
  "\u007f",
  "\u2028",
  " ",
  "evil.example",
  "@evil.example",
  "https:",
  "http://evil.example",
  "javascript:alert(1)",
  "data:text/html,x",
  ":",
  "?",
  "#",
  ".",
  "..",
  "bedarf",
  "ü",
  "%",
  "%%",
];

describe("safeRedirect", () => {
  it.each([
    ["/%09/evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\\evil.example", "/"],
    ["//evil.example", "/"],
    ["/%2f%2fevil.example", "/"],
    ["/%5cevil.example", "/"],
    ["/bedarf\r\nSet-Cookie: x=1", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["bedarf", "/"],
    ["", "/"],
    ["/bedarf", "/bedarf"],
    ["/runden/abc?koerperschaft=1&seite=2", "/runden/abc?koerperschaft=1&seite=2"],
    ["/katalog?q=Papier%20A4", "/katalog?q=Papier%20A4"],
  ])("%j → %j", (input, expected) => {
    expect(expectLocal(input)).toBe(expected);
  });

  it("keeps every answer on our origin for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        expectLocal(s);
        expectLocal(`/${s}`);
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps every answer on our origin for strings built from nasty fragments", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 8 }), (parts) => {
        expectLocal(parts.join(""));
        expectLocal(`/${parts.join("")}`);
      }),
      { numRuns: 3_000 },
    );
  });

  it("passes our own paths through unchanged", () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = `/${segments.join("/")}`;
        expect(safeRedirect(path)).toBe(path);
      }),
    );
  });
});
