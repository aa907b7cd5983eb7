import { DomainError } from "~/domain/errors";
import { describe } from "~/domain/input-checks";

/**
 * Leitweg-ID: the address of a public body's invoice inbox, carried as buyer reference (BT-10)
 * in every XRechnung it receives. Format per KoSIT "Formatspezifikation Leitweg-ID" (2.0.2):
 *
 *   Grobadressierung  2–12 digits                 (Land, Regierungsbezirk, Kreis, Gemeinde …)
 *   Feinadressierung  optional, 1–30 of A–Z, 0–9 (free for the body's own routing)
 *   Prüfziffer        2 digits, ISO/IEC 7064 MOD 97-10 over Grob + Fein without hyphens,
 *                     letters as their alphabet position A = 10 … Z = 35
 *
 * parts joined by "-": `04011000-1234512345-06`, `991-33333TEST-33`. Valid when the whole number
 * (check digits included) mod 97 = 1. Only capital letters: the specification's alphabet is A–Z,
 * and a strict alphabet keeps every single-character substitution detectable. User input goes
 * through `parseLeitwegId`, which trims and upper-cases first.
 *
 * The KoSIT Schematron does not check any of this (BR-DE-15 only requires BT-10 to be present).
 */
export type LeitwegId = string & { readonly __brand: "LeitwegId" };

const FORMAT = /^(\d{2,12})(?:-([0-9A-Z]{1,30}))?-(\d{2})$/;
const FINE = /^[0-9A-Z]{1,30}$/;

/** "33333TEST" → 33333 29142829 as a bigint (letters A = 10 … Z = 35). */
function numericValue(text: string): bigint {
  let digits = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    digits += code >= 65 && code <= 90 ? String(code - 55) : char;
  }
  return BigInt(digits);
}

/** Check digits for Grob- and Feinadressierung: 98 − (value · 100 mod 97), two digits. */
export function leitwegCheckDigits(coarse: string, fine = ""): string {
  if (!/^\d{2,12}$/.test(coarse)) {
    throw new DomainError(
      `Leitweg-ID: Die Grobadressierung muss aus 2 bis 12 Ziffern bestehen (erhalten: ${describe(coarse)}).`,
    );
  }
  if (fine !== "" && !FINE.test(fine)) {
    throw new DomainError(
      `Leitweg-ID: Die Feinadressierung darf nur aus bis zu 30 Großbuchstaben und Ziffern bestehen (erhalten: ${describe(fine)}).`,
    );
  }
  const check = 98n - ((numericValue(coarse + fine) * 100n) % 97n);
  return check.toString().padStart(2, "0");
}

/** Builds a valid Leitweg-ID (for demo data and tests): `04011000` + `1234512345` → `…-06`. */
export function makeLeitwegId(coarse: string, fine = ""): LeitwegId {
  const check = leitwegCheckDigits(coarse, fine);
  return `${coarse}${fine === "" ? "" : `-${fine}`}-${check}` as LeitwegId;
}

/** Why a Leitweg-ID is invalid, in German; null when it is valid. Strict: no trimming, A–Z only. */
export function leitwegIdProblem(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0) {
    return "Bitte eine Leitweg-ID angeben (z. B. 04011000-1234512345-06).";
  }
  const match = FORMAT.exec(value);
  if (!match) {
    return `„${value}“ ist keine Leitweg-ID. Aufbau: Grobadressierung (2–12 Ziffern), optional Feinadressierung (bis zu 30 Großbuchstaben oder Ziffern), Prüfziffer (2 Ziffern), jeweils durch „-“ getrennt, z. B. 04011000-1234512345-06.`;
  }
  const [, coarse, fine = "", check] = match;
  if (numericValue(coarse! + fine + check!) % 97n !== 1n) {
    return `Die Prüfziffer der Leitweg-ID „${value}“ stimmt nicht (erwartet: ${leitwegCheckDigits(coarse!, fine)}). Bitte die Leitweg-ID auf Tippfehler prüfen.`;
  }
  return null;
}

export function isLeitwegId(value: unknown): value is LeitwegId {
  return leitwegIdProblem(value) === null;
}

/** Form input → LeitwegId: trims, upper-cases, then checks format and check digits. */
export function parseLeitwegId(text: string): LeitwegId {
  const normalized = typeof text === "string" ? text.trim().toUpperCase() : text;
  const problem = leitwegIdProblem(normalized);
  if (problem !== null) throw new DomainError(problem);
  return normalized as LeitwegId;
}
