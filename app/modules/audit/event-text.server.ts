// The audit events in words: the German name of every action (a label table; an action without
// one still appears, as "Vorgang" with its code) and its data as one German line per fact. Shared
// by the Vergabevermerk (page and DOCX) and the XLSX event list. A new event type needs at most
// a label here: unknown data keys are shown with their code instead of being dropped.
import {
  awardCriteriaLabels,
  pricingLabels,
  roundPhaseLabels,
  sharedCostKeyLabels,
  sharedCostKindLabels,
  sharedCostPayerLabels,
  tenderStatusLabels,
} from "~/domain/vocabulary";

import { isUuid } from "~/domain/ids";
import { lifecycleStatusLabels } from "~/domain/lifecycle";
import { formatEuro, formatUnitPrice } from "~/domain/money";
import { procedureLabel } from "~/domain/ocds";
import { formatBerlin } from "~/kit/dates";
import { type RecordEvent } from "./tender-record.server";

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
  "tender.invoice_downloaded": "XRechnung heruntergeladen",
  "body.billing_data_changed": "Rechnungsdaten geändert",
  "body.national_deadline_changed": "Mindestfrist für nationale Verfahren geändert",
  "tender.split_exported": "Kostenaufteilung exportiert",
  "tender.status_changed": "Stand der Ausschreibung geändert",
  "tender.lot_status_changed": "Stand eines Loses geändert",
  "tender.lot_published": "Los veröffentlicht",
  "tender.lot_offers_closed": "Angebotsfrist eines Loses abgelaufen",
  "tender.lot_evaluation_started": "Wertung eines Loses begonnen",
  "tender.lot_bidders_informed": "Bieter nach § 134 GWB informiert",
  "tender.lot_completed": "Los abgeschlossen",
  "tender.lot_cancelled": "Los aufgehoben",
  "tender.bid_excluded": "Angebot ausgeschlossen",
  "tender.bid_admitted": "Angebot zugelassen",
  "tender.deadline_set": "Angebotsfrist festgelegt",
  "round.created": "Bedarfsabfrage angelegt",
  "round.updated": "Bedarfsabfrage geändert",
  "round.items_set": "Artikel der Bedarfsabfrage festgelegt",
  "round.bodies_invited": "Körperschaften eingeladen",
  "round.body_uninvited": "Einladung zurückgenommen",
  "round.opened": "Bedarfsabfrage eröffnet",
  "round.closed": "Bedarfsabfrage geschlossen",
  "round.closed_early": "Bedarfsabfrage vorzeitig geschlossen",
  "round.reopened": "Bedarfsabfrage wieder geöffnet",
  "round.reminded": "An die Frist der Bedarfsabfrage erinnert",
  "round.no_demand": "Kein Bedarf gemeldet",
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
  changes: "Änderungen",
  text: "Vorgang",
  status: "Stand",
  previousStatus: "bisheriger Stand",
  deadline: "Frist",
  previousDeadline: "bisherige Frist",
  originalDeadline: "ursprüngliche Frist",
  opensAt: "Beginn",
  invitedBodies: "Körperschaften",
  bodies: "eingeladene Körperschaften",
  bodyName: "Körperschaft",
  kreisKey: "Kreisschlüssel",
  days: "Tage vor der Frist",
  recipients: "Empfänger/innen",
  estimatedValueCents: "Geschätzter Auftragswert netto",
  procedureLabel: "Verfahrensart",
  ground: "Ausnahmetatbestand",
  citation: "Vorschrift",
  justification: "Begründung des Ausnahmetatbestands",
  deviation: "Abweichung von der Empfehlung",
  advised: "empfohlen",
  notes: "Vermerke",
  electronic: "elektronisch versandt",
  sentAt: "versandt am",
  standstillEndsAt: "Ende der Wartefrist",
  count: "Anzahl",
};
const keyOrder = new Map(Object.keys(keyLabels).map((key, i) => [key, i]));

const valueLabels: Record<string, Record<string, string>> = {
  pricing: pricingLabels,
  criteria: awardCriteriaLabels,
  key: sharedCostKeyLabels,
  kind: sharedCostKindLabels,
  payers: sharedCostPayerLabels,
  source: { typed: "eingegeben", upload: "hochgeladen" },
  status: { ...lifecycleStatusLabels, ...tenderStatusLabels },
  from: { ...lifecycleStatusLabels, ...roundPhaseLabels },
  to: { ...lifecycleStatusLabels, ...roundPhaseLabels },
  previousStatus: { ...roundPhaseLabels, ...lifecycleStatusLabels },
  format: { xlsx: "Tabelle (XLSX)", docx: "Dokument (DOCX)" },
};
valueLabels.old = { ...valueLabels.key };
valueLabels.new = { ...valueLabels.key };
valueLabels.before = { ...valueLabels.key };

const hidden = /(^id$|^ids$|Id$|Ids$|^evaluatedPrice$|^advice$|^checked$)/;
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
    // A ground from the law's list: { id, label, citation }.
    if (typeof o.citation === "string" && typeof o.label === "string") {
      return `${o.citation}: ${o.label}`;
    }
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
      const label = isUuid(key) ? "Kriterium" : (keyLabels[key] ?? `Angabe „${key}“`);
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

/**
 * A change as before and after (`old`/`new`, `before`/`after` with the same keys): only the
 * facts that changed, "Titel: A → B", so an edit of one field does not repeat the whole record.
 */
function renderChange(data: Record<string, unknown>): string[] | undefined {
  const pair = (["old", "new"] as const).every((k) => isRecord(data[k]))
    ? [data.old, data.new]
    : isRecord(data.before) && isRecord(data.after)
      ? [data.before, data.after]
      : undefined;
  if (!pair) return undefined;
  const [before, after] = pair as [Record<string, unknown>, Record<string, unknown>];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !hidden.test(k))
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .sort((a, b) => (keyOrder.get(a) ?? 1000) - (keyOrder.get(b) ?? 1000));
  const rest = Object.fromEntries(
    Object.entries(data).filter(([k]) => !["old", "new", "before", "after"].includes(k)),
  );
  const lines = keys.map(
    (k) =>
      `${keyLabels[k] ?? `Angabe „${k}“`}: ${isEmpty(before[k]) ? "–" : renderValue(k, before[k])} → ${isEmpty(after[k]) ? "–" : renderValue(k, after[k])}`,
  );
  return [...(lines.length > 0 ? lines : ["Keine inhaltliche Änderung"]), ...renderFields(rest)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const when = (value: unknown) => (text(value) ? renderScalar("deadline", value) : "–");

/** A round's state change: the deadline it had, the one it got, and why. */
function renderRoundChange(action: string, data: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const previous = text(data.previousDeadline);
  const deadline = text(data.deadline);
  if (action === "round.closed") {
    if (deadline && previous && Date.parse(deadline) < Date.parse(previous)) {
      lines.push(
        `Vorzeitig geschlossen am ${when(deadline)}; ursprüngliche Frist: ${when(previous)}`,
      );
    } else if (previous) {
      lines.push(`Geschlossen nach Ablauf der Frist (${when(previous)})`);
    }
  } else if (action === "round.reopened") {
    lines.push(`Neue Frist: ${when(deadline)}; bisherige Frist: ${when(previous)}`);
  } else if (previous) {
    lines.push(`Frist: ${when(previous)}`);
  }
  if (text(data.reason)) lines.push(`Begründung: ${data.reason as string}`);
  return lines;
}

/** What the procedure gate adds to a choice: the exception ground, its justification, notes. */
export function gateLines(data: Record<string, unknown>): string[] {
  const lines: string[] = [];
  if (typeof data.estimatedValueCents === "number")
    lines.push(`Geschätzter Auftragswert: ${euro(data.estimatedValueCents)} netto`);
  if (isRecord(data.ground))
    lines.push(`Ausnahmetatbestand: ${renderValue("ground", data.ground)}`);
  else if (text(data.ground)) lines.push(`Ausnahmetatbestand: ${data.ground as string}`);
  if (text(data.justification))
    lines.push(`Begründung des Ausnahmetatbestands: ${data.justification as string}`);
  if (isRecord(data.deviation) && text(data.deviation.reason))
    lines.push(
      `Abweichung von der Empfehlung${text(data.deviation.advised) ? ` (empfohlen: ${data.deviation.advised as string})` : ""}: ${data.deviation.reason as string}`,
    );
  if (Array.isArray(data.notes)) lines.push(...data.notes.filter((n) => typeof n === "string"));
  return lines;
}

const roundChanges = new Set(["round.opened", "round.closed", "round.reopened"]);

/** The action in German and its details in words, one line per fact. */
export function describeAuditEvent(
  event: Pick<RecordEvent, "action" | "data">,
  options: { advice?: boolean } = {},
): {
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
    lines.push(...gateLines(isRecord(data.gate) ? { ...data, ...data.gate } : data));
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
  } else if (roundChanges.has(event.action)) {
    lines.push(...renderRoundChange(event.action, data));
  } else if (typeof data.text === "string") {
    // a lifecycle step writes its own German sentence ("Veröffentlicht → Wertung")
    lines.push(
      data.text,
      ...renderFields({ ...data, text: undefined, from: undefined, to: undefined }),
    );
  } else {
    lines.push(...(renderChange(data) ?? renderFields(data)));
  }
  if (typeof data.advice === "object" && data.advice !== null) {
    if (options.advice === false) lines.push("Empfehlung zu diesem Zeitpunkt: siehe Abschnitt 3");
    else lines.push(...renderAdvice(data.advice as AdviceSnapshot));
  }
  return { action: actionLabel(event.action), details: lines.join("\n") };
}
