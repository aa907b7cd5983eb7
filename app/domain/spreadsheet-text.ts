// Formula injection (CSV/XLSX injection) guard for text that came from a user and goes into a
// spreadsheet cell (DESIGN.md "Spreadsheets for treasurers": no user cell may start with `=`,
// `+`, `-` or `@` as a formula).
//
// Decision: we prefix such text with a single apostrophe `'`, as OWASP recommends. In an XLSX
// the value is already written as a string cell, so Excel does not evaluate it on opening; the
// apostrophe protects the moment someone edits the cell (F2, Enter re-parses it as a formula)
// and every CSV. We do not use a look-alike character (e.g. U+2019 or a zero-width space): it
// would silently change the value and survive into the database on re-import.
//
// The guard is reversible: `unguardSpreadsheetText(guardSpreadsheetText(v)) === v` for every
// string, so a downloaded template uploaded again changes nothing. For that, text that already
// starts with an apostrophe gets one more, and the import removes exactly one apostrophe in
// front of a trigger character or another apostrophe.

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);
const PREFIX = "'";

export function needsFormulaGuard(value: string): boolean {
  const first = value.charAt(0);
  return TRIGGERS.has(first) || first === PREFIX;
}

/** The text to write into a cell: unchanged, or with a leading `'` when it could be a formula. */
export function guardSpreadsheetText(value: string): string {
  return needsFormulaGuard(value) ? `${PREFIX}${value}` : value;
}

/** Reverses `guardSpreadsheetText` on text read back from a cell. */
export function unguardSpreadsheetText(value: string): string {
  return value.startsWith(PREFIX) && needsFormulaGuard(value.slice(1)) ? value.slice(1) : value;
}
