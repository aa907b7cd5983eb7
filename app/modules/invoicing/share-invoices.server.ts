// The lead's re-invoicing (Weiterberechnung) of an awarded tender as XRechnung: a body's
// Kämmerei downloads its own invoice, the lead's Kämmerei every body's as one ZIP
// (docs/decisions/016-xrechnung.md). The lines are what the body's anteil.csv bills through the
// lead ("Rechnung durch: Federführende Stelle"): its shared-cost shares always, its goods and its
// call-offs (decision 025) when the tender bills goods centrally; all to date, or with `?jahr=`
// the rows of one Haushaltsjahr (decision 031). Every cent comes from the stored split and the
// stored call-offs, read through their doors.
import { Readable } from "node:stream";

import { ZipFile } from "yazl";

import { DomainError } from "~/domain/errors";
import { badRequest, notFound } from "~/kit/http/responses.server";
import { type BodyBilling, listBodyBilling, requireRole } from "~/modules/access/index.server";
import { recordAuditEvent } from "~/modules/audit/index.server";
import { type CallOffRow, listCallOffs } from "~/modules/calloffs/index.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import { collectSplitLines, requireBodyExport, splitForTender } from "~/modules/split/index.server";
import { berlinIsoDate } from "~/modules/tender/index.server";
import {
  invoicesForShare,
  writeXRechnung,
  type XRechnungInvoice,
  type XRechnungLine,
  type XRechnungSeller,
} from "./xrechnung.server";

type Split = NonNullable<Awaited<ReturnType<typeof splitForTender>>>;
type Lot = Split["lots"][number];
type GoodsLine =
  Awaited<ReturnType<typeof collectSplitLines>> extends Map<string, (infer L)[]> ? L : never;

/** UN/ECE Rec. 20/21 codes for the catalogue's units (BR-CL-23); anything else counts as "one". */
const UNIT_CODES: Record<string, string> = {
  Stück: "H87",
  Packung: "XPK",
  Ries: "RM",
  Karton: "XCT",
  Rolle: "XRO",
  Liter: "LTR",
};

const PAYMENT_DAYS = 30;

function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A refusal the Kämmerei can act on (missing billing data), not a server fault. */
function unprocessable(error: unknown): never {
  if (error instanceof DomainError) throw new Response(error.message, { status: 409 });
  throw error;
}

const postalAddress = (body: BodyBilling) => ({
  street: body.street ?? undefined,
  postcode: body.postcode ?? "",
  city: body.city ?? "",
});

function seller(lead: BodyBilling): XRechnungSeller {
  return {
    name: lead.name,
    address: postalAddress(lead),
    leitwegId: lead.leitwegId,
    vatId: lead.vatId ?? undefined,
    taxNumber: lead.taxNumber ?? undefined,
    contact: {
      name: lead.invoiceContactName ?? "",
      phone: lead.invoiceContactPhone ?? "",
      email: lead.invoiceEmail ?? "",
    },
    electronicAddress: lead.invoiceEmail ?? "",
    payment: { iban: lead.iban ?? "", bic: lead.bic ?? undefined, accountName: lead.name },
  };
}

/** What the lead bills centrally besides the shared costs: goods lines and call-offs. */
type CentralGoods = { lines: Map<string, GoodsLine[]>; callOffs: CallOffRow[] };

/** A goods or call-off line the lead bills (category S: goods at 0 % are refused for now). */
function goodsLine(
  row: { itemName: string; unit: string; vatRateBp: number; costCentre: string },
  name: string,
  quantity: number,
  cents: { netCents: number; vatCents: number },
): XRechnungLine {
  if (row.vatRateBp === 0) {
    throw new DomainError(
      `XRechnung: „${row.itemName}“ trägt 0 % Umsatzsteuer; Waren ohne Umsatzsteuer kann die Weiterberechnung noch nicht ausweisen.`,
    );
  }
  return {
    name,
    quantity,
    unitCode: UNIT_CODES[row.unit] ?? "C62",
    netCents: cents.netCents,
    vatCents: cents.vatCents,
    vatRateBp: row.vatRateBp,
    vatCategory: "S",
    ...(row.costCentre ? { buyerAccountingReference: row.costCentre } : {}),
  };
}

/**
 * A split line's cents in the invoice: the whole line, or (one Haushaltsjahr) its part of that
 * year as anteil.csv writes it (a licence spread over its term: VAT = gross − net of the year).
 */
function lineCents(line: GoodsLine, year: number | undefined) {
  if (year === undefined) return [{ netCents: line.netCents, vatCents: line.vatCents }];
  return line.budgetYears
    .filter((y) => y.year === year)
    .map((y) => ({ netCents: y.netCents, vatCents: y.cents - y.netCents }));
}

const germanDate = (iso: string) => iso.split("-").reverse().join(".");

/**
 * The body's share as one invoice description (before the § 2b split), or null when the lead
 * bills it nothing. `goods`: the body's lines per lot and its call-offs when goods are billed
 * centrally. `year`: only the rows of that Haushaltsjahr (anteil.csv's column), else all to date.
 */
function shareInvoice(
  split: Split,
  lead: BodyBilling,
  buyer: BodyBilling,
  goods: CentralGoods | null,
  year?: number,
): XRechnungInvoice | null {
  const lines: XRechnungLine[] = [];
  let issuedAt: string | undefined;
  const startYear = Number(split.tender.contractStart.slice(0, 4));
  for (const lot of split.lots) {
    if (!lot.bodies.some((b) => b.bodyId === buyer.id)) continue;
    const awarded = berlinIsoDate(lot.awardedAt);
    if (!issuedAt || awarded > issuedAt) issuedAt = awarded;
    for (const line of goods?.lines.get(lot.id) ?? []) {
      if (line.bodyId !== buyer.id) continue;
      for (const cents of lineCents(line, year)) {
        lines.push(goodsLine(line, `${line.itemName} (Los ${lot.number})`, line.quantity, cents));
      }
    }
    // shared costs fall in the contract's first Haushaltsjahr, as anteil.csv books them
    if (year !== undefined && year !== startYear) continue;
    for (const share of lot.shares) {
      if (share.bodyId !== buyer.id) continue;
      const cost = sharedCost(lot, share.costId);
      lines.push({
        name: `Anteil ${cost.label} (Los ${lot.number})`,
        description: cost.description,
        quantity: 1,
        netCents: share.netCents,
        vatCents: share.vatCents,
        vatRateBp: cost.vatRateBp,
        // 0 % on a shared cost: the lead acts as a public body, § 2b UStG (decision 016)
        vatCategory: cost.vatRateBp === 0 ? "O" : "S",
      });
    }
  }
  // the call-offs (Abrufe) in the order of anteil.csv; the invoice is dated on the latest one
  let lastCallOff: string | undefined;
  for (const c of goods?.callOffs ?? []) {
    if (c.bodyId !== buyer.id || (year !== undefined && c.budgetYear !== year)) continue;
    lines.push(
      goodsLine(
        c,
        `Abruf vom ${germanDate(c.calledOn)}: ${c.itemName} (Los ${c.lotNumber})`,
        c.quantity,
        c,
      ),
    );
    if (!lastCallOff || c.calledOn > lastCallOff) lastCallOff = c.calledOn;
  }
  if (lastCallOff && (!issuedAt || lastCallOff > issuedAt)) issuedAt = lastCallOff;
  if (lines.length === 0 || !issuedAt) return null;
  const { tender } = split;
  const issueDate = issuedAt as XRechnungInvoice["issueDate"];
  const dueDate = addDays(issueDate, PAYMENT_DAYS);
  const base = `WB-${tender.referenceNumber}-${buyer.ags ?? buyer.id.slice(0, 8)}`;
  // one Haushaltsjahr: its own number; all to date with call-offs: the number names the date of
  // the latest call-off, so an invoice that grew by a later call-off never repeats a number
  const number =
    year !== undefined
      ? `${base}-HJ${year}`
      : lastCallOff
        ? `${base}-BIS${lastCallOff.replaceAll("-", "")}`
        : base;
  const scope = year !== undefined ? ` für das Haushaltsjahr ${year}` : "";
  return {
    number,
    issueDate,
    dueDate,
    paymentTerms: `Zahlbar innerhalb von ${PAYMENT_DAYS} Tagen nach Rechnungsdatum ohne Abzug.`,
    note: `Weiterberechnung der federführenden Stelle: ${tender.title} (Vergabenummer ${tender.referenceNumber}), Ihr Anteil nach der Kostenaufteilung${scope}.`,
    tenderReference: tender.referenceNumber,
    ...(year !== undefined ? { period: { start: `${year}-01-01`, end: `${year}-12-31` } } : {}),
    seller: seller(lead),
    buyer: {
      name: buyer.name,
      address: postalAddress(buyer),
      leitwegId: buyer.leitwegId,
    },
    lines,
  };
}

function sharedCost(lot: Lot, costId: string) {
  const cost = lot.sharedCosts.find((c) => c.id === costId);
  if (!cost) throw new Error(`shared cost ${costId} missing in lot ${lot.number}`);
  return cost;
}

/** The § 2b part of a share (category O) or the taxed part. */
const isNotTaxable = (invoice: XRechnungInvoice) =>
  invoice.lines.every((line) => line.vatCategory === "O");

/** Goods and call-offs when the lead bills goods centrally (`bodyId`: one body's, else all). */
async function goodsOf(split: Split, bodyId?: string): Promise<CentralGoods | null> {
  if (split.tender.goodsBilling !== "lead") return null;
  return {
    lines: await collectSplitLines(split),
    callOffs: split.tender.framework
      ? await listCallOffs({ tenderId: split.tender.id, bodyId })
      : [],
  };
}

/** `?jahr=2027`: one Haushaltsjahr (decision 031); absent: everything to date. */
function invoiceYear(request: Request): number | undefined {
  const value = new URL(request.url).searchParams.get("jahr");
  if (value === null) return undefined;
  if (!/^(19|20)\d{2}$/.test(value)) {
    throw badRequest("Das Haushaltsjahr muss eine vierstellige Jahreszahl sein, z. B. 2027.");
  }
  return Number(value);
}

async function billingOf(split: Split, bodyIds: string[]) {
  const rows = await listBodyBilling([split.tender.leadBodyId, ...bodyIds]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { lead: byId.get(split.tender.leadBodyId)!, byId };
}

function xmlFileName(invoice: XRechnungInvoice): string {
  return `XRechnung_${fileNameSlug(invoice.number, 80)}.xml`;
}

/**
 * `GET /kosten/{tenderId}/xrechnung.xml`: the body's invoice from the lead – its taxed part, or
 * with `?teil=2b` its part not subject to VAT (§ 2b UStG). 404 for the lead itself, for anyone not
 * taking part, and for a part the body does not have. The lead's users may name a body with
 * `?koerperschaft=<id>` as for anteil.csv. `?jahr=2027`: only that Haushaltsjahr's rows.
 */
export async function bodyXRechnungResponse(request: Request, tenderId = ""): Promise<Response> {
  const part = new URL(request.url).searchParams.get("teil");
  if (part !== null && part !== "2b") throw notFound();
  const year = invoiceYear(request);
  const { user, split, body } = await requireBodyExport(request, tenderId);
  if (body.bodyId === split.tender.leadBodyId) throw notFound();
  const { lead, byId } = await billingOf(split, [body.bodyId]);
  let invoice: XRechnungInvoice | undefined;
  let xml: string;
  try {
    const goods = await goodsOf(split, body.bodyId);
    const share = shareInvoice(split, lead, byId.get(body.bodyId)!, goods, year);
    invoice = share
      ? invoicesForShare(share).find((i) => isNotTaxable(i) === (part === "2b"))
      : undefined;
    if (!invoice) throw notFound();
    xml = await writeXRechnung(invoice);
  } catch (error) {
    unprocessable(error);
  }
  await recordInvoiceDownload({
    actorUserId: user.id,
    viewerBodyId: user.bodyId,
    tenderId: split.tender.id,
    file: xmlFileName(invoice),
    invoiced: [{ id: body.bodyId, name: body.name }],
  });
  return new Response(xml, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${xmlFileName(invoice)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * Every invoice download is an audit event of the downloading body: who, which tender, the file,
 * and which bodies it invoices (a Vergabestelle must be able to show who took which invoice).
 */
async function recordInvoiceDownload({
  actorUserId,
  viewerBodyId,
  tenderId,
  file,
  invoiced,
}: {
  actorUserId: string;
  viewerBodyId: string;
  tenderId: string;
  file: string;
  invoiced: { id: string; name: string }[];
}) {
  await recordAuditEvent(null, {
    actorUserId,
    bodyId: viewerBodyId,
    action: "tender.invoice_downloaded",
    subjectType: "tender",
    subjectId: tenderId,
    data: {
      file,
      invoicedBodyIds: invoiced.map((b) => b.id),
      invoicedBodies: invoiced.map((b) => b.name).join(", "),
    },
  });
}

/**
 * `GET /kosten/{tenderId}/xrechnungen.zip`: every participating body's invoices (both parts) as
 * one ZIP, for the lead's Kämmerei and procurement only. All invoices are written before the
 * first byte leaves, so missing billing data answers 409 instead of a broken archive.
 * `?jahr=2027`: every body's invoices of that Haushaltsjahr.
 */
export async function leadXRechnungenZipResponse(
  request: Request,
  tenderId = "",
): Promise<Response> {
  const year = invoiceYear(request);
  const user = await requireRole(request, ["treasurer", "procurement"]);
  const split = await splitForTender({ tenderId, viewerBodyId: user.bodyId });
  if (!split || !split.viewer.isLead || split.scope !== "all") throw notFound();
  const bodyIds = split.bodies.map((b) => b.bodyId).filter((id) => id !== split.tender.leadBodyId);
  const { lead, byId } = await billingOf(split, bodyIds);
  const zip = new ZipFile();
  try {
    const goods = await goodsOf(split);
    for (const bodyId of bodyIds) {
      const share = shareInvoice(split, lead, byId.get(bodyId)!, goods, year);
      for (const invoice of share ? invoicesForShare(share) : []) {
        zip.addBuffer(Buffer.from(await writeXRechnung(invoice), "utf8"), xmlFileName(invoice), {
          mtime: new Date(`${invoice.issueDate}T12:00:00Z`),
        });
      }
    }
  } catch (error) {
    unprocessable(error);
  }
  zip.end();
  const fileName = `XRechnungen_${fileNameSlug(split.tender.referenceNumber, 30)}${year ? `_HJ${year}` : ""}.zip`;
  await recordInvoiceDownload({
    actorUserId: user.id,
    viewerBodyId: user.bodyId,
    tenderId: split.tender.id,
    file: fileName,
    invoiced: split.bodies
      .filter((b) => bodyIds.includes(b.bodyId))
      .map((b) => ({ id: b.bodyId, name: b.name })),
  });
  return new Response(Readable.toWeb(zip.outputStream as Readable) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
