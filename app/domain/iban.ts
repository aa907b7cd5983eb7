// IBAN (ISO 13616): two letters, two check digits, 11 to 30 letters or digits; valid when the
// number with the first four characters moved to the end (letters A = 10 … Z = 35) mod 97 = 1.

/** Spaces removed, capital letters: the form in which an IBAN is stored and checked. */
export function normaliseIban(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

/** null when `text` is a valid IBAN (spaces and case do not matter), else a German message. */
export function ibanProblem(text: string): string | null {
  const iban = normaliseIban(text);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) {
    return `„${text}“ ist keine gültige IBAN: zwei Buchstaben, zwei Prüfziffern und bis zu 30 Buchstaben oder Ziffern, z. B. DE02 1203 0000 0000 2020 51.`;
  }
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) =>
    String(c.charCodeAt(0) - 55),
  );
  if (BigInt(digits) % 97n !== 1n) {
    return `„${text}“ ist keine gültige IBAN: Die Prüfziffern stimmen nicht. Bitte auf Tippfehler prüfen.`;
  }
  return null;
}
