// Confirmations after a redirect travel in the query (…?gespeichert=3-0-1). A link can carry any
// query, so a page shows only fixed German texts chosen by a code, counts that are digits, and
// names it found in the database — never text from the URL (decision 013).

/** A count from the query: digits only (at most six), otherwise null. */
export function countParam(value: string | null | undefined): number | null {
  return value != null && /^\d{1,6}$/.test(value) ? Number(value) : null;
}

/** Counts joined by "-" (`3-0-1`): all of them, or null when any is not a count. */
export function countsParam(value: string | null | undefined, length: number): number[] | null {
  const parts = (value ?? "").split("-");
  if (parts.length !== length) return null;
  const counts = parts.map(countParam);
  return counts.every((c) => c !== null) ? (counts as number[]) : null;
}
