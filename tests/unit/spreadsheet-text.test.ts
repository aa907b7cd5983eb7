import fc from "fast-check";

import {
  guardSpreadsheetText,
  needsFormulaGuard,
  unguardSpreadsheetText,
} from "~/domain/spreadsheet-text";

describe("formula-injection guard", () => {
  it.each([
    ['=HYPERLINK("http://böse.example";"Klick")', '\'=HYPERLINK("http://böse.example";"Klick")'],
    ["+49 5151 202-0", "'+49 5151 202-0"],
    ["-100", "'-100"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["'=1+1", "''=1+1"],
    ["'Text", "''Text"],
    ["KST 4711", "KST 4711"],
    ["Rathaus, Marktplatz 1", "Rathaus, Marktplatz 1"],
    ["a=b", "a=b"],
    [" =1", " =1"],
    ["", ""],
    ["Straße – Süd", "Straße – Süd"],
  ])("guards %j as %j and reads it back", (value, written) => {
    expect(guardSpreadsheetText(value)).toBe(written);
    expect(unguardSpreadsheetText(written)).toBe(value);
  });

  it.each([
    ["=1+1", true],
    ["+1", true],
    ["-1", true],
    ["@a", true],
    ["\tx", true],
    ["\rx", true],
    ["'x", true],
    ["x", false],
    ["", false],
    ["1-2", false],
  ])("needsFormulaGuard(%j) is %s", (value, expected) => {
    expect(needsFormulaGuard(value)).toBe(expected);
  });

  it("leaves text typed by hand in Excel as it is (Excel stores '=x as the text =x)", () => {
    expect(unguardSpreadsheetText("=x")).toBe("=x");
    expect(unguardSpreadsheetText("'abc")).toBe("'abc");
  });

  it("round-trips every string and never writes a formula trigger first", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii" }), (value) => {
        const written = guardSpreadsheetText(value);
        expect(["=", "+", "-", "@", "\t", "\r"]).not.toContain(written.charAt(0));
        expect(unguardSpreadsheetText(written)).toBe(value);
      }),
    );
  });
});
