import { DomainError } from "~/domain/errors";
import { describe } from "~/domain/input-checks";
import { lotLabel, type LotCpv } from "~/domain/lot-name";
import { isProcedureChoice } from "~/domain/lots";
import {
  type AwardCriteria,
  type ItemCategory,
  type Pricing,
  pricingLabels,
  type ProcedureChoice,
  procedureChoiceLabels,
} from "~/domain/vocabulary";

/**
 * Open data for published tenders: the Open Contracting Data Standard (OCDS) 1.1.5 with the
 * Lots extension v1.1.5 (schemas in db/reference/ocds/, see docs/decisions/004-publication-and-ocds.md).
 * Pure: the caller passes the tender as the public queries return it, and the site's origin for
 * document links. Nothing here reads a clock; release dates are the tender's own dates.
 */

/**
 * The ocid prefix. Real prefixes ("ocds-" + six characters) are registered with the Open
 * Contracting Partnership; "ocds-bk0001" is a placeholder until the operator registers one, and
 * the one line to change then. An ocid is the prefix, a hyphen and the tender's id.
 */
export const OCID_PREFIX = "ocds-bk0001";
export const OCDS_VERSION = "1.1";
export const LOTS_EXTENSION_URL =
  "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";
/**
 * Bodies are identified by their Amtlicher Gemeindeschlüssel. org-id.guide has no list for it,
 * and OCDS's identifier scheme is an open string, so we name it as Destatis does: "DE-AGS".
 */
export const AGS_SCHEME = "DE-AGS";
export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ─── The public view of a published tender (what app/modules/publication/publication.server.ts returns) ──

/** A participating body: only what a public notice names. */
export type PublicBody = { id: string; name: string; ags: string | null; land: string };

export type PublicLotItem = {
  itemId: string;
  position: number;
  name: string;
  description: string;
  attributes: string;
  unit: string;
  cpvCode: string;
  cpvLabel: string;
  /** The frozen sum of all participants' lines (no per-body quantities in public). */
  bundledQuantity: number;
  /** Each band's lower bound, ascending from 0. */
  bandMinQty: number[];
};

export type PublicAward = {
  awardedAt: Date;
  bidId: string;
  supplierName: string;
  supplierAddress: string;
  /** The awarded bid's evaluated net price at the bundled quantities; null if it cannot be computed. */
  valueNetCents: number | null;
};

export type PublicLot = {
  id: string;
  number: number;
  title: string;
  category: ItemCategory;
  items: PublicLotItem[];
  award: PublicAward | null;
  /** the CPV words and code that name the lot (issue 18) */
  cpv?: LotCpv | null;
};

export type PublicTender = {
  id: string;
  referenceNumber: string;
  title: string;
  description: string;
  pricing: Pricing;
  framework: boolean;
  /** a framework's reserve for call-offs beyond the bundled demand, basis points (decision 025) */
  callOffReserveBp: number;
  termMonths: number;
  /** "YYYY-MM-DD", Europe/Berlin */
  contractStart: string;
  /** Start (Berlin midnight of contractStart) and last instant of the contract term. */
  contractPeriod: { start: Date; end: Date };
  criteria: AwardCriteria;
  priceWeightBp: number;
  qualityCriteria: { name: string; weightBp: number }[];
  submissionDeadline: Date;
  publishedAt: Date;
  /** The procedure the office chose (e.g. "eu-open"), if recorded. */
  procedure: string | null;
  lead: PublicBody;
  /** Participating bodies, by name; the lead is among them when it has demand of its own. */
  participants: PublicBody[];
  lots: PublicLot[];
};

// ─── OCDS shapes (the parts we write) ──────────────────────────────────────────────────────

export type OcdsValue = { amount: number; currency: "EUR" };
export type OcdsOrganizationReference = { id: string; name: string };
export type OcdsParty = {
  id: string;
  name: string;
  identifier?: { scheme: string; id: string; legalName: string };
  address?: {
    streetAddress?: string;
    locality?: string;
    region?: string;
    postalCode?: string;
    countryName?: string;
  };
  roles: string[];
};
export type OcdsItem = {
  id: string;
  description: string;
  classification: { scheme: "CPV"; id: string; description: string };
  quantity: number;
  unit: { name: string };
  relatedLot: string;
};
export type OcdsLot = { id: string; title: string; status: "active" | "complete" };
export type OcdsDocument = {
  id: string;
  documentType: string;
  title: string;
  url: string;
  format: string;
  language: "de";
  datePublished: string;
};
export type OcdsAward = {
  id: string;
  title: string;
  description: string;
  status: "active";
  date: string;
  relatedLots: string[];
  suppliers: OcdsOrganizationReference[];
  value?: OcdsValue;
};
export type OcdsTender = {
  id: string;
  title: string;
  description?: string;
  status: "active" | "complete";
  procuringEntity: OcdsOrganizationReference;
  items: OcdsItem[];
  lots: OcdsLot[];
  procurementMethod?: "open" | "selective" | "limited" | "direct";
  procurementMethodDetails?: string;
  mainProcurementCategory: "goods";
  awardCriteria: "priceOnly" | "ratedCriteria";
  awardCriteriaDetails: string;
  tenderPeriod: { startDate: string; endDate: string };
  contractPeriod: { startDate: string; endDate: string };
  documents: OcdsDocument[];
};
export type OcdsRelease = {
  ocid: string;
  id: string;
  date: string;
  tag: ["tender"] | ["award"];
  initiationType: "tender";
  language: "de";
  parties: OcdsParty[];
  buyer: OcdsOrganizationReference;
  tender: OcdsTender;
  awards?: OcdsAward[];
};
export type OcdsReleasePackage = {
  uri: string;
  version: typeof OCDS_VERSION;
  extensions: string[];
  publishedDate: string;
  publisher: { name: string };
  releases: OcdsRelease[];
  links?: { next?: string; prev?: string };
};

// ─── Money ───────────────────────────────────────────────────────────────────────────────────

const AMOUNT_LIMIT = 10n ** 15n;

/**
 * Integer cents → the JSON number OCDS wants (`Value.amount`), exactly. We write the decimal as
 * text ("1234.56") and let `Number` parse it: that yields the double nearest to the decimal, and
 * a double holds every decimal of up to 15 significant digits so that it prints back unchanged
 * (JSON.stringify gives "1234.56"). No arithmetic on the float; amounts of 10^13 EUR and more
 * (16+ digits) are refused rather than rounded.
 */
export function centsToAmount(cents: number | bigint): number {
  if (typeof cents === "number" && !Number.isSafeInteger(cents)) {
    throw new DomainError(
      `Betrag in Cent muss eine ganze Zahl sein (erhalten: ${describe(cents)}).`,
    );
  }
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  if (abs >= AMOUNT_LIMIT) {
    throw new DomainError(`Der Betrag ${value} Cent ist zu groß für eine exakte Angabe in OCDS.`);
  }
  const text = `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  return Number(text);
}

// ─── Identifiers ─────────────────────────────────────────────────────────────────────────────

export function ocidFor(tenderId: string): string {
  return `${OCID_PREFIX}-${tenderId}`;
}

/** "LOT-0001": local lot ids as eForms writes them; lots are locked once published. */
export function lotIdFor(lotNumber: number): string {
  return `LOT-${String(lotNumber).padStart(4, "0")}`;
}

export function partyIdForBody(body: PublicBody): string {
  return body.ags ? `${AGS_SCHEME}-${body.ags}` : `bk-body-${body.id}`;
}

/** FNV-1a (32 bit) over UTF-16 code units: a stable, dependency-free id for a supplier. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Suppliers have no register number in our data, so the same name and address is the same
 * party: its id is a hash of both, stable across releases whatever order lots are awarded in.
 */
export function partyIdForSupplier(name: string, address: string): string {
  return `bk-supplier-${fnv1a(`${normalise(name)}\n${normalise(address)}`)}`;
}

/** "Musterweg 1, 12345 Musterstadt" → street, postal code and town; anything else: street only. */
export function parseSupplierAddress(text: string): OcdsParty["address"] | undefined {
  const lines = text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (lines.length === 0) return undefined;
  const last = lines[lines.length - 1]!;
  const town = /^(?:D-)?(\d{5})\s+(.+)$/.exec(last);
  if (town && lines.length > 1) {
    return {
      streetAddress: lines.slice(0, -1).join(", "),
      postalCode: town[1]!,
      locality: town[2]!,
    };
  }
  return { streetAddress: lines.join(", ") };
}

// ─── Labels shared with the public page and the specification ────────────────────────────────

/** How OCDS's closed `method` codelist names each procedure the office can choose. */
const procurementMethods: Record<ProcedureChoice, NonNullable<OcdsTender["procurementMethod"]>> = {
  "eu-open": "open",
  "eu-restricted": "selective",
  "eu-negotiated": "limited",
  "national-public": "open",
  "national-restricted": "selective",
  "national-negotiated": "limited",
  "direct-award": "direct",
};

/** The German name of a recorded procedure; an unknown code is shown as it is. */
export function procedureLabel(procedure: string | null): string | null {
  if (!procedure) return null;
  return isProcedureChoice(procedure) ? procedureChoiceLabels[procedure] : procedure;
}

export const pricingExplanations: Record<PublicTender["pricing"], { label: string; text: string }> =
  {
    "all-units": {
      label: pricingLabels["all-units"],
      text: "Die gesamte Menge eines Artikels wird zum Stückpreis der Staffel abgerechnet, in die die gebündelte Menge fällt (z. B. 750 Stück bei den Staffeln ab 0, ab 100 und ab 1.000: alle 750 Stück zum Preis der Staffel „ab 100“).",
    },
    incremental: {
      label: pricingLabels.incremental,
      text: "Jede Staffel wird zu ihrem eigenen Stückpreis abgerechnet: die Stücke bis zur nächsten Staffelgrenze zum Preis der ersten Staffel, die weiteren zum Preis der folgenden Staffel usw. (z. B. 750 Stück bei den Staffeln ab 0 und ab 100: 100 Stück zum ersten, 650 Stück zum zweiten Preis).",
    },
  };

const nf = new Intl.NumberFormat("de-DE");

/** "ab 0 · ab 100 · ab 1.000" */
export function formatBands(bandMinQty: readonly number[]): string {
  return bandMinQty.map((q) => `ab ${nf.format(q)}`).join(" · ");
}

/** Basis points as a German percentage without rounding: 7000 → "70 %", 2550 → "25,5 %". */
function formatPercentBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = String(bp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${nf.format(whole)}${rest ? `,${rest}` : ""} %`;
}

export function awardCriteriaText(
  tender: Pick<PublicTender, "criteria" | "priceWeightBp" | "qualityCriteria">,
): string {
  if (tender.criteria === "price" || tender.qualityCriteria.length === 0) {
    return "Zuschlag auf das Angebot mit dem niedrigsten Wertungspreis (Summe über alle Artikel des Loses bei den gebündelten Mengen, netto).";
  }
  const parts = [
    `Preis ${formatPercentBp(tender.priceWeightBp)}`,
    ...tender.qualityCriteria.map((c) => `${c.name} ${formatPercentBp(c.weightBp)}`),
  ];
  return `Zuschlag auf das wirtschaftlichste Angebot nach gewichteten Kriterien: ${parts.join(", ")}. Preispunkte = niedrigster Wertungspreis ÷ Wertungspreis des Angebots × 100.`;
}

// ─── Releases ───────────────────────────────────────────────────────────────────────────────

export type OcdsContext = {
  /** The site's origin, e.g. "https://buendelkauf.example", for absolute document links. */
  origin: string;
};

function bodyParty(body: PublicBody, roles: string[]): OcdsParty {
  const party: OcdsParty = {
    id: partyIdForBody(body),
    name: body.name,
    address: { region: body.land, countryName: "Deutschland" },
    roles,
  };
  if (body.ags) party.identifier = { scheme: AGS_SCHEME, id: body.ags, legalName: body.name };
  return party;
}

function documentsFor(tender: PublicTender, origin: string): OcdsDocument[] {
  const base = `${origin.replace(/\/+$/, "")}/oeffentlich/${tender.id}`;
  const datePublished = tender.publishedAt.toISOString();
  return [
    {
      id: "bekanntmachung",
      documentType: "tenderNotice",
      title: "Bekanntmachung",
      url: base,
      format: "text/html",
      language: "de",
      datePublished,
    },
    {
      id: "leistungsverzeichnis",
      documentType: "technicalSpecifications",
      title: "Leistungsverzeichnis",
      url: `${base}/leistungsverzeichnis.xlsx`,
      format: XLSX_MIME,
      language: "de",
      datePublished,
    },
    {
      id: "preisblatt",
      documentType: "billOfQuantity",
      title: "Preisblatt",
      url: `${base}/preisblatt.xlsx`,
      format: XLSX_MIME,
      language: "de",
      datePublished,
    },
  ];
}

type AwardedLot = PublicLot & { award: PublicAward };

function awardFor(lot: AwardedLot): OcdsAward {
  const award: OcdsAward = {
    id: `${lotIdFor(lot.number)}-AWARD`,
    title: `Zuschlag ${lotLabel(lot)}`,
    description:
      "Wert: Wertungspreis des bezuschlagten Angebots, netto, zu den gebündelten Mengen aller beteiligten Körperschaften.",
    status: "active",
    date: lot.award.awardedAt.toISOString(),
    relatedLots: [lotIdFor(lot.number)],
    suppliers: [
      {
        id: partyIdForSupplier(lot.award.supplierName, lot.award.supplierAddress),
        name: lot.award.supplierName,
      },
    ],
  };
  if (lot.award.valueNetCents !== null) {
    award.value = { amount: centsToAmount(lot.award.valueNetCents), currency: "EUR" };
  }
  return award;
}

/** The tender's awarded lots in the order the awards were made (ties: by lot number). */
function awardsInOrder(tender: PublicTender): AwardedLot[] {
  return tender.lots
    .filter((lot): lot is AwardedLot => lot.award !== null)
    .sort(
      (a, b) => a.award.awardedAt.getTime() - b.award.awardedAt.getTime() || a.number - b.number,
    );
}

/** The release as it stood after the first `awardCount` awards (0 = at publication). */
function releaseAfter(
  tender: PublicTender,
  awarded: AwardedLot[],
  awardCount: number,
  context: OcdsContext,
): OcdsRelease {
  const made = awarded.slice(0, awardCount);
  const doneLots = new Set(made.map((lot) => lot.id));
  const lead = { id: partyIdForBody(tender.lead), name: tender.lead.name };

  const parties: OcdsParty[] = [bodyParty(tender.lead, ["buyer", "procuringEntity"])];
  for (const body of tender.participants) {
    if (body.id !== tender.lead.id) parties.push(bodyParty(body, ["buyer"]));
  }
  const suppliers = new Map<string, OcdsParty>();
  for (const lot of made) {
    const id = partyIdForSupplier(lot.award.supplierName, lot.award.supplierAddress);
    if (suppliers.has(id)) continue;
    const party: OcdsParty = { id, name: lot.award.supplierName, roles: ["supplier"] };
    const address = parseSupplierAddress(lot.award.supplierAddress);
    if (address) party.address = address;
    suppliers.set(id, party);
  }
  parties.push(...suppliers.values());

  const lots = [...tender.lots].sort((a, b) => a.number - b.number);
  const choice = tender.procedure;
  const ocdsTender: OcdsTender = {
    id: tender.referenceNumber,
    title: tender.title,
    status: lots.length > 0 && lots.every((lot) => doneLots.has(lot.id)) ? "complete" : "active",
    procuringEntity: lead,
    items: lots.flatMap((lot) =>
      [...lot.items]
        .sort((a, b) => a.position - b.position)
        .map((item) => ({
          id: item.itemId,
          description: item.name,
          classification: { scheme: "CPV" as const, id: item.cpvCode, description: item.cpvLabel },
          quantity: item.bundledQuantity,
          unit: { name: item.unit },
          relatedLot: lotIdFor(lot.number),
        })),
    ),
    lots: lots.map((lot) => ({
      id: lotIdFor(lot.number),
      title: lotLabel(lot),
      status: doneLots.has(lot.id) ? "complete" : "active",
    })),
    mainProcurementCategory: "goods",
    awardCriteria: tender.criteria === "price" ? "priceOnly" : "ratedCriteria",
    awardCriteriaDetails: awardCriteriaText(tender),
    tenderPeriod: {
      startDate: tender.publishedAt.toISOString(),
      endDate: tender.submissionDeadline.toISOString(),
    },
    contractPeriod: {
      startDate: tender.contractPeriod.start.toISOString(),
      endDate: tender.contractPeriod.end.toISOString(),
    },
    documents: documentsFor(tender, context.origin),
  };
  if (tender.description.trim() !== "") ocdsTender.description = tender.description;
  if (isProcedureChoice(choice)) {
    ocdsTender.procurementMethod = procurementMethods[choice];
    ocdsTender.procurementMethodDetails = procedureChoiceLabels[choice];
  }

  const release: OcdsRelease = {
    ocid: ocidFor(tender.id),
    id: awardCount === 0 ? `${tender.id}-tender` : `${tender.id}-award-${awardCount}`,
    date: (awardCount === 0
      ? tender.publishedAt
      : made[awardCount - 1]!.award.awardedAt
    ).toISOString(),
    tag: awardCount === 0 ? ["tender"] : ["award"],
    initiationType: "tender",
    language: "de",
    parties,
    buyer: lead,
    tender: ocdsTender,
  };
  if (made.length > 0) release.awards = made.map(awardFor);
  return release;
}

/**
 * Every release of a tender, oldest first: the tender release at publication, then one per award
 * (each with all awards so far). Release ids are stable: `<tenderId>-tender`,
 * `<tenderId>-award-<n>`; each release repeats the whole tender, so any one stands alone.
 */
export function buildReleases(tender: PublicTender, context: OcdsContext): OcdsRelease[] {
  const awarded = awardsInOrder(tender);
  return Array.from({ length: awarded.length + 1 }, (_, n) =>
    releaseAfter(tender, awarded, n, context),
  );
}

/** The newest release: what the tender looks like now. */
export function buildCurrentRelease(tender: PublicTender, context: OcdsContext): OcdsRelease {
  const awarded = awardsInOrder(tender);
  return releaseAfter(tender, awarded, awarded.length, context);
}

export function buildReleasePackage({
  uri,
  publishedDate,
  releases,
  next,
  prev,
}: {
  uri: string;
  publishedDate: Date;
  releases: OcdsRelease[];
  next?: string;
  prev?: string;
}): OcdsReleasePackage {
  const pkg: OcdsReleasePackage = {
    uri,
    version: OCDS_VERSION,
    extensions: [LOTS_EXTENSION_URL],
    publishedDate: publishedDate.toISOString(),
    publisher: { name: "Bündelkauf" },
    releases,
  };
  if (next || prev) {
    pkg.links = {};
    if (next) pkg.links.next = next;
    if (prev) pkg.links.prev = prev;
  }
  return pkg;
}
