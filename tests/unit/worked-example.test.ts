// The worked example in the README ("Wie Bündelkauf rechnet") is computed here from
// the document's own input tables and compared with its result tables, so the text a treasurer
// reads cannot drift from what the engine does.
import { readFileSync } from "node:fs";
import { type LotSplitInput, splitLotCosts } from "~/domain/cost-split";
import { formatEuro, parseEuroCents, parseUnitPrice } from "~/domain/money";

const markdown = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The body rows of the table after `<!-- beispiel:<name> -->`, as trimmed cells. */
function table(name: string): string[][] {
  const marker = `<!-- beispiel:${name} -->`;
  const start = markdown.indexOf(marker);
  if (start < 0) throw new Error(`table ${name} not found in README.md`);
  const rows: string[][] = [];
  for (const line of markdown
    .slice(start + marker.length)
    .trimStart()
    .split("\n")) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2); // header and separator
}

const euro = (cell: string) => parseEuroCents(cell);

const bodies = ["Emmerthal", "Hameln", "Hessisch Oldendorf"];
const input: LotSplitInput = {
  pricing: "all-units",
  bodies: bodies.map((id) => ({ id, population: 1, isLead: id === "Hameln" })),
  items: [...new Set(table("staffeln").map(([item]) => item!))].map((id) => ({
    id,
    vatRateBp: 1900,
    bands: table("staffeln")
      .filter(([item]) => item === id)
      .map(([, minQty, price]) => ({ minQty: Number(minQty), unitPrice: parseUnitPrice(price!) })),
  })),
  lines: table("bedarfe").map(([bodyId, itemId, quantity]) => ({
    bodyId: bodyId!,
    itemId: itemId!,
    costCentre: "1110",
    quantity: Number(quantity),
  })),
  sharedCosts: [
    { id: "Lieferpauschale", amountCents: 15_000, vatRateBp: 1900, key: "value", payers: "all" },
  ],
};
const split = splitLotCosts(input);

describe("worked example in the README", () => {
  it("has the input the text describes", () => {
    expect(input.items.map((i) => [i.id, i.bands.length])).toEqual([
      ["Kopierpapier A4", 3],
      ["Toner schwarz", 2],
    ]);
    expect(input.lines).toHaveLength(6);
    expect(markdown).toContain("Die Lieferpauschale von 150,00 € netto");
  });

  it("prints the invoice the engine computes", () => {
    const [[net, vat, gross]] = table("rechnung") as [[string, string, string]];
    expect(split.invoice).toEqual({
      netCentsByRate: { 1900: euro(net) },
      vatCentsByRate: { 1900: euro(vat) },
      grossCents: euro(gross),
    });
  });

  it("prints the lines the engine computes", () => {
    expect(table("zeilen")).toEqual(
      split.lines.map((l) => [
        l.bodyId,
        l.itemId,
        String(l.quantity),
        formatEuro(l.netCents),
        formatEuro(l.vatCents),
        formatEuro(l.grossCents),
      ]),
    );
  });

  it("prints the shared cost split the engine computes", () => {
    expect(table("gemeinkosten")).toEqual(
      split.shared.map((s) => [
        s.bodyId,
        formatEuro(s.netCents),
        formatEuro(s.vatCents),
        formatEuro(s.grossCents),
      ]),
    );
  });

  it("prints each body's totals and savings as the engine computes them", () => {
    expect(table("koerperschaften")).toEqual(
      split.bodies.map((b) => [
        b.bodyId,
        ...[
          b.goodsNetCents,
          b.goodsVatCents,
          b.sharedNetCents,
          b.sharedVatCents,
          b.grossCents,
          b.aloneNetCents,
          b.grossSavingsCents,
          b.netSavingsCents,
        ].map((c) => formatEuro(c)),
      ]),
    );
  });

  it("states the check sum in the text correctly", () => {
    const total = split.bodies.reduce((s, b) => s + b.grossCents, 0);
    const shared = split.shared.reduce((s, x) => s + x.grossCents, 0);
    expect(markdown).toContain(
      `ergeben ${formatEuro(total)} = Rechnung ${formatEuro(split.invoice.grossCents)} +\nLieferpauschale ${formatEuro(shared)} brutto`,
    );
  });
});
