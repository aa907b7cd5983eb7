// One mapping from a database refusal to an answer (decision 013). Actions validate their input
// with zod and check it against the database first; this is the net under them, so that a
// check that slipped (an item not in the round, a value out of range, two clicks at once) is a
// 400/409 with a German message, not a 500. `secureBuild` applies it to every loader and action.
import { pgErrorCode } from "#db/client";

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };

const messages: Record<string, { status: 400 | 409; text: string }> = {
  // integrity constraints (class 23)
  "23503": {
    status: 409,
    text: "Die Eingabe verweist auf einen Eintrag, den es hier nicht (mehr) gibt. Bitte laden Sie die Seite neu und prüfen Sie Ihre Auswahl.",
  },
  "23505": {
    status: 409,
    text: "Diesen Eintrag gibt es bereits. Bitte laden Sie die Seite neu; vielleicht hat ihn gerade jemand anderes angelegt.",
  },
  "23514": {
    status: 400,
    text: "Die Eingabe verletzt eine Regel der Daten und wurde nicht gespeichert.",
  },
  "23502": { status: 400, text: "Es fehlt eine Pflichtangabe; nichts wurde gespeichert." },
  // concurrent writers (class 40)
  "40001": {
    status: 409,
    text: "Die Daten wurden gleichzeitig geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut.",
  },
  "40P01": {
    status: 409,
    text: "Die Daten wurden gleichzeitig geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut.",
  },
  // a trigger's RAISE EXCEPTION: the state does not allow the change
  P0001: {
    status: 409,
    text: "Die Änderung ist im jetzigen Stand nicht erlaubt; nichts wurde gespeichert.",
  },
};

/** Data exceptions (class 22: bad UUID or number text, out of range, too long, NUL byte). */
const dataException = {
  status: 400,
  text: "Die Eingabe hat ein ungültiges Format oder ist zu groß; nichts wurde gespeichert.",
} as const;

/** The German 400/409 for a database refusal, or null for anything else (a real 500). */
export function databaseErrorResponse(error: unknown): Response | null {
  const code = pgErrorCode(error);
  if (!code) return null;
  const known = messages[code] ?? (code.startsWith("22") ? dataException : null);
  return known ? new Response(known.text, { status: known.status, headers: TEXT }) : null;
}
