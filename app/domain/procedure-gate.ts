import { DomainError } from "~/domain/errors";
import {
  type Ground,
  UVGO_8_3_GROUNDS,
  UVGO_8_4_GROUNDS,
  VGV_14_3_GROUNDS,
  VGV_14_4_GROUNDS,
} from "~/domain/exception-grounds";
import { MIN_REASON_LENGTH, requireInteger, substantialReason } from "~/domain/input-checks";
import { isProcedureChoice } from "~/domain/lots";
import { formatEuro } from "~/domain/money";
import { type ProcedureAdvice, formatLandLimit } from "~/domain/procedure";
import { type LandLimit, type LandLimitRule } from "~/domain/procedure-rules";
import { type ProcedureChoice, procedureChoiceLabels } from "~/domain/vocabulary";

/**
 * The procedure gate (Verfahrenswahl): whether the office may run the procedure it chose for the
 * estimated value, and what goes into the Vergabevermerk about it. The law allows the Öffentliche
 * Ausschreibung and the Beschränkte Ausschreibung mit Teilnahmewettbewerb always (§ 8 Abs. 2 UVgO),
 * the open and the restricted procedure always above the threshold (§ 14 Abs. 2 VgV); every other
 * procedure needs the Land's limit or a ground from the law's closed list plus a justification.
 * A Direktauftrag above the Land's limit is refused outright, and so is a national procedure for a
 * value that reaches the EU threshold. A choice that departs from the advice needs a reason.
 */
export type GateProcedure = ProcedureChoice | "eu-negotiated-without-competition";

export const gateProcedureLabels: Record<GateProcedure, string> = {
  ...procedureChoiceLabels,
  "eu-negotiated-without-competition":
    "EU-weit: Verhandlungsverfahren ohne Teilnahmewettbewerb (§ 14 Abs. 4 VgV)",
};

export function isGateProcedure(value: unknown): value is GateProcedure {
  return value === "eu-negotiated-without-competition" || isProcedureChoice(value);
}

/** § 14 UVgO: Direktauftrag up to 1.000 € net where the Land sets no other limit. */
export const UVGO_DIRECT_AWARD_CENTS = 1_000 * 100;

export type GateInput = {
  /** net cents the decision covers (the whole tender, or the § 3 Abs. 9 quota lots) */
  estimatedValue: number;
  chosenProcedure: GateProcedure;
  advice: ProcedureAdvice;
  /** the Land's row on the decision's date (`findLandLimits`), undefined when there is none */
  landRow: LandLimitRule | undefined;
  /** Beschränkte Ausschreibung *mit* Teilnahmewettbewerb (always allowed); default: without */
  withCompetition?: boolean;
  /** only these lots (ids) – a national procedure above the threshold needs all in the quota */
  lotIds?: readonly string[];
  ground?: string;
  justification?: string;
  /** why the office departs from the advice */
  deviationReason?: string;
};

export type GateRecord = {
  procedure: GateProcedure;
  procedureLabel: string;
  estimatedValueCents: number;
  /** the exception ground, when the value alone does not allow the procedure */
  ground: Ground | null;
  justification: string | null;
  /** the advised procedure and the reason for departing from it */
  deviation: { advised: string; reason: string } | null;
  landRule: { id: string; verified: boolean } | null;
  /** German sentences for the Vergabevermerk */
  notes: string[];
};

export type GateResult = { ok: true; record: GateRecord } | { ok: false; problems: string[] };

const within = (value: number, limit: LandLimit) => limit === "eu-threshold" || value <= limit;

/** The choice the advice points to, as a decision form's default. */
export function advisedChoice(advice: ProcedureAdvice | null): ProcedureChoice {
  if (!advice || advice.euWide) return "eu-open";
  const np = advice.nationalProcedure;
  if (np.status !== "configured") return "national-public";
  return (
    {
      "direct-award": "direct-award",
      "restricted-or-negotiated": "national-restricted",
      "public-tender": "national-public",
      "free-choice": "national-public",
    } as const
  )[np.procedure];
}

function advisedLabel(advice: ProcedureAdvice, nationalPath: boolean): string {
  if (!nationalPath) return "EU-weites offenes oder nicht offenes Verfahren";
  const np = advice.nationalProcedure;
  return np.status === "configured" ? np.label : "Öffentliche Ausschreibung";
}

function followsAdvice(
  choice: GateProcedure,
  advice: ProcedureAdvice,
  nationalPath: boolean,
  withCompetition: boolean,
): boolean {
  if (!nationalPath) return choice === "eu-open" || choice === "eu-restricted";
  // § 8 Abs. 2 UVgO: these two are always open to the office, and equal to each other
  const openProcedure =
    choice === "national-public" || (choice === "national-restricted" && withCompetition);
  const np = advice.nationalProcedure;
  if (np.status !== "configured") return openProcedure;
  switch (np.procedure) {
    case "free-choice":
      return !choice.startsWith("eu-");
    case "direct-award":
      return choice === "direct-award";
    case "restricted-or-negotiated":
      return choice === "national-restricted" || choice === "national-negotiated";
    case "public-tender":
      return openProcedure;
  }
}

export function procedureGate(input: GateInput): GateResult {
  const value = requireInteger(input.estimatedValue, "Geschätzter Auftragswert (netto, Cent)");
  const choice = input.chosenProcedure;
  if (!isGateProcedure(choice)) {
    throw new DomainError(`Unbekannte Verfahrensart „${String(choice)}“.`);
  }
  const { advice, landRow } = input;
  const withCompetition = input.withCompetition ?? false;
  const problems: string[] = [];
  const notes: string[] = [];
  const land = landRow?.land ?? "das Land";
  const quota =
    advice.euWide &&
    input.lotIds !== undefined &&
    input.lotIds.length > 0 &&
    input.lotIds.every((id) => advice.nationalLotIds.includes(id));
  const nationalPath = !advice.euWide || quota;

  // Which list a ground must come from, when the value alone does not allow the choice.
  let groundList: readonly Ground[] | null = null;
  let groundWhy = "";
  // The row's limit allowed it, but the row is not verified: the office names the Land's rule.
  let needsLandRule = false;

  if (choice.startsWith("eu-")) {
    if (choice === "eu-negotiated") {
      groundList = VGV_14_3_GROUNDS;
      groundWhy =
        "Das Verhandlungsverfahren mit Teilnahmewettbewerb ist nur in den Fällen des § 14 Abs. 3 VgV zulässig.";
    } else if (choice === "eu-negotiated-without-competition") {
      groundList = VGV_14_4_GROUNDS;
      groundWhy =
        "Das Verhandlungsverfahren ohne Teilnahmewettbewerb ist nur in den Fällen des § 14 Abs. 4 VgV zulässig.";
    }
  } else if (!nationalPath) {
    problems.push(
      `Der geschätzte Auftragswert von ${formatEuro(advice.totalNetCents)} erreicht den EU-Schwellenwert von ${formatEuro(advice.euThresholdCents)}: Ein nationales Verfahren ist nicht zulässig (§ 106 GWB). National vergeben dürfen Sie nur Lose der Bagatellklausel (§ 3 Abs. 9 VgV).`,
    );
  } else {
    const figures = landRow?.figures ?? null;
    const unverified = landRow !== undefined && !landRow.verified;
    if (figures?.freeChoice) {
      notes.push(`${land}: keine landesrechtlichen Wertgrenzen (${landRow!.source.citation}).`);
    } else if (choice === "direct-award") {
      const limit: LandLimit = figures?.directAwardUpToNetCents ?? UVGO_DIRECT_AWARD_CENTS;
      const basis = figures
        ? `${formatLandLimit(limit)} netto (${landRow!.source.citation})`
        : `bis ${formatEuro(UVGO_DIRECT_AWARD_CENTS)} netto (§ 14 UVgO; für ${land} ist keine geprüfte Landesgrenze hinterlegt)`;
      if (!within(value, limit)) {
        problems.push(
          `Ein Direktauftrag ist hier nur ${basis} zulässig; der geschätzte Auftragswert beträgt ${formatEuro(value)}. Kein Ausnahmegrund erlaubt einen Direktauftrag darüber: Bitte ein Vergabeverfahren wählen.`,
        );
      } else {
        needsLandRule = unverified;
      }
    } else if (choice === "national-restricted" && !withCompetition) {
      if (figures && within(value, figures.restrictedUpToNetCents)) {
        needsLandRule = unverified;
      } else {
        groundList = UVGO_8_3_GROUNDS;
        groundWhy = figures
          ? `Die Beschränkte Ausschreibung ohne Teilnahmewettbewerb ist in ${land} ohne Einzelbegründung nur ${formatLandLimit(figures.restrictedUpToNetCents)} netto zulässig; darüber braucht sie einen Grund aus § 8 Abs. 3 UVgO.`
          : "Die Beschränkte Ausschreibung ohne Teilnahmewettbewerb braucht einen Grund aus § 8 Abs. 3 UVgO.";
      }
    } else if (choice === "national-negotiated") {
      if (figures && within(value, figures.negotiatedUpToNetCents)) {
        needsLandRule = unverified;
      } else {
        groundList = UVGO_8_4_GROUNDS;
        groundWhy = figures
          ? `Die Verhandlungsvergabe ist in ${land} ohne Einzelbegründung nur ${formatLandLimit(figures.negotiatedUpToNetCents)} netto zulässig; darüber braucht sie einen Grund aus § 8 Abs. 4 UVgO.`
          : "Die Verhandlungsvergabe braucht einen Grund aus § 8 Abs. 4 UVgO.";
      }
    }
  }

  let ground: Ground | null = null;
  let justification: string | null = null;
  if (groundList) {
    ground = groundList.find((g) => g.id === input.ground) ?? null;
    if (!ground) problems.push(`${groundWhy} Bitte den zutreffenden Grund aus der Liste wählen.`);
    justification = substantialReason(input.justification);
    if (justification === null) {
      problems.push(
        `Bitte begründen Sie, warum der gewählte Grund vorliegt (mindestens ${MIN_REASON_LENGTH} Zeichen); Grund und Begründung kommen in den Vergabevermerk.`,
      );
    }
  } else if (needsLandRule) {
    justification = substantialReason(input.justification);
    if (justification === null) {
      problems.push(
        `Die Wertgrenzen sind für ${land} nicht geprüft: Bitte nennen Sie in der Begründung die landesrechtliche Regel, die dieses Verfahren bei ${formatEuro(value)} zulässt (mindestens ${MIN_REASON_LENGTH} Zeichen).`,
      );
    }
    notes.push(
      `Wertgrenzen für ${land} nicht geprüft; die Vergabestelle hat die Regel selbst benannt.`,
    );
  }

  let deviation: GateRecord["deviation"] = null;
  if (!followsAdvice(choice, advice, nationalPath, withCompetition)) {
    const advised = advisedLabel(advice, nationalPath);
    // a ground with its justification already explains a laxer choice
    const reason = substantialReason(input.deviationReason) ?? (groundList ? justification : null);
    if (reason === null) {
      problems.push(
        `Sie weichen von der Empfehlung „${advised}“ ab: Bitte begründen Sie die Abweichung (mindestens ${MIN_REASON_LENGTH} Zeichen).`,
      );
    } else {
      deviation = { advised, reason };
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    record: {
      procedure: choice,
      procedureLabel: gateProcedureLabels[choice],
      estimatedValueCents: value,
      ground,
      justification,
      deviation,
      landRule: landRow ? { id: landRow.id, verified: landRow.verified } : null,
      notes,
    },
  };
}
