import { formatGermanDate } from "~/domain/calendar-date";
import { TZDate } from "@date-fns/tz";

import { type Standstill, BERLIN, standstillEnd, berlinDate } from "~/domain/deadlines";
import { DomainError } from "~/domain/errors";
import {
  type CancellationGroundId,
  CANCELLATION_GROUNDS,
  cancellationCitation,
} from "~/domain/exception-grounds";
import { MIN_REASON_LENGTH, substantialReason } from "~/domain/input-checks";

/**
 * The life of a tender and of each of its lots, as a pure state machine: Entwurf → Veröffentlicht
 * → Angebotsfrist abgelaufen → Wertung → Zuschlag erteilt → Abgeschlossen, or Aufgehoben
 * (§ 63 VgV / § 48 UVgO, with a ground from the law's list). Nothing skips a step and nothing
 * goes back. Time comes in as `now`.
 *
 * Above the EU threshold the Zuschlag is the contract (§ 134 Abs. 2 GWB: the contract "darf erst …
 * geschlossen werden"): the office informs the unsuccessful bidders during the Wertung, and the
 * award is refused until the standstill is over. Once the award is given, the contract exists, so
 * an Aufhebung is possible up to the Wertung, not after the Zuschlag.
 */
export const LIFECYCLE_STATUSES = [
  "draft",
  "published",
  "offers-closed",
  "evaluation",
  "awarded",
  "completed",
  "cancelled",
] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const lifecycleStatusLabels: Record<LifecycleStatus, string> = {
  draft: "Entwurf",
  published: "Veröffentlicht",
  "offers-closed": "Angebotsfrist abgelaufen",
  evaluation: "Wertung",
  awarded: "Zuschlag erteilt",
  completed: "Abgeschlossen",
  cancelled: "Aufgehoben",
};

export type LifecycleAction =
  | { type: "publish" }
  | { type: "close-offers"; offerDeadline: Date }
  | { type: "start-evaluation" }
  /** § 134 GWB information to the unsuccessful bidders (may be sent again after a new Wertung) */
  | { type: "inform-bidders"; sentAt: Date; electronic: boolean }
  | { type: "award" }
  | { type: "complete" }
  | { type: "cancel"; ground: CancellationGroundId; justification: string };
export type LifecycleActionType = LifecycleAction["type"];

export const lifecycleActionLabels: Record<LifecycleActionType, string> = {
  publish: "Veröffentlichen",
  "close-offers": "Angebotsfrist abschließen",
  "start-evaluation": "Wertung beginnen",
  "inform-bidders": "Bieter nach § 134 GWB informieren",
  award: "Zuschlag erteilen",
  complete: "Abschließen",
  cancel: "Aufheben",
};

export type LifecycleState = {
  status: LifecycleStatus;
  /** the § 134 GWB information last sent */
  information?: { sentAt: Date; electronic: boolean };
  awardedAt?: Date;
  cancellation?: {
    ground: CancellationGroundId;
    citation: string;
    justification: string;
    at: Date;
  };
};

/** Which action each status allows, and where it leads. The table is the whole order. */
export const LIFECYCLE_TRANSITIONS: Record<
  LifecycleStatus,
  Partial<Record<LifecycleActionType, LifecycleStatus>>
> = {
  draft: { publish: "published", cancel: "cancelled" },
  published: { "close-offers": "offers-closed", cancel: "cancelled" },
  "offers-closed": { "start-evaluation": "evaluation", cancel: "cancelled" },
  evaluation: { "inform-bidders": "evaluation", award: "awarded", cancel: "cancelled" },
  awarded: { complete: "completed" },
  completed: {},
  cancelled: {},
};

export type LifecycleContext = {
  now: Date;
  /** the tender reaches the EU threshold (§ 106 GWB): § 134 GWB applies */
  euWide: boolean;
  /** "Los 2" or "Die Ausschreibung", for the messages */
  subject?: string;
};

const at = (d: Date) => formatGermanDate(berlinDate(d));

/** "17.12.2026, 00:00 Uhr (MEZ)": an instant in Berlin time, naming the zone. */
export function berlinDateTimeText(instant: Date): string {
  const t = new TZDate(instant.getTime(), BERLIN);
  const zone = t.getTimezoneOffset() === -120 ? "MESZ" : "MEZ";
  const hh = String(t.getHours()).padStart(2, "0");
  const mm = String(t.getMinutes()).padStart(2, "0");
  return `${formatGermanDate(berlinDate(instant))}, ${hh}:${mm} Uhr (${zone})`;
}

/** When the award becomes possible after a standstill, in German with the time zone. */
export function standstillEndText(standstill: Standstill): string {
  return berlinDateTimeText(standstill.awardPossibleFrom);
}

/** The next state, or a DomainError in German naming why the step is not possible now. */
export function transition(
  state: LifecycleState,
  action: LifecycleAction,
  { now, euWide, subject = "Die Ausschreibung" }: LifecycleContext,
): LifecycleState {
  const target = LIFECYCLE_TRANSITIONS[state.status][action.type];
  if (target === undefined) {
    throw new DomainError(
      `${subject} ist im Stand „${lifecycleStatusLabels[state.status]}“; „${lifecycleActionLabels[action.type]}“ ist jetzt nicht möglich.`,
    );
  }
  switch (action.type) {
    case "close-offers":
      if (now.getTime() < action.offerDeadline.getTime()) {
        throw new DomainError(
          `Die Angebotsfrist läuft noch bis ${at(action.offerDeadline)}; vorher kann sie nicht abgeschlossen werden.`,
        );
      }
      return { ...state, status: target };
    case "inform-bidders":
      if (action.sentAt.getTime() > now.getTime()) {
        throw new DomainError(
          "Die Information nach § 134 GWB kann nicht in der Zukunft abgesendet sein.",
        );
      }
      return {
        ...state,
        status: target,
        information: { sentAt: action.sentAt, electronic: action.electronic },
      };
    case "award": {
      if (euWide) {
        if (!state.information) {
          throw new DomainError(
            "Vor dem Zuschlag sind die unterlegenen Bieter nach § 134 GWB zu informieren.",
          );
        }
        const standstill = standstillEnd(state.information);
        if (now.getTime() < standstill.awardPossibleFrom.getTime()) {
          throw new DomainError(
            `Die Wartefrist nach ${standstill.citation} (${standstill.days} Kalendertage) läuft bis zum Ende des ${formatGermanDate(standstill.lastDay)}; der Zuschlag ist erst ab ${standstillEndText(standstill)} möglich.`,
          );
        }
      }
      return { ...state, status: target, awardedAt: now };
    }
    case "cancel": {
      if (!CANCELLATION_GROUNDS.some((g) => g.id === action.ground)) {
        throw new DomainError(
          "Bitte einen Aufhebungsgrund aus § 63 Abs. 1 VgV bzw. § 48 Abs. 1 UVgO wählen.",
        );
      }
      const justification = substantialReason(action.justification);
      if (justification === null) {
        throw new DomainError(
          `Die Aufhebung braucht eine Begründung von mindestens ${MIN_REASON_LENGTH} Zeichen; sie kommt in den Vergabevermerk und wird den Bietern mitgeteilt.`,
        );
      }
      return {
        ...state,
        status: target,
        cancellation: {
          ground: action.ground,
          citation: cancellationCitation(action.ground, euWide),
          justification,
          at: now,
        },
      };
    }
    default:
      return { ...state, status: target };
  }
}

/** The audit event of a step, in German: "Veröffentlicht → Angebotsfrist abgelaufen". */
export function transitionEvent(from: LifecycleState, to: LifecycleState) {
  const text = `${lifecycleStatusLabels[from.status]} → ${lifecycleStatusLabels[to.status]}`;
  return {
    from: from.status,
    to: to.status,
    text: to.cancellation
      ? `${text}: ${to.cancellation.citation} – ${to.cancellation.justification}`
      : text,
  };
}

const RANK: Record<LifecycleStatus, number> = {
  draft: 0,
  published: 1,
  "offers-closed": 2,
  evaluation: 3,
  awarded: 4,
  completed: 5,
  cancelled: 6,
};

/**
 * A tender's status from its lots: cancelled when every lot is; otherwise the least advanced of
 * the lots still running (a tender is "Zuschlag erteilt" once every lot not cancelled is).
 */
export function tenderStatusFromLots(lots: readonly LifecycleStatus[]): LifecycleStatus {
  if (lots.length === 0) return "draft";
  const running = lots.filter((s) => s !== "cancelled");
  if (running.length === 0) return "cancelled";
  return running.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}
