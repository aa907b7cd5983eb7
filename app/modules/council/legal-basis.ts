// The Land's law on intermunicipal cooperation (Gesetz über kommunale Zusammenarbeit), by the
// Land as bodies.land holds it. The council paper names it where the form of the agreement with
// the lead needs one; the city states and an unknown Land get the generic sentence. The paper
// tells the staff to have the legal office check the form: this table names the law, it does
// not decide which form the agreement takes.
export type CooperationLaw = { name: string; short: string };

export const COOPERATION_LAWS: Readonly<Record<string, CooperationLaw>> = {
  "Baden-Württemberg": { name: "Gesetz über kommunale Zusammenarbeit", short: "GKZ" },
  Bayern: { name: "Gesetz über die kommunale Zusammenarbeit", short: "KommZG" },
  Brandenburg: {
    name: "Gesetz über kommunale Gemeinschaftsarbeit im Land Brandenburg",
    short: "GKGBbg",
  },
  Hessen: { name: "Gesetz über kommunale Gemeinschaftsarbeit", short: "KGG" },
  "Mecklenburg-Vorpommern": {
    name: "Kommunalverfassung für das Land Mecklenburg-Vorpommern, Teil 3 (Kommunale Zusammenarbeit)",
    short: "KV M-V",
  },
  Niedersachsen: {
    name: "Niedersächsisches Gesetz über die kommunale Zusammenarbeit",
    short: "NKomZG",
  },
  "Nordrhein-Westfalen": { name: "Gesetz über kommunale Gemeinschaftsarbeit", short: "GkG NRW" },
  "Rheinland-Pfalz": { name: "Landesgesetz über die kommunale Zusammenarbeit", short: "KomZG" },
  Saarland: { name: "Gesetz über die kommunale Gemeinschaftsarbeit", short: "KGG" },
  Sachsen: { name: "Sächsisches Gesetz über kommunale Zusammenarbeit", short: "SächsKomZG" },
  "Sachsen-Anhalt": {
    name: "Gesetz über kommunale Gemeinschaftsarbeit des Landes Sachsen-Anhalt",
    short: "GKG-LSA",
  },
  "Schleswig-Holstein": { name: "Gesetz über kommunale Zusammenarbeit", short: "GkZ" },
  Thüringen: {
    name: "Thüringer Gesetz über die kommunale Gemeinschaftsarbeit",
    short: "ThürKGG",
  },
};

/** The sentence on the Land's law for a body of `land`. */
export function cooperationLawSentence(land: string): string {
  const law = COOPERATION_LAWS[land];
  if (!law) {
    return "Soweit das Landesrecht für die Vereinbarung mit der federführenden Körperschaft eine besondere Form verlangt (öffentlich-rechtliche Vereinbarung nach dem Gesetz über kommunale Zusammenarbeit des Landes), ist sie in dieser Form zu schließen.";
  }
  return `Soweit die Vereinbarung mit der federführenden Körperschaft als öffentlich-rechtliche Vereinbarung (Zweckvereinbarung) zu schließen ist, gilt das Landesrecht ${land}: ${law.name} (${law.short}).`;
}
