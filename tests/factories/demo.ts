import { type Role } from "~/domain/vocabulary";

// The demo cooperations from the project's source material. The seed loads them and the
// browser tests log in with them, so both always agree.

export const DEMO_PASSWORD = "Buendelkauf-Demo-2026";

export type DemoBody = { ags: string; slug: string };
export type DemoCooperation = { name: string; lead: DemoBody; members: DemoBody[] };

export const demoCooperations: DemoCooperation[] = [
  {
    name: "Hameln-Pyrmont",
    lead: { ags: "03252006", slug: "hameln" },
    members: [
      { ags: "03252007", slug: "hessisch-oldendorf" },
      { ags: "03252003", slug: "bad-pyrmont" },
      { ags: "03252005", slug: "emmerthal" },
      { ags: "03252001", slug: "aerzen" },
    ],
  },
  {
    name: "Königsbrück und Nachbarn (Landkreis Bautzen)",
    lead: { ags: "14625270", slug: "koenigsbrueck" },
    members: [
      { ags: "14625030", slug: "bernsdorf" },
      { ags: "14625300", slug: "laussnitz" },
      // Neukirch in the Verwaltungsverband Königsbrück, not Neukirch/Lausitz (14625380).
      { ags: "14625370", slug: "neukirch" },
      { ags: "14625420", slug: "ossling" },
    ],
  },
  {
    name: "Zukunftspakt Wolfenbüttel",
    lead: { ags: "03158", slug: "lk-wolfenbuettel" },
    members: [{ ags: "03158037", slug: "wolfenbuettel" }],
  },
];

const firstNames = [
  "Anna",
  "Jonas",
  "Sabine",
  "Mehmet",
  "Katrin",
  "Lukas",
  "Petra",
  "Tobias",
  "Julia",
  "Stefan",
  "Aylin",
  "Frank",
];
const lastNames = [
  "Becker",
  "Schulz",
  "Hoffmann",
  "Yilmaz",
  "Krüger",
  "Wagner",
  "Neumann",
  "Schröder",
  "Lange",
  "Wolf",
  "Brandt",
  "Vogel",
];

const rolePrefix: Record<Role, string> = {
  officer: "beschaffung",
  treasurer: "kaemmerei",
  procurement: "vergabe",
  admin: "admin",
};

export type DemoUser = { email: string; name: string; role: Role; bodyAgs: string };

export function demoEmail(role: Role, slug: string) {
  return `${rolePrefix[role]}@${slug}.example`;
}

/** Every demo login, in a fixed order: an officer and a treasurer per body, procurement per lead. */
export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [];
  let n = 0;
  const person = () => {
    const name = `${firstNames[n % firstNames.length]} ${lastNames[(n * 5) % lastNames.length]}`;
    n++;
    return name;
  };
  for (const cooperation of demoCooperations) {
    for (const body of [cooperation.lead, ...cooperation.members]) {
      if (body === cooperation.lead) {
        users.push({
          email: demoEmail("procurement", body.slug),
          name: person(),
          role: "procurement",
          bodyAgs: body.ags,
        });
      }
      users.push({
        email: demoEmail("officer", body.slug),
        name: person(),
        role: "officer",
        bodyAgs: body.ags,
      });
      users.push({
        email: demoEmail("treasurer", body.slug),
        name: person(),
        role: "treasurer",
        bodyAgs: body.ags,
      });
    }
  }
  users.push({
    email: "admin@buendelkauf.example",
    name: "Dana Administratorin",
    role: "admin",
    bodyAgs: "03252006",
  });
  return users;
}
