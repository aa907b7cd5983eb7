import { DomainError } from "~/domain/errors";

/**
 * Guards for numbers that enter the money engine. Each names the offending value in German:
 * the message reaches a procurement officer, not a developer.
 */
export function requireInteger(
  value: unknown,
  what: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new DomainError(`${what} muss eine ganze Zahl sein (erhalten: ${describe(value)}).`);
  }
  if (value < min)
    throw new DomainError(`${what} darf nicht kleiner als ${min} sein (erhalten: ${value}).`);
  if (value > max)
    throw new DomainError(`${what} darf nicht größer als ${max} sein (erhalten: ${value}).`);
  return value;
}

/** A VAT rate in basis points: 0 % (e.g. § 2b UStG) up to 100 %. */
export function requireVatRateBp(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > 10_000) {
    throw new DomainError(
      `${what}: Der Umsatzsteuersatz muss in Basispunkten zwischen 0 und 10000 angegeben werden (erhalten: ${describe(value)}).`,
    );
  }
  return value;
}

export function requireId(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new DomainError(
      `${what}: Die Kennung fehlt oder ist leer (erhalten: ${describe(value)}).`,
    );
  }
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === "string") return `„${value}“`;
  if (typeof value === "bigint") return `${value}`;
  if (value === undefined) return "nichts";
  if (typeof value === "number") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Converts an exact result back to `number`, refusing what JavaScript cannot hold exactly. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError(`${what} ist zu groß, um exakt gerechnet zu werden (${value}).`);
  }
  return Number(value);
}

/** Plain code-unit string order, as the issue prescribes for tie-breaks (not locale order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A reason or justification that goes into the Vergabevermerk must say something. */
export const MIN_REASON_LENGTH = 40;
export const MIN_REASON_WORDS = 5;

/**
 * Whether a free-text reason is long enough to be a reason: at least `MIN_REASON_LENGTH`
 * characters and `MIN_REASON_WORDS` words once the blanks are collapsed ("xxxxxxxxxx" and
 * "siehe oben" are not). Returns the trimmed text or null.
 */
export function substantialReason(text: unknown): string | null {
  if (typeof text !== "string") return null;
  const trimmed = text.trim().replace(/\s+/g, " ");
  const words = trimmed.split(" ").filter((w) => /\p{L}{2,}/u.test(w));
  return trimmed.length >= MIN_REASON_LENGTH && words.length >= MIN_REASON_WORDS ? trimmed : null;
}
