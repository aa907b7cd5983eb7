/**
 * How every page, letter and export names a lot (issue 18, "Words and numbers"): its number, its
 * words from the CPV vocabulary and the CPV code, e.g. "Los 1 – Papier und Druckerpapier
 * (CPV 30197600)". Pure: the labels of the CPV codes come in through `labelOf`.
 */

/** The CPV naming of a lot: the code that covers its items (8 digits, no check digit). */
export type LotCpv = {
  /** "30197600" */
  code: string;
  /** the German label of that code */
  words: string;
  /** true when the items share no CPV division: `code` is the first item's group, "u. a." */
  more: boolean;
  /** the words of the first item's CPV group (the title proposeLots gives a lot), if known */
  group?: string;
};

/** Every code a lot's naming may look up: each prefix (2–8 digits) of each item's code, padded. */
export function cpvAncestorCodes(itemCodes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const digits of eightDigits(itemCodes)) {
    for (let k = 2; k <= 8; k++) out.add(digits.slice(0, k).padEnd(8, "0"));
  }
  return [...out];
}

/**
 * The most specific CPV code that covers all of a lot's items: the longest common prefix of
 * their codes, padded with zeros, shortened until the vocabulary knows it (30197630 and 30197642
 * → 30197600). Items of different divisions have no common parent: the first item's group
 * names the lot, with "u. a.". Undefined for a lot without items with a valid code.
 */
export function lotCpvName(
  itemCodes: readonly string[],
  labelOf: (code: string) => string | undefined,
): LotCpv | undefined {
  const codes = eightDigits(itemCodes);
  const first = codes[0];
  if (first === undefined) return undefined;
  let common = first;
  for (const code of codes) {
    let k = 0;
    while (k < common.length && common[k] === code[k]) k++;
    common = common.slice(0, k);
  }
  const groupWords = labelOf(first.slice(0, 3).padEnd(8, "0"))?.trim();
  const group = groupWords ? { group: groupWords } : {};
  const found = mostSpecific(common, 2, labelOf);
  if (found) return { ...found, more: false, ...group };
  // No common parent: the first item's group (or, unknown, the first item's own code) with "u. a.".
  const fallback = mostSpecific(first.slice(0, 3), 3, labelOf) ?? mostSpecific(first, 2, labelOf);
  return {
    code: fallback?.code ?? first,
    words: fallback?.words ?? `CPV-Gruppe ${first.slice(0, 3)}`,
    more: codes.some((c) => c !== first),
    ...group,
  };
}

function mostSpecific(
  prefix: string,
  shortest: number,
  labelOf: (code: string) => string | undefined,
): { code: string; words: string } | undefined {
  for (let k = prefix.length; k >= shortest; k--) {
    const code = prefix.slice(0, k).padEnd(8, "0");
    const words = labelOf(code)?.trim();
    if (words) return { code, words };
  }
  return undefined;
}

function eightDigits(itemCodes: readonly string[]): string[] {
  return itemCodes.map((c) => c.slice(0, 8)).filter((c) => /^\d{8}$/.test(c));
}

const normal = (s: string) => s.trim().toLocaleLowerCase("de-DE");

/**
 * "Los 1 – Papier und Druckerpapier (CPV 30197600)". A title the lead gave the lot itself stays
 * and the CPV words follow in parentheses: "Los 1 – Kopierpapier A4 (Papier und Druckerpapier,
 * CPV 30197600)". A title that is (or starts with) the CPV words, the group's words proposeLots
 * gave, or the generated "CPV-Gruppe 301", is not repeated. A title that already says "Los 1" replaces "Los 1 – …".
 */
export function lotLabel(lot: { number: number; title: string; cpv?: LotCpv | null }): string {
  let title = lot.title.trim();
  // The title proposeLots gave (the CPV group's words, perhaps with "(Lizenzen)"): the lot's own
  // CPV words say it better.
  const group = lot.cpv?.group;
  if (group && lot.cpv && normal(title).startsWith(normal(group))) {
    title = `${lot.cpv.words}${title.slice(group.length)}`.trim();
  }
  const head = /^los\s*\d/i.test(title) ? title : `Los ${lot.number} – ${title}`;
  const cpv = lot.cpv;
  if (!cpv) return title === "" ? `Los ${lot.number}` : head;
  const words = `${cpv.words}${cpv.more ? " u. a." : ""}`;
  const generated = title === "" || /^cpv-gruppe\s*\d{3}\b/i.test(title);
  if (generated) return `Los ${lot.number} – ${words} (CPV ${cpv.code})`;
  if (normal(title).startsWith(normal(cpv.words)))
    return `${head} (CPV ${cpv.code}${cpv.more ? " u. a." : ""})`;
  return `${head} (${words}, CPV ${cpv.code})`;
}
