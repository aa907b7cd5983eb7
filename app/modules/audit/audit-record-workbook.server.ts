// The documentation record (Vergabevermerk, § 8 VgV) of a tender as XLSX: one sheet, one row per
// audit event in chronological order, with time (a real Excel date in Europe/Berlin), person,
// body, the action in German and its details in words – for a procedure choice the advice as it
// was shown at that moment. Set up to print on A4 landscape with the header row repeated.
import {
  awardCriteriaLabels,
  pricingLabels,
  sharedCostKeyLabels,
  sharedCostKindLabels,
  sharedCostPayerLabels,
  tenderStatusLabels,
} from "~/domain/vocabulary";

import { formatEuro, formatUnitPrice } from "~/domain/money";
import { procedureLabel } from "~/domain/ocds";
import {
  createWorkbook,
  DATE_TIME_SECONDS_FORMAT,
  filterTable,
  frozenHeader,
  guardSpreadsheetText,
  pageFooter,
  sheetProtection,
  TITLE_FONT,
  writeHeaderRow,
} from "~/kit/spreadsheet/workbook.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import { berlinExcelDate } from "~/kit/spreadsheet/excel-date.server";
import {
  exportTenderAuditRecord,
  type RecordEvent,
  type RecordTender,
} from "./tender-record.server";
import { formatBerlin } from "~/kit/dates";
import { isUuid } from "~/domain/ids";

export const RECORD_SHEET = "Vergabevermerk";
export const RECORD_HEADER_ROW = 6;

export const RECORD_COLUMNS = [
  { key: "number", header: "Nr.", width: 6 },
  { key: "time", header: "Datum und Uhrzeit", width: 19 },
  { key: "actor", header: "Person", width: 24 },
  { key: "body", header: "Körperschaft", width: 26 },
  { key: "action", header: "Vorgang", width: 30 },
  { key: "details", header: "Einzelheiten", width: 90 },
] as const;

export const actionLabels: Record<string, string> = {
  "tender.created": "Ausschreibung angelegt",
  "tender.updated": "Grunddaten geändert",
  "tender.participants_set": "Beteiligte Körperschaften geändert",
  "tender.lot_renamed": "Los umbenannt",
  "tender.lot_item_moved": "Artikel in ein anderes Los verschoben",
  "tender.lot_split": "Los geteilt",
  "tender.lots_merged": "Lose zusammengelegt",
  "tender.lot_item_removed": "Artikel aus dem Los genommen",
  "tender.bands_set": "Preisstaffeln festgelegt",
  "tender.shared_cost_added": "Umlage hinzugefügt",
  "tender.shared_cost_changed": "Umlage geändert",
  "tender.shared_cost_deleted": "Umlage gelöscht",
  "tender.shared_cost_key_set": "Umlageschlüssel geändert",
  "tender.shared_cost_key_changed": "Umlageschlüssel geändert",
  "tender.procedure_chosen": "Verfahrensart gewählt",
  "tender.published": "Ausschreibung veröffentlicht",
  "tender.cancelled": "Ausschreibung aufgehoben",
  "tender.bid_recorded": "Angebot erfasst",
  "tender.bid_deleted": "Angebot gelöscht",
  "tender.bid_quality_points_set": "Qualitätspunkte vergeben",
  "tender.lot_awarded": "Zuschlag erteilt",
  "tender.record_exported": "Vergabevermerk exportiert",
  "tender.split_exported": "Kostenaufteilung exportiert",
  "tender.invoice_downloaded": "XRechnung heruntergeladen",
};

export function actionLabel(action: string): string {
  return actionLabels[action] ?? `Vorgang „${action}“`;
}

/** German names of the data keys the tender, bid and award modules write; also the display order. */
const keyLabels: Record<string, string> = {
  referenceNumber: "Vergabenummer",
  title: "Titel",
  procedure: "Verfahrensart",
  number: "Los",
  lotNumber: "Los",
  lotTitle: "Los",
  itemName: "Artikel",
  bidderName: "Bieter",
  source: "Quelle",
  fileName: "Datei",
  label: "Bezeichnung",
  kind: "Art",
  key: "Umlageschlüssel",
  amountCents: "Betrag netto",
  percentBp: "Prozentsatz",
  vatRateBp: "Umsatzsteuersatz",
  payers: "Zahlende",
  lots: "Lose",
  items: "Artikel",
  participants: "Beteiligte Körperschaften",
  lines: "Bedarfszeilen",
  pricing: "Preisart",
  framework: "Rahmenvereinbarung",
  termMonths: "Laufzeit in Monaten",
  termReason: "Begründung der Laufzeit",
  contractStart: "Vertragsbeginn",
  criteria: "Zuschlagskriterien",
  priceWeightBp: "Gewicht des Preises",
  qualityCriteria: "Qualitätskriterien",
  name: "Name",
  weightBp: "Gewicht",
  submissionDeadline: "Angebotsfrist",
  from: "von",
  to: "nach",
  into: "in",
  merged: "zusammengelegt",
  added: "hinzugefügt",
  removed: "entfernt",
  old: "vorher",
  before: "vorher",
  new: "nachher",
  after: "nachher",
  prices: "Preise",
  unitPrices: "Stückpreise",
  qualityPoints: "Qualitätspunkte",
  rank: "Rang",
  evaluatedNetCents: "Wertungspreis netto",
  scoreHundredths: "Punkte",
  ranking: "Rangfolge",
  costs: "Umlagen",
  droppedSharedCosts: "entfallene Umlagen",
  removedLots: "entfernte Lose",
  reason: "Begründung",
  departsFromAdvice: "weicht von der Empfehlung ab",
  departure: "Abweichung",
  format: "Format",
  exportedFor: "Körperschaft",
  file: "Datei",
  invoicedBodies: "in Rechnung gestellt an",
};
const keyOrder = new Map(Object.keys(keyLabels).map((key, i) => [key, i]));

const valueLabels: Record<string, Record<string, string>> = {
  pricing: pricingLabels,
  criteria: awardCriteriaLabels,
  key: sharedCostKeyLabels,
  kind: sharedCostKindLabels,
  payers: sharedCostPayerLabels,
  source: { typed: "eingegeben", upload: "hochgeladen" },
};
valueLabels.old = { ...valueLabels.key };
valueLabels.new = { ...valueLabels.key };
valueLabels.before = { ...valueLabels.key };

const hidden = /(^id$|^ids$|Id$|Ids$|^evaluatedPrice$|^advice$)/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const nf = new Intl.NumberFormat("de-DE");

function percent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = String(Math.abs(bp % 100))
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${nf.format(whole)}${rest ? `,${rest}` : ""} %`;
}

function renderScalar(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "boolean") return value ? "ja" : "nein";
  if (typeof value === "number") {
    if (/Cents$/.test(key) && Number.isSafeInteger(value)) return formatEuro(value);
    if (/Bp$/.test(key) && Number.isSafeInteger(value)) return percent(value);
    if (/^unitPrices?$/.test(key) && Number.isSafeInteger(value)) return formatUnitPrice(value);
    return nf.format(value);
  }
  if (typeof value === "string") {
    if (key === "procedure") return procedureLabel(value) ?? value;
    const label = valueLabels[key]?.[value];
    if (label) return label;
    if (isoDateTime.test(value) && !Number.isNaN(Date.parse(value)))
      return `${formatBerlin(value)} Uhr`;
    const date = isoDate.exec(value);
    if (date) return `${date[3]}.${date[2]}.${date[1]}`;
    return value;
  }
  return String(value);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

function renderValue(key: string, value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "keine";
    const nested = value.some((v) => typeof v === "object" && v !== null);
    return value.map((v) => renderValue(key, v)).join(nested ? " | " : "; ");
  }
  if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    // A lot as the tender module writes it: { lotId, number, title }.
    if (typeof o.number === "number" && typeof o.title === "string") {
      return `Los ${o.number} „${o.title}“`;
    }
    const inner = renderFields(o);
    // A body { bodyId, name } or anything else with a single visible field: just its value.
    if (inner.length === 1 && (typeof o.name === "string" || Object.keys(o).length === 1)) {
      return inner[0]!.slice(inner[0]!.indexOf(": ") + 2);
    }
    return inner.length > 0 ? inner.join(", ") : "–";
  }
  return renderScalar(key, value);
}

function renderFields(data: Record<string, unknown>): string[] {
  return Object.entries(data)
    .filter(([key, value]) => !hidden.test(key) && !isEmpty(value))
    .sort(([a], [b]) => (keyOrder.get(a) ?? 1000) - (keyOrder.get(b) ?? 1000))
    .map(([key, value]) => {
      const label = isUuid(key) ? "Kriterium" : (keyLabels[key] ?? key);
      return `${label}: ${renderValue(key, value)}`;
    });
}

type AdviceSnapshot = {
  date?: string;
  land?: string;
  framework?: boolean;
  termMonths?: number;
  lots?: { number?: number; title?: string; estimatedNetCents?: number }[];
  totalNetCents?: number;
  euThresholdCents?: number;
  euWide?: boolean;
  nationalLots?: (number | null)[];
  nationalProcedure?: { label?: string; advice?: string; rule?: string; message?: string };
  rule?: { id?: string; citation?: string };
};

const euro = (cents: unknown) =>
  typeof cents === "number" && Number.isSafeInteger(cents) ? formatEuro(cents) : "–";

/** The procedure advice as it was shown at a decision, in words. */
export function renderAdvice(advice: AdviceSnapshot): string[] {
  const lines: string[] = [];
  const context = [
    advice.date ? `Stichtag ${renderScalar("date", advice.date)}` : null,
    advice.land ?? null,
    advice.framework
      ? `Rahmenvereinbarung, ${nf.format(advice.termMonths ?? 0)} Monate`
      : advice.termMonths
        ? `Laufzeit ${nf.format(advice.termMonths)} Monate`
        : null,
  ].filter((x) => x !== null);
  lines.push(`Empfehlung zu diesem Zeitpunkt${context.length ? ` (${context.join(", ")})` : ""}:`);
  if (advice.totalNetCents !== undefined) {
    lines.push(
      `– Geschätzter Gesamtauftragswert ${euro(advice.totalNetCents)} netto; EU-Schwellenwert ${euro(advice.euThresholdCents)} → ${advice.euWide ? "EU-weites Verfahren" : "nationales Verfahren"}`,
    );
  }
  if (advice.lots && advice.lots.length > 0) {
    lines.push(
      `– Lose: ${advice.lots.map((l) => `Los ${l.number ?? "?"}${l.title ? ` „${l.title}“` : ""}: ${euro(l.estimatedNetCents)}`).join("; ")}`,
    );
  }
  if (advice.euWide) {
    const national = (advice.nationalLots ?? []).filter((n) => n !== null);
    lines.push(
      national.length > 0
        ? `– Kleinlosregel (§ 3 Abs. 9 VgV, 20 %): national vergebbar ${national.map((n) => `Los ${n}`).join(", ")}`
        : "– Kleinlosregel (§ 3 Abs. 9 VgV, 20 %): kein Los national vergebbar",
    );
  }
  const np = advice.nationalProcedure;
  if (np) {
    lines.push(
      np.label
        ? `– Nationales Verfahren: ${np.label}${np.advice ? ` – ${np.advice}` : ""}${np.rule ? ` (Regel ${np.rule})` : ""}`
        : `– Nationales Verfahren: ${np.message ?? "–"}`,
    );
  }
  if (advice.rule) {
    lines.push(
      `– Angewandte Regel: ${[advice.rule.citation, advice.rule.id ? `(${advice.rule.id})` : null].filter(Boolean).join(" ")}`,
    );
  }
  return lines;
}

/** The action in German and its details in words, one line per fact. */
export function describeAuditEvent(event: Pick<RecordEvent, "action" | "data">): {
  action: string;
  details: string;
} {
  const data = event.data ?? {};
  const lines: string[] = [];
  if (event.action === "tender.procedure_chosen") {
    const label =
      typeof data.label === "string" ? data.label : procedureLabel(String(data.procedure ?? ""));
    lines.push(`Gewählt: ${label ?? "–"}`);
    if (data.departsFromAdvice === true) {
      lines.push(
        `Weicht von der Empfehlung ab${typeof data.departure === "string" ? `: ${data.departure}` : ""}`,
      );
    }
    if (typeof data.reason === "string" && data.reason !== "")
      lines.push(`Begründung: ${data.reason}`);
  } else if (event.action === "tender.lot_awarded") {
    lines.push(
      `Los ${String(data.lotNumber ?? "?")}${typeof data.lotTitle === "string" ? ` – ${data.lotTitle}` : ""}: Zuschlag an ${String(data.bidderName ?? "–")} (Rang ${String(data.rank ?? "–")}), Wertungspreis ${euro(data.evaluatedNetCents)} netto`,
    );
    if (typeof data.reason === "string" && data.reason !== "")
      lines.push(`Begründung: ${data.reason}`);
    if (Array.isArray(data.ranking)) {
      lines.push(
        `Rangfolge: ${(
          data.ranking as { rank?: number; bidderName?: string; evaluatedNetCents?: number }[]
        )
          .map((r) => `${r.rank ?? "?"}. ${r.bidderName ?? "–"} ${euro(r.evaluatedNetCents)}`)
          .join("; ")}`,
      );
    }
  } else {
    lines.push(...renderFields(data));
  }
  if (typeof data.advice === "object" && data.advice !== null) {
    lines.push(...renderAdvice(data.advice as AdviceSnapshot));
  }
  return { action: actionLabel(event.action), details: lines.join("\n") };
}

/** A wrapped cell's height: Excel does not grow rows written by a program on its own. */
function rowHeight(details: string, width: number): number {
  const lines = details
    .split("\n")
    .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / (width * 1.1))), 0);
  return Math.min(409, Math.max(1, lines) * 15);
}

export async function buildAuditRecord({
  tender,
  events,
  now,
}: {
  tender: RecordTender;
  events: RecordEvent[];
  now: Date;
}): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  const workbook = createWorkbook({ now, title: `Vergabevermerk ${tender.referenceNumber}` });
  const sheet = workbook.addWorksheet(RECORD_SHEET, {
    views: frozenHeader(RECORD_HEADER_ROW),
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${RECORD_HEADER_ROW}:${RECORD_HEADER_ROW}`,
      margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&LVergabevermerk ${guardSpreadsheetText(tender.referenceNumber).replace(/&/g, "&&")}&RStand ${formatBerlin(now)} Uhr`,
      oddFooter: pageFooter(),
    },
  });

  sheet.getCell("A1").value = "Vergabevermerk (§ 8 VgV)";
  sheet.getCell("A1").font = TITLE_FONT;
  sheet.getCell("A2").value = guardSpreadsheetText(
    `${tender.title} · Vergabenummer ${tender.referenceNumber} · ${tenderStatusLabels[tender.status]}`,
  );
  sheet.getCell("A3").value = guardSpreadsheetText(
    `Federführende Körperschaft: ${tender.leadBodyName}${tender.leadBodyAgs ? ` (AGS ${tender.leadBodyAgs})` : ""}`,
  );
  sheet.getCell("A4").value =
    `Stand: ${formatBerlin(now)} Uhr · ${nf.format(events.length)} Einträge in zeitlicher Reihenfolge (Zeiten: Europe/Berlin)`;

  writeHeaderRow(sheet, RECORD_HEADER_ROW, RECORD_COLUMNS);
  const detailsWidth = RECORD_COLUMNS.at(-1)!.width;

  events.forEach((event, i) => {
    const row = sheet.getRow(RECORD_HEADER_ROW + 1 + i);
    const { action, details } = describeAuditEvent(event);
    row.getCell(1).value = i + 1;
    row.getCell(2).value = berlinExcelDate(event.occurredAt);
    row.getCell(2).numFmt = DATE_TIME_SECONDS_FORMAT;
    row.getCell(3).value = guardSpreadsheetText(event.actorName ?? "System");
    row.getCell(4).value = guardSpreadsheetText(event.bodyName ?? "–");
    row.getCell(5).value = action;
    row.getCell(6).value = guardSpreadsheetText(details);
    for (let c = 1; c <= RECORD_COLUMNS.length; c++) {
      row.getCell(c).alignment = { vertical: "top", wrapText: c >= 3 };
    }
    row.height = rowHeight(details, detailsWidth);
  });
  filterTable(sheet, { headerRow: RECORD_HEADER_ROW, columns: RECORD_COLUMNS.length });
  // The record is append-only in the database; this only guards against slips.
  await sheet.protect("", sheetProtection({ autoFilter: true }));

  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const fileName = `Vergabevermerk_${fileNameSlug(tender.referenceNumber, 30)}_${fileNameSlug(tender.title)}.xlsx`;
  return { fileName, bytes };
}

/** Logs the export and builds the record; undefined unless `leadBodyId` leads the tender. */
export async function loadAuditRecord({
  tenderId,
  leadBodyId,
  actorUserId,
  now = new Date(),
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  now?: Date;
}) {
  const record = await exportTenderAuditRecord({ tenderId, leadBodyId, actorUserId });
  if (!record) return undefined;
  return buildAuditRecord({ ...record, now });
}
