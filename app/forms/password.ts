import * as z from "zod";

// Length over composition (NIST SP 800-63B, BSI IT-Grundschutz ORP.4): at least 12 characters,
// no rules about digits or symbols, and an upper bound only to keep hashing cheap.
export const passwordSchema = z
  .string()
  .min(12, "Das Passwort muss mindestens 12 Zeichen lang sein.")
  .max(128, "Das Passwort darf höchstens 128 Zeichen lang sein.");
