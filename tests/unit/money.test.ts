import fc from "fast-check";
import { DomainError } from "~/domain/errors";
import {
  formatEuro,
  formatDecimalAmount,
  formatDecimalRate,
  formatEuroAmount,
  formatUnitPrice,
  formatVatRate,
  parseEuroCents,
  parseUnitPrice,
  parseVatRate,
} from "~/domain/money";

describe("formatting", () => {
  it.each([
    [0, "0,00 €"],
    [1, "0,01 €"],
    [99, "0,99 €"],
    [100, "1,00 €"],
    [123456, "1.234,56 €"],
    [100000000, "1.000.000,00 €"],
    [-123456, "-1.234,56 €"],
    [Number.MAX_SAFE_INTEGER, "90.071.992.547.409,91 €"],
  ])("formatEuro(%i) = %s", (cents, text) => {
    expect(formatEuro(cents)).toBe(text);
  });

  it("formats bigint and plain amounts", () => {
    expect(formatEuro(123456789012345678901n)).toBe("1.234.567.890.123.456.789,01 €");
    expect(formatEuroAmount(5)).toBe("0,05");
  });

  it.each([
    [0, "0,00 €"],
    [10000, "1,00 €"],
    [12300, "1,23 €"],
    [12340, "1,234 €"],
    [12345, "1,2345 €"],
    [1, "0,0001 €"],
    [12345678, "1.234,5678 €"],
  ])("formatUnitPrice(%i) = %s", (value, text) => {
    expect(formatUnitPrice(value)).toBe(text);
  });

  it.each([
    [1900, "19 %"],
    [700, "7 %"],
    [750, "7,5 %"],
    [0, "0 %"],
    [1625, "16,25 %"],
  ])("formatVatRate(%i) = %s", (bp, text) => {
    expect(formatVatRate(bp)).toBe(text);
  });

  it("refuses non-integers", () => {
    expect(() => formatEuro(1.5)).toThrow(DomainError);
    expect(() => formatUnitPrice(Number.NaN)).toThrow(/Stückpreis/);
  });
});

describe("parsing German input", () => {
  it.each([
    ["1.234,5678", 12345678],
    ["1234,5678", 12345678],
    ["1.234,5", 12345000],
    ["0,99", 9900],
    ["12", 120000],
    ["12 €", 120000],
    ["  3,5 EUR ", 35000],
    ["1.000.000", 10000000000],
    ["0", 0],
  ])("parseUnitPrice(%s) = %i", (text, value) => {
    expect(parseUnitPrice(text)).toBe(value);
  });

  it.each([
    ["", /Bitte einen Betrag eingeben/],
    ["abc", /„abc“ ist kein gültiger Betrag/],
    ["1,23456", /mehr als 4 Nachkommastellen/],
    ["12.50", /„12.50“ ist kein gültiger Betrag/],
    ["1.23,4", /kein gültiger Betrag/],
    ["1,2,3", /kein gültiger Betrag/],
    ["-1,00", /Negative Beträge/],
    [",5", /kein gültiger Betrag/],
    ["1e3", /kein gültiger Betrag/],
    ["99.999.999.999.999", /zu groß/],
  ])("parseUnitPrice(%s) throws", (text, message) => {
    expect(() => parseUnitPrice(text)).toThrow(DomainError);
    expect(() => parseUnitPrice(text)).toThrow(message);
  });

  it.each([
    ["1.234,56", 123456],
    ["0,5", 50],
    ["7", 700],
  ])("parseEuroCents(%s) = %i", (text, cents) => {
    expect(parseEuroCents(text)).toBe(cents);
  });

  it("names the field and refuses a third decimal for cents", () => {
    expect(() => parseEuroCents("1,234", "Lieferpauschale")).toThrow(
      /^Lieferpauschale: „1,234“ hat mehr als 2 Nachkommastellen/,
    );
  });

  it.each([
    ["19", 1900],
    ["7 %", 700],
    ["7,5%", 750],
    ["0", 0],
  ])("parseVatRate(%s) = %i", (text, bp) => {
    expect(parseVatRate(text)).toBe(bp);
  });

  it("refuses VAT above 100 %", () => {
    expect(() => parseVatRate("101")).toThrow(/über 100 %/);
  });

  it("round-trips every unit price", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (value) => {
        expect(parseUnitPrice(formatUnitPrice(value))).toBe(value);
      }),
      { numRuns: 2_000 },
    );
  });

  it("round-trips every amount in cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        expect(parseEuroCents(formatEuro(cents))).toBe(cents);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("formatDecimalAmount (XML)", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [-5, "-0.05"],
    [100, "1.00"],
    [123456, "1234.56"],
    [Number.MAX_SAFE_INTEGER, "90071992547409.91"],
  ])("%i → %s", (cents, text) => {
    expect(formatDecimalAmount(cents)).toBe(text);
  });

  it.each([
    [1900, "19"],
    [700, "7"],
    [750, "7.5"],
    [0, "0"],
    [1, "0.01"],
  ])("rate %i bp → %s", (bp, text) => {
    expect(formatDecimalRate(bp)).toBe(text);
  });

  it("property: agrees with a BigInt reference and never uses floats", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (cents) => {
        const text = formatDecimalAmount(cents);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
        expect(BigInt(text.replace(".", ""))).toBe(cents);
      }),
    );
  });
});
