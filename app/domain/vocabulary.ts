// Every enumeration of the domain with its German label, written once (STYLE.md "Boundaries").
// The tuples feed db/schema.ts's pgEnums, the zod schemas of the forms and the types of the
// models; the labels feed pages, workbooks and the Vergabevermerk. Pure: the browser imports it.

type Labels<T extends readonly string[]> = Readonly<Record<T[number], string>>;

// ─── Who ─────────────────────────────────────────────────────────────────────────────────────

/** Roles are per body (DESIGN.md "Who uses it"). */
export const roles = ["officer", "procurement", "treasurer", "admin"] as const;
export type Role = (typeof roles)[number];
export const roleLabels: Labels<typeof roles> = {
  officer: "Beschaffer/in",
  procurement: "Vergabestelle",
  treasurer: "Kämmerei",
  admin: "Administration",
};

/** Körperschaft: what kind of public body. */
export const bodyKinds = ["gemeinde", "stadt", "landkreis", "zweckverband"] as const;
export type BodyKind = (typeof bodyKinds)[number];
export const bodyKindLabels: Labels<typeof bodyKinds> = {
  gemeinde: "Gemeinde",
  stadt: "Stadt",
  landkreis: "Landkreis",
  zweckverband: "Zweckverband",
};

// ─── Catalogue ───────────────────────────────────────────────────────────────────────────────

/** Licences are spread over budget years month by month; consumables fall in the first year. */
export const itemCategories = ["consumable", "license"] as const;
export type ItemCategory = (typeof itemCategories)[number];
export const itemCategoryLabels: Labels<typeof itemCategories> = {
  consumable: "Verbrauchsmaterial",
  license: "Lizenz",
};

// ─── Rounds ──────────────────────────────────────────────────────────────────────────────────

/** What the lead decided about a demand round (Bedarfsabfrage); the clock adds the phase. */
export const roundStatuses = ["draft", "open", "closed"] as const;
export type RoundStatus = (typeof roundStatuses)[number];
export const roundPhases = ["draft", "scheduled", "open", "closed"] as const;
export type RoundPhase = (typeof roundPhases)[number];
export const roundPhaseLabels: Labels<typeof roundPhases> = {
  draft: "Entwurf",
  scheduled: "geplant",
  open: "offen",
  closed: "abgeschlossen",
};

// ─── Tenders ─────────────────────────────────────────────────────────────────────────────────

export const tenderStatuses = ["draft", "published", "cancelled"] as const;
export type TenderStatus = (typeof tenderStatuses)[number];
export const tenderStatusLabels: Labels<typeof tenderStatuses> = {
  draft: "Entwurf",
  published: "veröffentlicht",
  cancelled: "aufgehoben",
};

/** Staffelpreise: all-units (default) or incremental (DESIGN.md "Price bands"). */
export const pricings = ["all-units", "incremental"] as const;
export type Pricing = (typeof pricings)[number];
export const pricingLabels: Labels<typeof pricings> = {
  "all-units": "Gesamtmengenstaffel",
  incremental: "Stufenstaffel",
};
/** The label with one line on what it means, where the office chooses and reviews it. */
export const pricingChoiceLabels: Labels<typeof pricings> = {
  "all-units": `${pricingLabels["all-units"]}: die ganze Menge zum Preis ihrer Staffel`,
  incremental: `${pricingLabels.incremental}: jede Staffel zu ihrem eigenen Preis`,
};

export const contractTypes = ["single", "framework"] as const;
export type ContractType = (typeof contractTypes)[number];
export const contractTypeLabels: Labels<typeof contractTypes> = {
  single: "Einzelauftrag",
  framework: "Rahmenvereinbarung",
};

/**
 * Who invoices a body its goods: the supplier each body directly (default), or the lead centrally,
 * which then re-invoices each body (Weiterberechnung, XRechnung). Shared costs are always billed
 * by the lead.
 */
export const goodsBillings = ["supplier", "lead"] as const;
export type GoodsBilling = (typeof goodsBillings)[number];
export const goodsBillingLabels: Labels<typeof goodsBillings> = {
  supplier: "Jede Körperschaft direkt durch den Lieferanten",
  lead: "Zentral durch die federführende Stelle, die an die Körperschaften weiterberechnet",
};
/** Who bills a row of the cost split ("Rechnung durch" in anteil.csv/.xlsx). */
export const billedByLabels: Labels<typeof goodsBillings> = {
  supplier: "Lieferant",
  lead: "Federführende Stelle",
};

/** Zuschlagskriterien: the lowest price, or price and weighted quality criteria. */
export const awardCriteria = ["price", "price-quality"] as const;
export type AwardCriteria = (typeof awardCriteria)[number];
export const awardCriteriaLabels: Labels<typeof awardCriteria> = {
  price: "nur Preis",
  "price-quality": "Preis und Qualität (gewichtet)",
};

/** The procedure the office chooses (Verfahrenswahl), EU-wide or national. */
export const procedureChoices = [
  "eu-open",
  "eu-restricted",
  "eu-negotiated",
  "national-public",
  "national-restricted",
  "national-negotiated",
  "direct-award",
] as const;
export type ProcedureChoice = (typeof procedureChoices)[number];
export const procedureChoiceLabels: Labels<typeof procedureChoices> = {
  "eu-open": "EU-weit: Offenes Verfahren (§ 15 VgV)",
  "eu-restricted": "EU-weit: Nicht offenes Verfahren (§ 16 VgV)",
  "eu-negotiated": "EU-weit: Verhandlungsverfahren mit Teilnahmewettbewerb (§ 17 VgV)",
  "national-public": "National: Öffentliche Ausschreibung (§ 9 UVgO)",
  "national-restricted": "National: Beschränkte Ausschreibung (§ 10, § 11 UVgO)",
  "national-negotiated": "National: Verhandlungsvergabe (§ 12 UVgO)",
  "direct-award": "National: Direktauftrag (§ 14 UVgO)",
};

/** Below the EU threshold, the lead body's Land names these procedures (labels per rule row). */
export const nationalProcedureKinds = [
  "direct-award", // Direktauftrag
  "restricted-or-negotiated", // Beschränkte Ausschreibung oder Verhandlungsvergabe
  "public-tender", // Öffentliche Ausschreibung
  "free-choice", // keine landesrechtlichen Wertgrenzen
] as const;
export type NationalProcedureKind = (typeof nationalProcedureKinds)[number];

// ─── Shared costs (Gemeinkosten) ─────────────────────────────────────────────────────────────

export const sharedCostKinds = ["delivery", "admin-fixed", "admin-percent"] as const;
export type SharedCostKind = (typeof sharedCostKinds)[number];
export const sharedCostKindLabels: Labels<typeof sharedCostKinds> = {
  delivery: "Lieferpauschale",
  "admin-fixed": "Verwaltungskosten der federführenden Stelle (fester Betrag)",
  "admin-percent": "Verwaltungskosten der federführenden Stelle (Prozent des Losnettos)",
};

/** The key a tender splits its shared costs by (DESIGN.md "Cost split"); `value` is the default. */
export const sharedCostKeys = ["value", "quantity", "population", "equal", "savings"] as const;
export type SharedCostKey = (typeof sharedCostKeys)[number];
export const sharedCostKeyLabels: Labels<typeof sharedCostKeys> = {
  value: "nach Warenwert",
  quantity: "nach Menge",
  population: "nach Einwohnerzahl",
  equal: "zu gleichen Teilen",
  savings: "nach Ersparnis",
};

export const sharedCostPayers = ["all", "non-lead"] as const;
export type SharedCostPayers = (typeof sharedCostPayers)[number];
export const sharedCostPayerLabels: Labels<typeof sharedCostPayers> = {
  all: "alle teilnehmenden Körperschaften",
  "non-lead": "alle außer der federführenden",
};

// ─── Mail ────────────────────────────────────────────────────────────────────────────────────

/** What a mail of the outbox is about (DESIGN.md "Mail"); each user may turn each kind off. */
export const mailKinds = [
  "invitation",
  "reminder",
  "round-closed",
  "tender-published",
  "award",
  "split-ready",
  "call-off-threshold",
] as const;
export type MailKind = (typeof mailKinds)[number];
export const mailKindLabels: Labels<typeof mailKinds> = {
  invitation: "Einladung zu einer Bedarfsabfrage",
  reminder: "Erinnerung vor Ablauf einer Bedarfsabfrage",
  "round-closed": "Bedarfsabfrage abgeschlossen",
  "tender-published": "Ausschreibung veröffentlicht",
  award: "Zuschlag erteilt",
  "split-ready": "Kostenaufteilung bereit",
  "call-off-threshold": "Höchstmenge zu 80 % abgerufen",
};

/**
 * Who receives which kind. The Beschaffer/in cannot turn the invitation off: the body must
 * learn that it is asked (only the lead, by withdrawing the invitation, can stop it).
 */
export const mailKindsByRole: Readonly<Record<Role, readonly MailKind[]>> = {
  officer: ["invitation", "reminder", "round-closed", "tender-published", "award"],
  procurement: ["round-closed", "tender-published", "award", "call-off-threshold"],
  treasurer: ["split-ready"],
  admin: [],
};
export const mandatoryMailKinds: Readonly<Record<Role, readonly MailKind[]>> = {
  officer: ["invitation"],
  procurement: [],
  treasurer: [],
  admin: [],
};

export const mailStates = ["queued", "sent", "failed"] as const;
export type MailState = (typeof mailStates)[number];
export const mailStateLabels: Labels<typeof mailStates> = {
  queued: "wartend",
  sent: "versandt",
  failed: "gescheitert",
};
