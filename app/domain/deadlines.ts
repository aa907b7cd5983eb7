import { TZDate } from "@date-fns/tz";
import {
  type IsoDate,
  formatGermanDate,
  formatIsoDate,
  parseIsoDate,
} from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { MIN_REASON_LENGTH, requireInteger, substantialReason } from "~/domain/input-checks";
import { type ProcedureChoice } from "~/domain/vocabulary";

/**
 * Legal minimums for submission periods (Teilnahme- und Angebotsfristen) and the § 134 GWB
 * standstill, in Europe/Berlin calendar days. Pure: the sending time comes in as an instant.
 *
 * Above the EU threshold (VgV): a period "gerechnet ab dem Tag nach der Absendung" of N days
 * ends at the end of the N-th calendar day after the day of sending (§ 82 VgV with Art. 3 of
 * Regulation (EEC, Euratom) No 1182/71); when that day is a Saturday, Sunday or a holiday passed
 * in, it ends at the end of the next working day (Art. 3 Abs. 4). So the earliest allowed deadline
 * is 00:00 Berlin time on the day after. Below the threshold (UVgO § 13: "angemessen") the office
 * sets a minimum for Öffentliche and Beschränkte Ausschreibung (default 10 days, shorter only
 * with a recorded reason); Verhandlungsvergabe and Direktauftrag have none, but a deadline must
 * still lie after the sending.
 */
export const BERLIN = "Europe/Berlin";
export const DEFAULT_NATIONAL_MINIMUM_DAYS = 10;

export type DeadlineStage = "participation" | "offers";

export const deadlineStageLabels: Record<DeadlineStage, string> = {
  participation: "Teilnahmefrist",
  offers: "Angebotsfrist",
};

export type DeadlineInput = {
  procedure: ProcedureChoice;
  stage: DeadlineStage;
  /** when the notice (Auftragsbekanntmachung) or the invitation was sent */
  sentAt: Date;
  /** offers are accepted electronically (§ 15 Abs. 4, § 16 Abs. 8 VgV); default true */
  electronic?: boolean;
  /** a reasoned urgency (hinreichend begründete Dringlichkeit), recorded in the file */
  urgencyReason?: string;
  /** the office's minimum below the EU threshold, in days */
  nationalMinimumDays?: number;
  /** why a national period may be shorter than that minimum, recorded in the file */
  shorterReason?: string;
  /** public holidays at the place of the contracting body (ISO dates) */
  holidays?: readonly IsoDate[];
};

export type DeadlineMinimum = {
  /** 0 = no minimum, only "after sending" */
  minimumDays: number;
  citation: string;
  /** the Berlin calendar day the minimum period ends on, null without a minimum */
  lastDay: IsoDate | null;
  /** the earliest instant a deadline may be set to */
  earliestDeadline: Date;
  /** German, without the period's name: "mindestens 30 Tage (…), gerechnet ab …" */
  explanation: string;
};

type Rule = { days: number; citation: string; why: string; eu: boolean };

function euRule(input: DeadlineInput): Rule {
  const urgent = input.urgencyReason !== undefined;
  const electronic = input.electronic ?? true;
  const { procedure, stage } = input;
  if (procedure === "eu-open") {
    if (stage === "participation") {
      throw new DomainError(
        "Das offene Verfahren hat keinen Teilnahmewettbewerb und keine Teilnahmefrist.",
      );
    }
    if (urgent)
      return {
        days: 15,
        citation: "§ 15 Abs. 3 VgV",
        why: "hinreichend begründete Dringlichkeit",
        eu: true,
      };
    if (electronic)
      return {
        days: 30,
        citation: "§ 15 Abs. 2 und 4 VgV",
        why: "elektronische Übermittlung der Angebote",
        eu: true,
      };
    return { days: 35, citation: "§ 15 Abs. 2 VgV", why: "Regelfrist", eu: true };
  }
  if (procedure === "eu-restricted") {
    if (stage === "participation") {
      return urgent
        ? {
            days: 15,
            citation: "§ 16 Abs. 3 VgV",
            why: "hinreichend begründete Dringlichkeit",
            eu: true,
          }
        : { days: 30, citation: "§ 16 Abs. 2 VgV", why: "Regelfrist", eu: true };
    }
    if (urgent)
      return {
        days: 10,
        citation: "§ 16 Abs. 7 VgV",
        why: "hinreichend begründete Dringlichkeit",
        eu: true,
      };
    if (electronic)
      return {
        days: 25,
        citation: "§ 16 Abs. 5 und 8 VgV",
        why: "elektronische Übermittlung der Angebote",
        eu: true,
      };
    return { days: 30, citation: "§ 16 Abs. 5 VgV", why: "Regelfrist", eu: true };
  }
  // eu-negotiated (mit Teilnahmewettbewerb). No electronic shortening here: its paragraph was not
  // checked against the text, and the longer period is always lawful.
  if (stage === "participation") {
    return urgent
      ? {
          days: 15,
          citation: "§ 17 VgV (Teilnahmefrist bei Dringlichkeit)",
          why: "hinreichend begründete Dringlichkeit",
          eu: true,
        }
      : { days: 30, citation: "§ 17 VgV (Teilnahmefrist)", why: "Regelfrist", eu: true };
  }
  return urgent
    ? {
        days: 10,
        citation: "§ 17 VgV (Frist für Erstangebote bei Dringlichkeit)",
        why: "hinreichend begründete Dringlichkeit",
        eu: true,
      }
    : { days: 30, citation: "§ 17 VgV (Frist für Erstangebote)", why: "Regelfrist", eu: true };
}

function nationalRule(input: DeadlineInput): Rule {
  if (input.procedure === "national-negotiated" || input.procedure === "direct-award") {
    return { days: 0, citation: "UVgO (keine Mindestfrist)", why: "keine Mindestfrist", eu: false };
  }
  const configured = requireInteger(
    input.nationalMinimumDays ?? DEFAULT_NATIONAL_MINIMUM_DAYS,
    "Mindestfrist in Tagen",
    { min: 0, max: 365 },
  );
  if (input.shorterReason !== undefined) {
    return {
      days: 0,
      citation: "§ 13 UVgO",
      why: "kürzere Frist mit dokumentierter Begründung",
      eu: false,
    };
  }
  return {
    days: configured,
    citation: "§ 13 UVgO mit der Mindestfrist der Vergabestelle",
    why: "Mindestfrist der Vergabestelle",
    eu: false,
  };
}

/** The Berlin calendar date of an instant. */
export function berlinDate(instant: Date): IsoDate {
  const t = new TZDate(instant.getTime(), BERLIN);
  return formatIsoDate(t.getFullYear(), t.getMonth() + 1, t.getDate());
}

/** 00:00 Berlin time on a calendar date, as an instant. */
export function berlinStartOfDay(date: IsoDate): Date {
  const { year, month, day } = parseIsoDate(date, "Datum");
  return new Date(new TZDate(year, month - 1, day, 0, 0, 0, BERLIN).getTime());
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parseIsoDate(date, "Datum");
  const t = new Date(Date.UTC(year, month - 1, day + days));
  return formatIsoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function isWorkingDay(date: IsoDate, holidays: readonly IsoDate[]): boolean {
  const { year, month, day } = parseIsoDate(date, "Datum");
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.includes(date);
}

function requireInstant(value: unknown, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainError(`${what} fehlt oder ist kein gültiger Zeitpunkt.`);
  }
  return value;
}

function requireReason(text: string | undefined, what: string): void {
  if (text !== undefined && substantialReason(text) === null) {
    throw new DomainError(
      `${what}: Bitte begründen Sie nachvollziehbar (mindestens ${MIN_REASON_LENGTH} Zeichen); die Begründung kommt in den Vergabevermerk.`,
    );
  }
}

export function deadlineMinimum(input: DeadlineInput): DeadlineMinimum {
  const sentAt = requireInstant(input.sentAt, "Absendung der Bekanntmachung");
  requireReason(input.urgencyReason, "Dringlichkeit");
  requireReason(input.shorterReason, "Kürzere Frist");
  const rule = input.procedure.startsWith("eu-") ? euRule(input) : nationalRule(input);
  if (rule.days === 0) {
    return {
      minimumDays: 0,
      citation: rule.citation,
      lastDay: null,
      earliestDeadline: new Date(sentAt.getTime() + 1),
      explanation: `${rule.why}; die Frist muss nach der Absendung enden.`,
    };
  }
  let lastDay = addCalendarDays(berlinDate(sentAt), rule.days);
  let shifted = false;
  if (rule.eu) {
    while (!isWorkingDay(lastDay, input.holidays ?? [])) {
      lastDay = addCalendarDays(lastDay, 1);
      shifted = true;
    }
  }
  return {
    minimumDays: rule.days,
    citation: rule.citation,
    lastDay,
    earliestDeadline: berlinStartOfDay(addCalendarDays(lastDay, 1)),
    explanation: `mindestens ${rule.days} Tage (${rule.why}, ${rule.citation}), gerechnet ab dem Tag nach der Absendung am ${formatGermanDate(berlinDate(sentAt))}${shifted ? "; das Fristende fällt auf ein Wochenende oder einen Feiertag und verschiebt sich auf den nächsten Werktag (Art. 3 Abs. 4 VO Nr. 1182/71)" : ""}.`,
  };
}

/** null when the deadline keeps the minimum, else a German message for the office. */
export function checkDeadline(input: DeadlineInput & { deadline: Date }): string | null {
  const deadline = requireInstant(input.deadline, deadlineStageLabels[input.stage]);
  const min = deadlineMinimum(input);
  if (deadline.getTime() >= min.earliestDeadline.getTime()) return null;
  if (min.lastDay === null) {
    return `Die ${deadlineStageLabels[input.stage]} muss nach der Absendung enden.`;
  }
  return `Die ${deadlineStageLabels[input.stage]} ist zu kurz: vorgeschrieben sind ${min.explanation} Frühestens zulässig ist das Ende des ${formatGermanDate(min.lastDay)} (24:00 Uhr).`;
}

// ─── § 134 GWB: Informations- und Wartepflicht ─────────────────────────────────────────────

export type Standstill = {
  days: 10 | 15;
  /** the last calendar day of the standstill (Berlin) */
  lastDay: IsoDate;
  /** the award (Zuschlag, contract) may be given from this instant on */
  awardPossibleFrom: Date;
  citation: string;
};

/**
 * § 134 Abs. 2 GWB: the contract may be concluded only 15 calendar days after the information to
 * the unsuccessful bidders was sent, 10 when sent electronically or by fax; the period starts on
 * the day after sending. It is a pure waiting period: it does not move off a weekend or holiday
 * (VK Bund, 28.06.2021, VK 2-77/21).
 */
export function standstillEnd({
  sentAt,
  electronic,
}: {
  sentAt: Date;
  electronic: boolean;
}): Standstill {
  const sent = requireInstant(sentAt, "Absendung der Information nach § 134 GWB");
  const days = electronic ? 10 : 15;
  const lastDay = addCalendarDays(berlinDate(sent), days);
  return {
    days,
    lastDay,
    awardPossibleFrom: berlinStartOfDay(addCalendarDays(lastDay, 1)),
    citation: electronic ? "§ 134 Abs. 2 Satz 2 GWB" : "§ 134 Abs. 2 Satz 1 GWB",
  };
}

// ─── The tender's one submission deadline (Angebotsfrist) at publication ──────────────────

/** "MEZ" or "MESZ": the Berlin zone an instant falls in. */
export function berlinZoneLabel(instant: Date): "MEZ" | "MESZ" {
  return new TZDate(instant.getTime(), BERLIN).getTimezoneOffset() === -60 ? "MEZ" : "MESZ";
}

export type SubmissionMinimum = {
  earliestDeadline: Date;
  /** German, one or two sentences: which periods, from when */
  explanation: string;
};

/**
 * The earliest Angebotsfrist a tender published at `sentAt` may have. The tender holds one
 * deadline, for the offers: in the open procedure and the national ones it runs from the notice;
 * in the two-stage EU procedures (nicht offenes Verfahren, Verhandlungsverfahren mit TW) the
 * offers period (§ 16 Abs. 5, § 17 VgV) runs from the invitation, which can go out when the
 * participation period (§ 16 Abs. 2, § 17 VgV) has ended at the earliest – so both are added.
 * `reason` is the reasoned urgency above the threshold, or the reason for a shorter period than
 * the office's minimum below it (decision 021).
 */
export function submissionMinimum({
  procedure,
  sentAt,
  reason,
  nationalMinimumDays,
  holidays,
}: {
  procedure: ProcedureChoice;
  sentAt: Date;
  reason?: string;
  nationalMinimumDays?: number;
  holidays?: readonly IsoDate[];
}): SubmissionMinimum {
  const given = reason?.trim() ? reason : undefined;
  const eu = procedure.startsWith("eu-");
  const base = {
    procedure,
    holidays,
    nationalMinimumDays,
    ...(given ? (eu ? { urgencyReason: given } : { shorterReason: given }) : {}),
  };
  if (procedure === "eu-restricted" || procedure === "eu-negotiated") {
    const participation = deadlineMinimum({ ...base, stage: "participation", sentAt });
    const offers = deadlineMinimum({
      ...base,
      stage: "offers",
      sentAt: participation.earliestDeadline,
    });
    return {
      earliestDeadline: offers.earliestDeadline,
      explanation: `Teilnahmefrist ${participation.explanation} Danach Angebotsfrist ${offers.explanation}`,
    };
  }
  const offers = deadlineMinimum({ ...base, stage: "offers", sentAt });
  return { earliestDeadline: offers.earliestDeadline, explanation: offers.explanation };
}

/** "06.01.2027, 00:00 Uhr (MEZ, Europe/Berlin)" */
export function formatBerlinInstant(instant: Date): string {
  const t = new TZDate(instant.getTime(), BERLIN);
  const hh = String(t.getHours()).padStart(2, "0");
  const mm = String(t.getMinutes()).padStart(2, "0");
  return `${formatGermanDate(berlinDate(instant))}, ${hh}:${mm} Uhr (${berlinZoneLabel(instant)}, Europe/Berlin)`;
}

/** null when the deadline keeps the minimum, else the German refusal naming the earliest date. */
export function checkSubmissionDeadline(
  input: Parameters<typeof submissionMinimum>[0] & { deadline: Date },
): string | null {
  const deadline = requireInstant(input.deadline, "Angebotsfrist");
  const min = submissionMinimum(input);
  if (deadline.getTime() >= min.earliestDeadline.getTime()) return null;
  return `Die Angebotsfrist ${formatBerlinInstant(deadline)} ist zu kurz: vorgeschrieben sind ${min.explanation} Frühestens zulässig ist ${formatBerlinInstant(min.earliestDeadline)}.`;
}
