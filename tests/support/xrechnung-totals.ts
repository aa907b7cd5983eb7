// Reading back what the XRechnung routes and anteil.csv say the lead bills a body: a route's
// answer for a user, the CSV's rows by "Rechnung durch" per VAT rate, and the invoices' VAT
// breakdown (BG-23) and amount due (BT-115), all in integer cents.
import { parse } from "csv-parse/sync";
import { expect } from "vitest";

import { createSession, sessionCookie } from "~/modules/access/index.server";

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

export async function get(
  loader: unknown,
  userId: string,
  tenderId: string,
  path: string,
): Promise<Response> {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  try {
    return (await (loader as Loader)({
      request: new Request(`http://localhost/kosten/${tenderId}${path}`, {
        headers: { Cookie: cookie },
      }),
      params: { tenderId },
      context: {},
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function ok(response: Response): Promise<Buffer> {
  if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

/** "1234,56" → 123456; "19" or "7,5" (percent) → basis points. */
const germanCents = (text: string) => {
  expect(text).toMatch(/^-?\d+,\d{2}$/);
  return Number(text.replace(",", ""));
};
const percentBp = (text: string) => Math.round(Number(text.replace(",", ".")) * 100);
const decimalCents = (text: string) => {
  expect(text).toMatch(/^-?\d+\.\d{2}$/);
  return Number(text.replace(".", ""));
};

type PerRate = Map<number, { net: number; vat: number }>;

function add(into: PerRate, rateBp: number, net: number, vat: number) {
  const have = into.get(rateBp) ?? { net: 0, vat: 0 };
  into.set(rateBp, { net: have.net + net, vat: have.vat + vat });
}

/**
 * The rows of anteil.csv by "Rechnung durch" (and, given `year`, of that Haushaltsjahr only),
 * summed per VAT rate, and their gross.
 */
export function csvBilled(bytes: Buffer, billedBy: string, year?: number) {
  const [header, ...rows] = parse(bytes.toString("utf8"), {
    delimiter: ";",
    bom: true,
  }) as string[][];
  const col = (name: string) => {
    const index = header!.indexOf(name);
    expect(index, name).toBeGreaterThanOrEqual(0);
    return index;
  };
  const [by, net, rate, vat, gross, kind, budgetYear] = [
    "Rechnung durch",
    "Netto",
    "USt-Satz %",
    "USt",
    "Brutto",
    "Art",
    "Haushaltsjahr",
  ].map(col) as number[];
  const perRate: PerRate = new Map();
  let grossCents = 0;
  const kinds = new Set<string>();
  const matched = rows.filter(
    (r) => r[by!] === billedBy && (year === undefined || r[budgetYear!] === String(year)),
  );
  for (const row of matched) {
    add(perRate, percentBp(row[rate!]!), germanCents(row[net!]!), germanCents(row[vat!]!));
    grossCents += germanCents(row[gross!]!);
    kinds.add(row[kind!]!);
  }
  return { perRate, grossCents, kinds, matched: matched.length, rows: rows.length };
}

/** The VAT breakdown (BG-23) and amount due (BT-115) of the invoices, added up. */
export function xmlBilled(xmls: string[]) {
  const perRate: PerRate = new Map();
  let dueCents = 0;
  for (const xml of xmls) {
    for (const [, block] of xml.matchAll(/<cac:TaxSubtotal>([\s\S]*?)<\/cac:TaxSubtotal>/g)) {
      const amount = (tag: string) =>
        decimalCents(new RegExp(`<cbc:${tag} currencyID="EUR">([^<]+)<`).exec(block!)![1]!);
      const rate = /<cbc:Percent>([^<]+)</.exec(block!)![1]!;
      add(perRate, percentBp(rate), amount("TaxableAmount"), amount("TaxAmount"));
    }
    dueCents += decimalCents(/<cbc:PayableAmount currencyID="EUR">([^<]+)</.exec(xml)![1]!);
  }
  return { perRate, dueCents };
}
