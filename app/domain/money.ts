import { DomainError } from "~/domain/errors";
import { describe } from "~/domain/input-checks";

/**
 * Money as the app stores it: integer cents for amounts, integer 1/10,000 EUR for unit prices,
 * basis points for VAT rates. These helpers turn them into German text and back, exactly:
 * no floating point, no `toFixed`, no `Intl` rounding.
 *
 * The separator between amount and "€" is a plain space (not U+00A0) so that exports, tests
 * and screen readers all see the same string; CSS keeps it from wrapping.
 */
export type Cents = number;
/** 1/10,000 EUR: 12345 = 1,2345 € */
export type TenThousandths = number;
export type BasisPoints = number;

function toBigInt(value: number | bigint, what: string): bigint {
  if (typeof value === "bigint") return value;
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(`${what} muss eine ganze Zahl sein (erhalten: ${describe(value)}).`);
  }
  return BigInt(value);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** Integer amount in 1/10^scale EUR → "1.234,56" with at least `minDecimals` decimals. */
function formatScaled(value: bigint, scale: number, minDecimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(scale);
  const whole = groupThousands((abs / unit).toString());
  let fraction = (abs % unit).toString().padStart(scale, "0");
  while (fraction.length > minDecimals && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${whole}${fraction.length > 0 ? `,${fraction}` : ""}`;
}

/** 123456 → "1.234,56 €" */
export function formatEuro(cents: Cents | bigint): string {
  return `${formatScaled(toBigInt(cents, "Betrag in Cent"), 2, 2)} €`;
}

/** 123456 → "1.234,56" (no currency sign, for table cells with a "€" column header) */
export function formatEuroAmount(cents: Cents | bigint): string {
  return formatScaled(toBigInt(cents, "Betrag in Cent"), 2, 2);
}

/** Unit price with 2 to 4 decimals: 12345 → "1,2345 €", 12300 → "1,23 €", 10000 → "1,00 €" */
export function formatUnitPrice(tenThousandths: TenThousandths | bigint): string {
  return `${formatScaled(toBigInt(tenThousandths, "Stückpreis"), 4, 2)} €`;
}

/** 1900 → "19 %", 750 → "7,5 %" */
export function formatVatRate(basisPoints: BasisPoints): string {
  return `${formatScaled(toBigInt(basisPoints, "Steuersatz"), 2, 0)} %`;
}

const GERMAN_NUMBER = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;

/**
 * Parses German money input – "1.234,5678", "1234,5", "12 €", "0,99 EUR" – into an integer
 * number of 1/10^decimals EUR. Dots may only group thousands; a comma is the decimal sign.
 * More decimals than allowed is an error, never silently rounded.
 */
function parseGermanAmount(text: string, decimals: number, what: string): number {
  if (typeof text !== "string") {
    throw new DomainError(`${what}: Eingabe fehlt (erhalten: ${describe(text)}).`);
  }
  const cleaned = text
    .trim()
    .replace(/\s*(?:€|EUR)$/i, "")
    .trim();
  if (cleaned.length === 0) throw new DomainError(`${what}: Bitte einen Betrag eingeben.`);
  if (cleaned.startsWith("-") || cleaned.startsWith("−")) {
    throw new DomainError(`${what}: Negative Beträge sind nicht zulässig („${text}“).`);
  }
  const match = GERMAN_NUMBER.exec(cleaned);
  if (!match) {
    throw new DomainError(
      `${what}: „${text}“ ist kein gültiger Betrag. Beispiel: 1.234,56 (Punkt nur als Tausendertrennzeichen, Komma vor den Nachkommastellen).`,
    );
  }
  const whole = match[1]!.replaceAll(".", "");
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new DomainError(`${what}: „${text}“ hat mehr als ${decimals} Nachkommastellen.`);
  }
  const value =
    BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError(`${what}: „${text}“ ist zu groß.`);
  }
  return Number(value);
}

/** "1.234,5678" → 12345678 (1/10,000 EUR), for unit prices in bids and catalogue. */
export function parseUnitPrice(text: string, what = "Stückpreis"): TenThousandths {
  return parseGermanAmount(text, 4, what);
}

/** "1.234,56" → 123456 (cents), for amounts such as a delivery flat fee. */
export function parseEuroCents(text: string, what = "Betrag"): Cents {
  return parseGermanAmount(text, 2, what);
}

/** "19" / "7,5" / "19 %" → basis points (1900 / 750), 0 % to 100 %. */
export function parseVatRate(text: string, what = "Steuersatz"): BasisPoints {
  const cleaned = typeof text === "string" ? text.trim().replace(/\s*%$/, "") : text;
  const bp = parseGermanAmount(cleaned, 2, what);
  if (bp > 10_000) throw new DomainError(`${what}: „${text}“ liegt über 100 %.`);
  return bp;
}

/** Integer in 1/10^scale → "1234.56": a point, no grouping, at least `minDecimals` decimals. */
function plainDecimal(value: bigint, scale: number, minDecimals: number): string {
  const abs = value < 0n ? -value : value;
  const unit = 10n ** BigInt(scale);
  let fraction = (abs % unit).toString().padStart(scale, "0");
  while (fraction.length > minDecimals && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${value < 0n ? "-" : ""}${abs / unit}${fraction.length > 0 ? `.${fraction}` : ""}`;
}

/**
 * Machine decimals for XML (XRechnung), never for people: cents → exactly two decimals
 * (123456 → "1234.56", -5 → "-0.05"); basis points → percent without trailing zeros
 * (1900 → "19", 750 → "7.5").
 */
export function formatDecimalAmount(cents: Cents | bigint): string {
  return plainDecimal(toBigInt(cents, "Betrag in Cent"), 2, 2);
}

export function formatDecimalRate(basisPoints: BasisPoints): string {
  return plainDecimal(toBigInt(basisPoints, "Steuersatz"), 2, 0);
}
