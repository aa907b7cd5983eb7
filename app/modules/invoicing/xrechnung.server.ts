import { FormatFactoryService, type Invoice } from "@e-invoice-eu/core";
import { parseIsoDate, type IsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { requireInteger, requireVatRateBp } from "~/domain/input-checks";
import { isLeitwegId } from "~/domain/leitweg-id";
import {
  type BasisPoints,
  type Cents,
  formatDecimalAmount,
  formatDecimalRate,
  formatEuro,
  formatVatRate,
} from "~/domain/money";
import { roundHalfUp } from "~/domain/rational";

/**
 * XRechnung 3.0 (UBL 2.1 syntax) for the lead's re-invoicing (Weiterberechnung) of a body's share:
 * seller = the lead body, buyer = the participating body, buyer reference (BT-10) = its Leitweg-ID.
 * The writer takes a plain description and never queries; it builds the UBL-shaped data of
 * `@e-invoice-eu/core` and lets the library serialize it (docs/decisions/016-xrechnung.md).
 *
 * Money: integer cents in, "123.45" out (integer arithmetic). Every amount in the XML is a sum of
 * the cents passed in, so the amount due (BT-115) is exactly Σ (net + VAT) of the lines — the
 * figures the cost split (anteil.csv) bills the body.
 *
 * VAT: `S` for a taxed line (19 %, 7 %, …); `O` ("nicht steuerbar") for 0 % under § 2b UStG, where
 * the lead acts as a public body, not as an entrepreneur. EN 16931 allows no other category beside
 * `O` in one invoice (BR-O-11…14) and no seller VAT id on it (BR-O-02), so a body whose share has
 * both kinds gets two invoices: `invoicesForShare` makes them.
 */

export type VatCategory = "S" | "O";

export type PostalAddress = {
  street?: string;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2; bodies in this app are German. */
  countryCode?: "DE";
};

export type XRechnungSeller = {
  name: string;
  address: PostalAddress;
  /** The lead's own Leitweg-ID: seller identifier (BT-29, scheme 0204), so BR-CO-26 holds without a VAT id. */
  leitwegId: string;
  /** USt-IdNr. (BT-31), e.g. "DE123456789"; needed on taxed (S) invoices unless a tax number is given. */
  vatId?: string;
  /** Steuernummer (BT-32), e.g. "21/815/08150". */
  taxNumber?: string;
  contact: { name: string; phone: string; email: string };
  /** Seller electronic address (BT-34), an e-mail address (scheme EM). */
  electronicAddress: string;
  payment: { iban: string; bic?: string; accountName?: string };
};

export type XRechnungBuyer = {
  name: string;
  address: PostalAddress;
  /** Buyer reference (BT-10) and electronic address (BT-49, scheme 0204). */
  leitwegId: string;
};

export type XRechnungLine = {
  /** Item or cost name as the body's Kämmerei should read it, e.g. "Lieferpauschale (Los 1)". */
  name: string;
  description?: string;
  /** Integer quantity; 1 for a shared-cost share. */
  quantity: number;
  /**
   * UN/ECE Rec. 20/21 unit (BR-CL-23 warns otherwise): "H87" Stück, "XPK" Packung, "RM" Ries,
   * "C62" one (default, for a shared-cost share).
   */
  unitCode?: string;
  netCents: Cents;
  /** VAT of this line as the split states it (0 for category O). */
  vatCents: Cents;
  vatRateBp: BasisPoints;
  vatCategory: VatCategory;
  /** Optional buyer accounting reference per line (BT-133), e.g. the Kostenstelle. */
  buyerAccountingReference?: string;
};

export type XRechnungInvoice = {
  /** Invoice number (BT-1). */
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  /** Payment terms (BT-20), German text, e.g. "Zahlbar innerhalb von 30 Tagen ohne Abzug." */
  paymentTerms: string;
  /** Invoice note (BT-22), e.g. which tender the costs come from. */
  note?: string;
  /** Tender or lot reference (BT-17). */
  tenderReference?: string;
  /** Invoicing period (BG-14), e.g. the Haushaltsjahr. */
  period?: { start: IsoDate; end: IsoDate };
  seller: XRechnungSeller;
  buyer: XRechnungBuyer;
  lines: XRechnungLine[];
};

/** Exemption reason on the § 2b breakdown (BT-120/BT-121, required by BR-O-10). */
export const NOT_TAXABLE_REASON =
  "Nicht steuerbar: Leistung einer juristischen Person des öffentlichen Rechts nach § 2b UStG";
const NOT_TAXABLE_CODE = "VATEX-EU-O";

export type InvoiceTotals = {
  netCents: Cents;
  vatCents: Cents;
  /** BT-115 amount due for payment. */
  dueCents: Cents;
  perRate: { vatCategory: VatCategory; vatRateBp: BasisPoints; netCents: Cents; vatCents: Cents }[];
};

/** Sums per VAT category and rate, in first-seen order; exact integers. */
export function invoiceTotals(lines: readonly XRechnungLine[]): InvoiceTotals {
  const perRate = new Map<string, InvoiceTotals["perRate"][number]>();
  let netCents = 0;
  let vatCents = 0;
  for (const line of lines) {
    const key = `${line.vatCategory}:${line.vatRateBp}`;
    const group = perRate.get(key) ?? {
      vatCategory: line.vatCategory,
      vatRateBp: line.vatRateBp,
      netCents: 0,
      vatCents: 0,
    };
    group.netCents += line.netCents;
    group.vatCents += line.vatCents;
    perRate.set(key, group);
    netCents += line.netCents;
    vatCents += line.vatCents;
  }
  for (const sum of [netCents, vatCents, netCents + vatCents]) {
    requireInteger(sum, "Rechnungssumme in Cent");
  }
  return { netCents, vatCents, dueCents: netCents + vatCents, perRate: [...perRate.values()] };
}

/**
 * A body's share as one or two invoices: the taxed lines under `number`, the § 2b (O) lines
 * under `number` + "-2B". Σ amount due over the result = Σ (net + VAT) of all lines.
 */
export function invoicesForShare(share: XRechnungInvoice): XRechnungInvoice[] {
  const taxed = share.lines.filter((line) => line.vatCategory !== "O");
  const notTaxable = share.lines.filter((line) => line.vatCategory === "O");
  if (taxed.length === 0 || notTaxable.length === 0) return [share];
  return [
    { ...share, lines: taxed },
    { ...share, number: `${share.number}-2B`, lines: notTaxable },
  ];
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new DomainError(`XRechnung: ${what} fehlt.`);
  }
  return value.trim();
}

function checkInvoice(invoice: XRechnungInvoice): InvoiceTotals {
  requireText(invoice.number, "Die Rechnungsnummer (BT-1)");
  parseIsoDate(invoice.issueDate, "Rechnungsdatum");
  parseIsoDate(invoice.dueDate, "Fälligkeitsdatum");
  if (invoice.dueDate < invoice.issueDate) {
    throw new DomainError("XRechnung: Das Fälligkeitsdatum liegt vor dem Rechnungsdatum.");
  }
  requireText(invoice.paymentTerms, "Die Zahlungsbedingung (BT-20)");
  for (const [leitwegId, who] of [
    [invoice.buyer.leitwegId, "des Rechnungsempfängers"],
    [invoice.seller.leitwegId, "der federführenden Stelle"],
  ] as const) {
    if (!isLeitwegId(leitwegId)) {
      throw new DomainError(`XRechnung: Die Leitweg-ID ${who} (${leitwegId}) ist ungültig.`);
    }
  }
  if (invoice.lines.length === 0) {
    throw new DomainError("XRechnung: Eine Rechnung braucht mindestens eine Position.");
  }
  const categories = new Set(invoice.lines.map((line) => line.vatCategory));
  if (categories.has("O") && categories.size > 1) {
    throw new DomainError(
      "XRechnung: Nicht steuerbare Positionen (§ 2b UStG) brauchen eine eigene Rechnung (EN 16931, BR-O-11); bitte invoicesForShare verwenden.",
    );
  }
  for (const line of invoice.lines) {
    const what = `Position „${line.name}“`;
    requireText(line.name, "Die Bezeichnung einer Position");
    requireInteger(line.quantity, `${what}: Menge`, { min: 1 });
    requireInteger(line.netCents, `${what}: Nettobetrag in Cent`);
    requireInteger(line.vatCents, `${what}: Umsatzsteuer in Cent`);
    requireVatRateBp(line.vatRateBp, what);
    if (line.vatCategory === "O" && (line.vatRateBp !== 0 || line.vatCents !== 0)) {
      throw new DomainError(
        `${what}: Nicht steuerbar nach § 2b UStG heißt 0 % und 0 € Umsatzsteuer.`,
      );
    }
    if (line.vatCategory === "S" && line.vatRateBp === 0) {
      throw new DomainError(
        `${what}: 0 % Umsatzsteuer ist hier nur als „nicht steuerbar“ (§ 2b UStG) vorgesehen.`,
      );
    }
  }
  if (categories.has("S") && !invoice.seller.vatId && !invoice.seller.taxNumber) {
    throw new DomainError(
      "XRechnung: Für steuerpflichtige Positionen braucht die federführende Stelle eine USt-IdNr. oder Steuernummer (BR-DE-16).",
    );
  }
  const totals = invoiceTotals(invoice.lines);
  for (const group of totals.perRate) {
    // BR-CO-17 accepts a breakdown VAT less than 1 € away from round(taxable × rate); the split's
    // per-line VAT sums stay far inside that, and a larger gap means the input is wrong.
    const expected = roundHalfUp(BigInt(group.netCents) * BigInt(group.vatRateBp), 10_000n);
    const gap = BigInt(group.vatCents) - expected;
    if (gap >= 100n || gap <= -100n) {
      throw new DomainError(
        `XRechnung: Die Umsatzsteuer zu ${formatVatRate(group.vatRateBp)} (${formatEuro(group.vatCents)}) weicht um 1 € oder mehr vom Steuersatz auf ${formatEuro(group.netCents)} ab.`,
      );
    }
  }
  return totals;
}

const money = (cents: Cents) => formatDecimalAmount(cents);

function address(value: PostalAddress) {
  return {
    ...(value.street ? { "cbc:StreetName": value.street } : {}),
    "cbc:CityName": requireText(value.city, "Der Ort einer Anschrift"),
    "cbc:PostalZone": requireText(value.postcode, "Die Postleitzahl einer Anschrift"),
    "cac:Country": { "cbc:IdentificationCode": value.countryCode ?? "DE" },
  } as const;
}

function taxCategory(category: VatCategory, rateBp: BasisPoints, breakdown: boolean) {
  return {
    "cbc:ID": category,
    // BR-O-05: an O line carries no rate; BR-DE-14: every breakdown does.
    ...(category === "O" && !breakdown ? {} : { "cbc:Percent": formatDecimalRate(rateBp) }),
    ...(category === "O" && breakdown
      ? {
          "cbc:TaxExemptionReasonCode": NOT_TAXABLE_CODE,
          "cbc:TaxExemptionReason": NOT_TAXABLE_REASON,
        }
      : {}),
    "cac:TaxScheme": { "cbc:ID": "VAT" },
  };
}

type Ubl = Invoice["ubl:Invoice"];
/** The library types these lists as tuples ("one or two", "at least one"); ours are built by map. */
type PartyTaxSchemes = NonNullable<
  Ubl["cac:AccountingSupplierParty"]["cac:Party"]["cac:PartyTaxScheme"]
>;
type InvoiceLines = Ubl["cac:InvoiceLine"];
type TaxSubtotals = Ubl["cac:TaxTotal"][number]["cac:TaxSubtotal"];

/** The library's UBL-shaped data for one invoice (exported for tests). */
export function xrechnungData(invoice: XRechnungInvoice): Invoice {
  const totals = checkInvoice(invoice);
  const { seller, buyer } = invoice;
  const notTaxable = invoice.lines.every((line) => line.vatCategory === "O");
  const partyTaxSchemes = [
    // BR-O-02: no seller VAT identifier on a "not subject to VAT" invoice
    ...(seller.vatId && !notTaxable
      ? [{ "cbc:CompanyID": seller.vatId, "cac:TaxScheme": { "cbc:ID": "VAT" } }]
      : []),
    ...(seller.taxNumber
      ? [{ "cbc:CompanyID": seller.taxNumber, "cac:TaxScheme": { "cbc:ID": "FC" } }]
      : []),
  ] as PartyTaxSchemes;
  const data: Invoice = {
    "ubl:Invoice": {
      "cbc:ID": invoice.number,
      "cbc:IssueDate": invoice.issueDate,
      "cbc:DueDate": invoice.dueDate,
      "cbc:InvoiceTypeCode": "380",
      ...(invoice.note ? { "cbc:Note": [invoice.note] } : {}),
      "cbc:DocumentCurrencyCode": "EUR",
      "cbc:BuyerReference": buyer.leitwegId,
      ...(invoice.period
        ? {
            "cac:InvoicePeriod": {
              "cbc:StartDate": invoice.period.start,
              "cbc:EndDate": invoice.period.end,
            },
          }
        : {}),
      ...(invoice.tenderReference
        ? { "cac:OriginatorDocumentReference": { "cbc:ID": invoice.tenderReference } }
        : {}),
      "cac:AccountingSupplierParty": {
        "cac:Party": {
          "cbc:EndpointID": requireText(
            seller.electronicAddress,
            "Die E-Mail-Adresse der federführenden Stelle (BT-34)",
          ),
          "cbc:EndpointID@schemeID": "EM",
          "cac:PartyIdentification": [{ "cbc:ID": seller.leitwegId, "cbc:ID@schemeID": "0204" }],
          "cac:PartyName": {
            "cbc:Name": requireText(seller.name, "Der Name der federführenden Stelle"),
          },
          "cac:PostalAddress": address(seller.address),
          ...(partyTaxSchemes.length > 0 ? { "cac:PartyTaxScheme": partyTaxSchemes } : {}),
          "cac:PartyLegalEntity": { "cbc:RegistrationName": seller.name },
          "cac:Contact": {
            "cbc:Name": requireText(seller.contact.name, "Der Ansprechpartner (BT-41)"),
            "cbc:Telephone": requireText(seller.contact.phone, "Die Telefonnummer (BT-42)"),
            "cbc:ElectronicMail": requireText(seller.contact.email, "Die E-Mail-Adresse (BT-43)"),
          },
        },
      },
      "cac:AccountingCustomerParty": {
        "cac:Party": {
          "cbc:EndpointID": buyer.leitwegId,
          "cbc:EndpointID@schemeID": "0204",
          "cac:PartyName": {
            "cbc:Name": requireText(buyer.name, "Der Name des Rechnungsempfängers"),
          },
          "cac:PostalAddress": address(buyer.address),
          "cac:PartyLegalEntity": { "cbc:RegistrationName": buyer.name },
        },
      },
      "cac:PaymentMeans": [
        {
          // 58 = SEPA credit transfer
          "cbc:PaymentMeansCode": "58",
          "cbc:PaymentID": invoice.number,
          "cac:PayeeFinancialAccount": {
            "cbc:ID": requireText(
              seller.payment.iban,
              "Die IBAN der federführenden Stelle",
            ).replaceAll(" ", ""),
            ...(seller.payment.accountName ? { "cbc:Name": seller.payment.accountName } : {}),
            ...(seller.payment.bic
              ? { "cac:FinancialInstitutionBranch": { "cbc:ID": seller.payment.bic } }
              : {}),
          },
        },
      ],
      "cac:PaymentTerms": { "cbc:Note": invoice.paymentTerms },
      "cac:TaxTotal": [
        {
          "cbc:TaxAmount": money(totals.vatCents),
          "cbc:TaxAmount@currencyID": "EUR",
          "cac:TaxSubtotal": totals.perRate.map((group) => ({
            "cbc:TaxableAmount": money(group.netCents),
            "cbc:TaxableAmount@currencyID": "EUR",
            "cbc:TaxAmount": money(group.vatCents),
            "cbc:TaxAmount@currencyID": "EUR",
            "cac:TaxCategory": taxCategory(group.vatCategory, group.vatRateBp, true),
          })) as TaxSubtotals,
        },
      ],
      "cac:LegalMonetaryTotal": {
        "cbc:LineExtensionAmount": money(totals.netCents),
        "cbc:LineExtensionAmount@currencyID": "EUR",
        "cbc:TaxExclusiveAmount": money(totals.netCents),
        "cbc:TaxExclusiveAmount@currencyID": "EUR",
        "cbc:TaxInclusiveAmount": money(totals.dueCents),
        "cbc:TaxInclusiveAmount@currencyID": "EUR",
        "cbc:PayableAmount": money(totals.dueCents),
        "cbc:PayableAmount@currencyID": "EUR",
      },
      "cac:InvoiceLine": invoice.lines.map((line, index) => ({
        "cbc:ID": String(index + 1),
        "cbc:InvoicedQuantity": String(line.quantity),
        "cbc:InvoicedQuantity@unitCode": line.unitCode ?? "C62",
        "cbc:LineExtensionAmount": money(line.netCents),
        "cbc:LineExtensionAmount@currencyID": "EUR",
        ...(line.buyerAccountingReference
          ? { "cbc:AccountingCost": line.buyerAccountingReference }
          : {}),
        "cac:Item": {
          ...(line.description ? { "cbc:Description": line.description } : {}),
          "cbc:Name": line.name,
          "cac:ClassifiedTaxCategory": taxCategory(line.vatCategory, line.vatRateBp, false),
        },
        // The split's line net is a rounded share, not always quantity × a 2-decimal price: state
        // the price per base quantity (BT-149) = the line's quantity, so net = quantity × price holds exactly.
        "cac:Price": {
          "cbc:PriceAmount": money(line.netCents),
          "cbc:PriceAmount@currencyID": "EUR",
          "cbc:BaseQuantity": String(line.quantity),
          "cbc:BaseQuantity@unitCode": line.unitCode ?? "C62",
        },
      })) as InvoiceLines,
    },
  };
  return data;
}

let formatter: ReturnType<FormatFactoryService["createFormatService"]> | undefined;

/**
 * One invoice as XRechnung 3.0 UBL XML. Uses the library's format service directly:
 * `InvoiceService.generate` recompiles the library's JSON schema on every call (≈ 0,6 s);
 * our input is typed and every output shape is checked against the KoSIT rules in the tests.
 */
export async function writeXRechnung(invoice: XRechnungInvoice): Promise<string> {
  const data = xrechnungData(invoice);
  formatter ??= new FormatFactoryService().createFormatService("XRECHNUNG-UBL", {
    log: () => {},
    warn: () => {},
    error: (message) => {
      throw new Error(`XRechnung: ${message}`);
    },
  });
  formatter.fillInvoiceDefaults(data);
  const xml = await formatter.generate(data, { format: "XRECHNUNG-UBL", lang: "de-de" });
  if (typeof xml !== "string") throw new Error("XRechnung: Der Generator lieferte kein XML.");
  return xml;
}
