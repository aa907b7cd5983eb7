// From the Destatis municipality list to bodies (Körperschaften): municipalities as they are,
// plus one Landkreis per Kreis key whose population is the sum of its municipalities.

import { type BodyKind } from "./vocabulary";

export type Municipality = {
  ags: string;
  name: string;
  land: string;
  kreis: string;
  population: number;
  populationDate: string;
};

export type ReferenceBody = {
  ags: string;
  name: string;
  kind: BodyKind;
  land: string;
  kreis: string;
  population: number;
  populationDate: string;
};

// GV100AD appends the status after a comma: ", Stadt", ", Hansestadt", ", GKSt" (Große
// Kreisstadt), ", St" (Stadt, Bayern) … A town has "stadt" in that suffix, or one of the short forms.
const townSuffix = /(stadt|^St$|^GKSt$)/i;

export function municipalityKind(name: string): BodyKind {
  const comma = name.lastIndexOf(", ");
  if (comma < 0) return "gemeinde";
  return townSuffix.test(name.slice(comma + 2)) ? "stadt" : "gemeinde";
}

/** The name without its GV100AD status suffix: "Hameln, Stadt" → "Hameln". */
export function shortName(name: string): string {
  const comma = name.indexOf(", ");
  return comma < 0 ? name : name.slice(0, comma);
}

export function referenceBodies(municipalities: readonly Municipality[]): ReferenceBody[] {
  const byKreis = new Map<string, Municipality[]>();
  for (const m of municipalities) {
    const key = m.ags.slice(0, 5);
    const list = byKreis.get(key);
    if (list) list.push(m);
    else byKreis.set(key, [m]);
  }
  const bodies: ReferenceBody[] = municipalities.map((m) => ({
    ags: m.ags,
    name: m.name,
    kind: municipalityKind(m.name),
    land: m.land,
    kreis: m.kreis,
    population: m.population,
    populationDate: m.populationDate,
  }));
  for (const [key, members] of byKreis) {
    const first = members[0]!;
    // A kreisfreie Stadt is its own Kreis: its only municipality has the Kreis key + "000"
    // (the names differ: "Mainz, Stadt" in "Mainz, kreisfreie Stadt").
    if (members.length === 1 && first.ags === `${key}000`) continue;
    bodies.push({
      ags: key,
      name: landkreisName(first.kreis),
      kind: "landkreis",
      land: first.land,
      kreis: first.kreis,
      population: members.reduce((sum, m) => sum + m.population, 0),
      populationDate: first.populationDate,
    });
  }
  return bodies;
}

// GV100AD names most Landkreise by their bare name ("Hameln-Pyrmont"); regions and
// Städteregionen already say what they are.
function landkreisName(kreis: string): string {
  return /^(Landkreis|Kreis|Region|Städteregion|Regionalverband|Stadtverband)\b/.test(kreis) ||
    /(kreis|Kreis)$/.test(shortName(kreis))
    ? kreis
    : `Landkreis ${kreis}`;
}
