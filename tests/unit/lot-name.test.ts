import { describe, expect, it } from "vitest";

import { cpvAncestorCodes, lotCpvName, lotLabel } from "~/domain/lot-name";

const vocabulary: Record<string, string> = {
  "30000000": "Büromaschinen, -ausrüstung und -bedarf",
  "30100000": "Büromaschinen, -ausrüstung und -bedarf, ausgenommen Computer",
  "30190000": "Verschiedene Büroausrüstung und -artikel",
  "30197000": "Kleinere Bürobedarfsartikel",
  "30197600": "Papier und Druckerpapier",
  "30197630": "Druckpapier",
  "30197642": "Kopierpapier",
  "30192000": "Büroartikel",
  "30192700": "Schreibwaren",
  "48000000": "Softwarepakete und Informationssysteme",
  "22000000": "Drucksachen und verwandte Erzeugnisse",
};
const labelOf = (code: string) => vocabulary[code];

describe("lotCpvName", () => {
  it("names a one-item lot by the item's own code", () => {
    expect(lotCpvName(["30197630-1"], labelOf)).toEqual({
      code: "30197630",
      words: "Druckpapier",
      more: false,
      group: "Büromaschinen, -ausrüstung und -bedarf, ausgenommen Computer",
    });
  });

  it("names a lot by the most specific code that covers all its items", () => {
    expect(lotCpvName(["30197630-1", "30197642-8"], labelOf)).toEqual({
      code: "30197600",
      words: "Papier und Druckerpapier",
      more: false,
      group: "Büromaschinen, -ausrüstung und -bedarf, ausgenommen Computer",
    });
    // 3019 is no code of the list: the next known ancestor is the group 30190000
    expect(lotCpvName(["30197630-1", "30192700-8"], labelOf)?.code).toBe("30190000");
  });

  it("falls back to the first item's group with „u. a.“ when no division is shared", () => {
    expect(lotCpvName(["30197630-1", "22000000-0", "48000000-8"], labelOf)).toEqual({
      code: "30100000",
      words: "Büromaschinen, -ausrüstung und -bedarf, ausgenommen Computer",
      more: true,
      group: "Büromaschinen, -ausrüstung und -bedarf, ausgenommen Computer",
    });
  });

  it("has no name for a lot without valid codes", () => {
    expect(lotCpvName([], labelOf)).toBeUndefined();
    expect(lotCpvName(["x"], labelOf)).toBeUndefined();
  });

  it("asks only for the prefixes of the items' codes", () => {
    expect(cpvAncestorCodes(["30197630-1"])).toEqual([
      "30000000",
      "30100000",
      "30190000",
      "30197000",
      "30197600",
      "30197630",
    ]);
  });
});

describe("lotLabel", () => {
  const paper = { code: "30197600", words: "Papier und Druckerpapier", more: false };

  it("names a lot whose title is the CPV words once, with the code", () => {
    expect(lotLabel({ number: 1, title: "Papier und Druckerpapier", cpv: paper })).toBe(
      "Los 1 – Papier und Druckerpapier (CPV 30197600)",
    );
    expect(lotLabel({ number: 1, title: "CPV-Gruppe 301", cpv: paper })).toBe(
      "Los 1 – Papier und Druckerpapier (CPV 30197600)",
    );
  });

  it("replaces the group's words that proposeLots gave by the lot's own CPV words", () => {
    const group = "Büromaschinen, -ausrüstung und -bedarf, ausgenommen Computer";
    expect(lotLabel({ number: 1, title: group, cpv: { ...paper, group } })).toBe(
      "Los 1 – Papier und Druckerpapier (CPV 30197600)",
    );
    const software = {
      code: "48000000",
      words: "Softwarepakete und Informationssysteme",
      more: false,
      group: "Softwarepakete und Informationssysteme",
    };
    expect(
      lotLabel({
        number: 2,
        title: "Softwarepakete und Informationssysteme (Lizenzen)",
        cpv: software,
      }),
    ).toBe("Los 2 – Softwarepakete und Informationssysteme (Lizenzen) (CPV 48000000)");
  });

  it("keeps a title of the lead's own and adds the words and code", () => {
    expect(lotLabel({ number: 2, title: "Kopierpapier A4", cpv: paper })).toBe(
      "Los 2 – Kopierpapier A4 (Papier und Druckerpapier, CPV 30197600)",
    );
  });

  it("says „u. a.“ when the lot's items span several divisions", () => {
    expect(lotLabel({ number: 3, title: "Büro", cpv: { ...paper, more: true } })).toBe(
      "Los 3 – Büro (Papier und Druckerpapier u. a., CPV 30197600)",
    );
  });

  it("without CPV codes shows number and title", () => {
    expect(lotLabel({ number: 4, title: "Toner" })).toBe("Los 4 – Toner");
    expect(lotLabel({ number: 4, title: "Los 4 Toner" })).toBe("Los 4 Toner");
  });
});
