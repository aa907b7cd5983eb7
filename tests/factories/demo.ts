import { makeLeitwegId } from "~/domain/leitweg-id";
import { type Role } from "~/domain/vocabulary";

// The demo cooperations from the project's source material. The seed loads them and the
// browser tests log in with them, so both always agree.

export const DEMO_PASSWORD = "Buendelkauf-Demo-2026";

/** `postcode` and `city`: the invoice address (XRechnung buyer); `phone`: the lead's area code. */
export type DemoBody = { ags: string; slug: string; postcode: string; city: string };
export type DemoLead = DemoBody & { phone: string; vatId?: string; taxNumber?: string };
export type DemoCooperation = { name: string; lead: DemoLead; members: DemoBody[] };

export const demoCooperations: DemoCooperation[] = [
  {
    name: "Hameln-Pyrmont",
    lead: {
      ags: "03252006",
      slug: "hameln",
      postcode: "31785",
      city: "Hameln",
      phone: "+49 5151 0000-100",
      vatId: "DE900000001",
    },
    members: [
      {
        ags: "03252007",
        slug: "hessisch-oldendorf",
        postcode: "31840",
        city: "Hessisch Oldendorf",
      },
      { ags: "03252003", slug: "bad-pyrmont", postcode: "31812", city: "Bad Pyrmont" },
      { ags: "03252005", slug: "emmerthal", postcode: "31860", city: "Emmerthal" },
      { ags: "03252001", slug: "aerzen", postcode: "31855", city: "Aerzen" },
    ],
  },
  {
    name: "Königsbrück und Nachbarn (Landkreis Bautzen)",
    lead: {
      ags: "14625270",
      slug: "koenigsbrueck",
      postcode: "01936",
      city: "Königsbrück",
      phone: "+49 35795 0000-100",
      taxNumber: "203/100/00001",
    },
    members: [
      { ags: "14625030", slug: "bernsdorf", postcode: "02994", city: "Bernsdorf" },
      { ags: "14625300", slug: "laussnitz", postcode: "01936", city: "Laußnitz" },
      // Neukirch in the Verwaltungsverband Königsbrück, not Neukirch/Lausitz (14625380).
      { ags: "14625370", slug: "neukirch", postcode: "01936", city: "Neukirch" },
      { ags: "14625420", slug: "ossling", postcode: "01920", city: "Oßling" },
    ],
  },
  {
    name: "Zukunftspakt Wolfenbüttel",
    lead: {
      ags: "03158",
      slug: "lk-wolfenbuettel",
      postcode: "38300",
      city: "Wolfenbüttel",
      phone: "+49 5331 0000-100",
      vatId: "DE900000003",
      taxNumber: "51/200/00003",
    },
    members: [{ ags: "03158037", slug: "wolfenbuettel", postcode: "38300", city: "Wolfenbüttel" }],
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

/** A German IBAN with its check digits (ISO 13616 MOD 97-10) for an 8-digit BLZ and an account. */
export function demoIban(blz: string, account: string): string {
  const bban = blz + account.padStart(10, "0");
  const check = 98n - (BigInt(`${bban}131400`) % 97n); // "DE00" → D = 13, E = 14
  return `DE${check.toString().padStart(2, "0")}${bban}`;
}

/**
 * The demo billing data (fictitious: street, account, tax ids and phone numbers are made up):
 * every demo body gets a Leitweg-ID from its AGS and an invoice address; a lead also what it needs
 * to re-invoice its partners (decision 016).
 */
export function demoBillingData(cooperation: DemoCooperation) {
  const lead = cooperation.lead;
  const address = (body: DemoBody) => ({
    leitwegId: makeLeitwegId(body.ags),
    street: "Rathausplatz 1",
    postcode: body.postcode,
    city: body.city,
  });
  return [
    {
      ags: lead.ags,
      data: {
        ...address(lead),
        iban: demoIban("10000000", lead.ags),
        bic: lead.vatId ? "MARKDEF1100" : null,
        vatId: lead.vatId ?? null,
        taxNumber: lead.taxNumber ?? null,
        invoiceContactName: `Kämmerei ${lead.city}`,
        invoiceContactPhone: lead.phone,
        invoiceEmail: `rechnung@${lead.slug}.example`,
      },
    },
    ...cooperation.members.map((body) => ({ ags: body.ags, data: address(body) })),
  ];
}
