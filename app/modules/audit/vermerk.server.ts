// The Vergabevermerk (§ 8 VgV) as a document to sign: the sections § 8 Abs. 2 VgV names, written
// from the tender's facts and its append-only audit log (tender-record), in German. One plain
// model (sections of facts, text, lists and tables) that the page and the DOCX writer both draw,
// so the printed page and the Word file say the same. Pure apart from `loadVermerk`.
import { formatEuro } from "~/domain/money";
import { procedureLabel } from "~/domain/ocds";
import { tenderStatusLabels } from "~/domain/vocabulary";
import { formatBerlin, formatBerlinDate } from "~/kit/dates";
import { actionLabel, describeAuditEvent, gateLines } from "./event-text.server";
import { loadTenderRecord, type RecordEvent, type TenderRecord } from "./tender-record.server";
import { type Vermerk, type VermerkBlock, VERMERK_SECTIONS } from "./vermerk-model";

export { type Vermerk, type VermerkBlock, VERMERK_SECTIONS };

/** Events that are reading the record, not steps of the procedure: left out of the document. */
const READS = new Set(["tender.record_exported", "tender.split_exported"]);

const nf = new Intl.NumberFormat("de-DE");
const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) ? v : undefined);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const at = (d: Date) => `${formatBerlin(d)} Uhr`;

function contractingBodies(record: TenderRecord): VermerkBlock[] {
  const { tender, participants } = record;
  const ags = (a: string | null) => (a ? ` (AGS ${a})` : "");
  return [
    {
      kind: "facts",
      rows: [
        [
          "Federführende Körperschaft (Vergabestelle)",
          `${tender.leadBodyName}${ags(tender.leadBodyAgs)}`,
        ],
        ["Art der Beschaffung", "Gemeinsame Auftragsvergabe (§ 4 VgV)"],
      ],
    },
    participants.length > 0
      ? {
          kind: "table",
          caption: "Beteiligte Körperschaften",
          headers: ["Körperschaft", "Amtlicher Gemeindeschlüssel"],
          rows: participants.map((p) => [p.name, p.ags ?? "–"]),
          widths: [6000, 3000],
        }
      : { kind: "text", text: "Beteiligte Körperschaften: noch keine festgelegt." },
  ];
}

function latest(events: RecordEvent[], action: string): RecordEvent | undefined {
  return events.filter((e) => e.action === action).at(-1);
}

/** The estimated value the procedure was chosen on (§ 3 VgV, the whole term). */
function estimatedValue(choice: RecordEvent | undefined): number | undefined {
  if (!choice) return undefined;
  const d = choice.data;
  const gate = isRecord(d.gate) ? d.gate : {};
  const advice = isRecord(d.advice) ? d.advice : {};
  return num(d.estimatedValueCents) ?? num(gate.estimatedValueCents) ?? num(advice.totalNetCents);
}

function subject(record: TenderRecord, choice: RecordEvent | undefined): VermerkBlock[] {
  const { tender, lots, rounds } = record;
  const [y, m, d] = tender.contractStart.split("-");
  const value = estimatedValue(choice);
  const rows: [string, string][] = [
    ["Bezeichnung", tender.title],
    ["Vergabenummer", tender.referenceNumber],
    ["Stand des Verfahrens", tenderStatusLabels[tender.status]],
    [
      "Vertragslaufzeit",
      `${nf.format(tender.termMonths)} Monate ab ${d}.${m}.${y}${tender.framework ? " (Rahmenvereinbarung)" : ""}`,
    ],
    [
      "Geschätzter Auftragswert (§ 3 VgV, gesamte Laufzeit einschließlich Optionen und Verlängerungen)",
      value !== undefined
        ? `${formatEuro(value)} netto (geschätzt bei der Wahl der Verfahrensart am ${at(choice!.occurredAt)})`
        : "noch nicht geschätzt: die Verfahrensart ist noch nicht gewählt",
    ],
    ["Angebotsfrist", at(tender.submissionDeadline)],
  ];
  if (tender.publishedAt) rows.push(["Veröffentlicht", at(tender.publishedAt)]);
  if (rounds.length > 0)
    rows.push(["Gebündelte Bedarfsabfragen", rounds.map((r) => `„${r.title}“`).join("; ")]);
  const blocks: VermerkBlock[] = [{ kind: "facts", rows }];
  if (text(tender.description)) blocks.push({ kind: "text", text: tender.description.trim() });
  if (lots.length > 0)
    blocks.push({ kind: "list", items: lots.map((l) => `Los ${l.number}: ${l.title}`) });
  return blocks;
}

function procedure(record: TenderRecord, choice: RecordEvent | undefined): VermerkBlock[] {
  const { tender } = record;
  const chosen = tender.procedure ? (procedureLabel(tender.procedure) ?? tender.procedure) : null;
  if (!choice) {
    return [
      {
        kind: "text",
        text: chosen ? `Verfahrensart: ${chosen}.` : "Die Verfahrensart ist noch nicht gewählt.",
      },
    ];
  }
  const details = describeAuditEvent(choice).details.split("\n");
  return [
    {
      kind: "text",
      text: `Verfahrensart: ${chosen ?? "–"} (gewählt am ${at(choice.occurredAt)} von ${choice.actorName ?? "–"}).`,
    },
    {
      kind: "list",
      items: details.filter((l) => !l.startsWith("Gewählt: ")).map((l) => l.replace(/^– /, "")),
    },
  ];
}

type Bidder = { bidId: string; name: string; lot: string; received: Date; status: string };

function bidders(events: RecordEvent[]): VermerkBlock[] {
  const byId = new Map<string, Bidder>();
  for (const e of events) {
    const d = e.data;
    if (e.action === "tender.bid_recorded" && text(d.bidId)) {
      byId.set(d.bidId as string, {
        bidId: d.bidId as string,
        name: text(d.bidderName) ?? "–",
        lot: d.lotNumber !== undefined ? `Los ${String(d.lotNumber)}` : "–",
        received: e.occurredAt,
        status: "Eingegangen; noch nicht gewertet",
      });
    } else if (e.action === "tender.lot_awarded" && Array.isArray(d.ranking)) {
      for (const r of d.ranking as Record<string, unknown>[]) {
        const bid = byId.get(String(r.bidId));
        if (!bid) continue;
        const won = r.bidId === d.bidId;
        bid.status = `Zugelassen und gewertet: Rang ${String(r.rank ?? "–")}, Wertungspreis ${num(r.evaluatedNetCents) !== undefined ? formatEuro(r.evaluatedNetCents as number) : "–"} netto${won ? "; Zuschlag" : ""}`;
      }
    } else if (text(d.bidId) && byId.has(d.bidId as string)) {
      const bid = byId.get(d.bidId as string)!;
      if (e.action === "tender.bid_quality_points_set") continue;
      const reason = text(d.reason) ?? text(d.justification);
      bid.status =
        e.action === "tender.bid_deleted"
          ? `Gelöscht am ${at(e.occurredAt)} (als Erfassungsfehler; nicht gewertet)`
          : `${actionLabel(e.action)} am ${at(e.occurredAt)}${reason ? `: ${reason}` : ""}`;
    }
  }
  const rows = [...byId.values()];
  if (rows.length === 0) return [{ kind: "text", text: "Es sind keine Angebote erfasst." }];
  return [
    {
      kind: "table",
      caption: "Angebote",
      headers: ["Bieter", "Los", "Eingang erfasst", "Zulassung, Ausschluss und Wertung"],
      rows: rows.map((b) => [b.name, b.lot, at(b.received), b.status]),
      widths: [2400, 900, 1800, 3900],
    },
  ];
}

function award(events: RecordEvent[]): VermerkBlock[] {
  const awards = events.filter((e) => e.action === "tender.lot_awarded");
  if (awards.length === 0) return [{ kind: "text", text: "Es ist noch kein Zuschlag erteilt." }];
  return [
    {
      kind: "table",
      caption: "Zuschläge",
      headers: ["Los", "Zuschlag an", "Wertungspreis netto", "Gründe"],
      rows: awards.map((e) => {
        const d = e.data;
        const best = d.rank === 1;
        const reasons = [
          best
            ? "Wirtschaftlichstes Angebot nach den bekannt gemachten Zuschlagskriterien (Rang 1)"
            : `Rang ${String(d.rank ?? "–")}`,
          text(d.reason) ? `Begründung: ${d.reason as string}` : null,
          `Erteilt am ${at(e.occurredAt)} von ${e.actorName ?? "–"}`,
        ].filter(Boolean);
        return [
          `Los ${String(d.lotNumber ?? "?")}${text(d.lotTitle) ? ` – ${d.lotTitle as string}` : ""}`,
          text(d.bidderName) ?? "–",
          num(d.evaluatedNetCents) !== undefined ? formatEuro(d.evaluatedNetCents as number) : "–",
          reasons.join("\n"),
        ];
      }),
      widths: [1800, 2000, 1800, 3400],
    },
  ];
}

/** Every decision the law lets an office take only with a reason, with that reason. */
function deviations(record: TenderRecord, events: RecordEvent[]): VermerkBlock[] {
  const items: string[] = [];
  for (const e of events) {
    const d = e.data;
    const when = at(e.occurredAt);
    if (e.action === "tender.procedure_chosen") {
      if (d.departsFromAdvice === true)
        items.push(
          `${when} – Verfahrensart weicht von der Empfehlung ab${text(d.departure) ? ` (${d.departure as string})` : ""}${text(d.reason) ? `; Begründung: ${d.reason as string}` : ""}`,
        );
      const gate = gateLines(isRecord(d.gate) ? { ...d.gate } : d).filter(
        (l) => l.startsWith("Ausnahmetatbestand") || l.startsWith("Begründung des"),
      );
      if (gate.length > 0) items.push(`${when} – ${gate.join("; ")}`);
    } else if (e.action === "round.closed" && text(d.deadline) && text(d.previousDeadline)) {
      if (Date.parse(d.deadline as string) < Date.parse(d.previousDeadline as string))
        items.push(
          `${when} – Bedarfsabfrage „${e.roundTitle ?? "–"}“ vorzeitig geschlossen; ursprüngliche Frist: ${formatBerlin(d.previousDeadline as string)} Uhr`,
        );
    } else if (e.action === "tender.lot_awarded") {
      if (d.rank !== 1)
        items.push(
          `${when} – Zuschlag für Los ${String(d.lotNumber ?? "?")} nicht auf das erstplatzierte Angebot${text(d.reason) ? `; Begründung: ${d.reason as string}` : ""}`,
        );
    } else if (!READS.has(e.action) && (text(d.reason) || text(d.justification))) {
      // a reopened round, an Aufhebung, a shortened deadline … and any reasoned step to come
      const subject = e.roundTitle ? ` („${e.roundTitle}“)` : "";
      items.push(
        `${when} – ${actionLabel(e.action)}${subject}: ${[text(d.reason), text(d.justification)].filter(Boolean).join("; ")}`,
      );
    }
  }
  if (text(record.tender.termReason))
    items.push(`Laufzeit über 48 Monate (§ 21 Abs. 6 VgV): ${record.tender.termReason}`);
  return items.length > 0
    ? [{ kind: "list", items }]
    : [{ kind: "text", text: "Keine Abweichungen und keine Ausnahmen erfasst." }];
}

function history(events: RecordEvent[]): VermerkBlock[] {
  return [
    {
      kind: "table",
      caption: "Verlauf (Zeiten in Europe/Berlin)",
      headers: ["Nr.", "Zeitpunkt", "Vorgang", "Einzelheiten", "Person"],
      rows: events.map((e, i) => {
        const { action, details } = describeAuditEvent(e, { advice: false });
        return [
          nf.format(i + 1),
          at(e.occurredAt),
          e.roundTitle ? `${action} („${e.roundTitle}“)` : action,
          details || "–",
          [e.actorName ?? "System", e.bodyName].filter(Boolean).join(", "),
        ];
      }),
      widths: [500, 1400, 1800, 3900, 1400],
    },
  ];
}

/** The document's model from a loaded record; `now` is its date. */
export function buildVermerk(record: TenderRecord, now: Date): Vermerk {
  const events = record.events.filter((e) => !READS.has(e.action));
  const choice = latest(events, "tender.procedure_chosen");
  const { tender } = record;
  const blocks = [
    contractingBodies(record),
    subject(record, choice),
    procedure(record, choice),
    bidders(events),
    award(events),
    deviations(record, events),
    history(events),
    [
      {
        kind: "text",
        text: "Der Vermerk gibt die Angaben und den Verlauf wieder, wie sie in Bündelkauf revisionssicher protokolliert sind.",
      },
    ] satisfies VermerkBlock[],
  ];
  return {
    title: "Vergabevermerk (§ 8 VgV)",
    subtitle: `${tender.title} · Vergabenummer ${tender.referenceNumber}`,
    asOf: `Stand: ${formatBerlinDate(now)}, ${formatBerlin(now).split(" ").at(-1)} Uhr`,
    referenceNumber: tender.referenceNumber,
    sections: VERMERK_SECTIONS.map((heading, i) => ({ heading, blocks: blocks[i]! })),
    signatures: [
      `Aufgestellt: Vergabestelle, ${tender.leadBodyName}`,
      `Geprüft und freigegeben: ${tender.leadBodyName}`,
    ],
  };
}

/** The Vermerk of a tender for its lead's Vergabestelle; undefined for anyone else. */
export async function loadVermerk({
  tenderId,
  leadBodyId,
  log,
  now = new Date(),
}: {
  tenderId: string;
  leadBodyId: string;
  log?: { actorUserId: string; format: "docx" };
  now?: Date;
}): Promise<Vermerk | undefined> {
  const record = await loadTenderRecord({ tenderId, leadBodyId, log });
  return record && buildVermerk(record, now);
}
