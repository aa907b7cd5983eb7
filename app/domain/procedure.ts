import { formatGermanDate, parseIsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { compareStrings, requireId, requireInteger, toSafeNumber } from "~/domain/input-checks";
import { formatEuro } from "~/domain/money";
import {
  type EuThresholdRule,
  type LandLimit,
  type LandLimitRule,
  type LandLimits,
  type ProcedureRule,
  type ProcedureTier,
  type RuleSource,
  LAENDER,
  PROCEDURE_RULES,
} from "~/domain/procedure-rules";
import { type NationalProcedureKind } from "~/domain/vocabulary";

/**
 * Procedure advice (Verfahrensempfehlung). The office decides; this only says what the rule
 * table implies and which row it used. Amounts are estimated net contract values (§ 3 VgV):
 * all lots together (§ 3 Abs. 7 VgV), for framework agreements the whole term.
 */
export type RuleReference = {
  id: string;
  validFrom: string;
  validUntil?: string;
  source: RuleSource;
};

export type NationalProcedure =
  | {
      status: "configured";
      procedure: NationalProcedureKind;
      label: string;
      /** the net value the Land's limits were applied to */
      valueNetCents: number;
      /** the inclusive upper limit of the chosen step, null = none */
      upToNetCents: number | null;
      advice: string;
      /** false: the Land's row is not verified against its source; `advice` says so */
      verified: boolean;
      rule: RuleReference;
    }
  | {
      status: "not-configured";
      message: string;
      /** the unverified row without figures, when there is one */
      rule?: RuleReference;
    }
  | { status: "not-applicable"; message: string };

export type ProcedureAdvice = {
  totalNetCents: number;
  euThresholdCents: number;
  euWide: boolean;
  nationalLotIds: string[];
  nationalProcedure: NationalProcedure;
  /** the EU threshold row used */
  rule: RuleReference;
};

/** § 3 Abs. 9 VgV: lots of supplies and services under EUR 80,000 net … */
export const SMALL_LOT_LIMIT_CENTS = 80_000 * 100;
/** … together at most 20 % of the total value. */
export const SMALL_LOT_QUOTA_PERCENT = 20;

function reference(rule: ProcedureRule): RuleReference {
  const ref: RuleReference = { id: rule.id, validFrom: rule.validFrom, source: rule.source };
  if (rule.validUntil !== undefined) ref.validUntil = rule.validUntil;
  return ref;
}

function appliesOn(rule: ProcedureRule, date: string): boolean {
  return rule.validFrom <= date && (rule.validUntil === undefined || date <= rule.validUntil);
}

export function findEuThreshold(
  date: string,
  rules: readonly ProcedureRule[] = PROCEDURE_RULES,
): EuThresholdRule {
  parseIsoDate(date, "Stichtag");
  const matches = rules.filter(
    (r): r is EuThresholdRule => r.kind === "eu-threshold" && appliesOn(r, date),
  );
  if (matches.length !== 1) {
    throw new DomainError(
      matches.length === 0
        ? `Für den ${formatGermanDate(date)} ist kein EU-Schwellenwert hinterlegt.`
        : `Für den ${formatGermanDate(date)} sind mehrere EU-Schwellenwerte hinterlegt (${matches.map((m) => m.id).join(", ")}).`,
    );
  }
  return matches[0]!;
}

export function findLandLimits(
  land: string,
  date: string,
  rules: readonly ProcedureRule[] = PROCEDURE_RULES,
): LandLimitRule | undefined {
  const matches = rules.filter(
    (r): r is LandLimitRule => r.kind === "land-limit" && r.land === land && appliesOn(r, date),
  );
  if (matches.length > 1) {
    throw new DomainError(
      `Für ${land} sind am ${formatGermanDate(date)} mehrere Wertgrenzen-Regeln gültig (${matches.map((m) => m.id).join(", ")}).`,
    );
  }
  return matches[0];
}

/**
 * § 3 Abs. 9 VgV: which lots may go nationally although the whole is EU-wide – each under
 * EUR 80,000, together at most 20 % of the total. Smallest first maximises their number
 * (ties: lot id), and stops at the first lot that no longer fits, because all later ones are
 * at least as large.
 */
export function smallLotsQuota(
  lots: readonly { id: string; estimatedNetCents: number }[],
  totalNetCents: number,
): string[] {
  const candidates = lots
    .filter((l) => l.estimatedNetCents < SMALL_LOT_LIMIT_CENTS)
    .sort((a, b) => a.estimatedNetCents - b.estimatedNetCents || compareStrings(a.id, b.id));
  const chosen: string[] = [];
  let sum = 0n;
  for (const lot of candidates) {
    // sum ≤ 20 % × total, in integers: sum × 100 ≤ total × 20
    const next = sum + BigInt(lot.estimatedNetCents);
    if (next * 100n > BigInt(totalNetCents) * BigInt(SMALL_LOT_QUOTA_PERCENT)) break;
    chosen.push(lot.id);
    sum = next;
  }
  return chosen.sort(compareStrings);
}

export function adviseProcedure({
  land,
  date,
  lots,
}: {
  land: string;
  date: string;
  lots: { id: string; estimatedNetCents: number }[];
}): ProcedureAdvice {
  if (typeof land !== "string" || !LAENDER.includes(land)) {
    throw new DomainError(
      `Unbekanntes Land „${String(land)}“. Erwartet wird der Name eines der 16 Länder, z. B. „Niedersachsen“ oder „Nordrhein-Westfalen“.`,
    );
  }
  parseIsoDate(date, "Stichtag der Verfahrensempfehlung");
  if (!Array.isArray(lots) || lots.length === 0)
    throw new DomainError("Die Verfahrensempfehlung braucht mindestens ein Los.");
  const ids = new Set<string>();
  let total = 0n;
  for (const lot of lots) {
    const id = requireId(lot?.id, "Los");
    if (ids.has(id)) throw new DomainError(`Los „${id}“ ist doppelt angegeben.`);
    ids.add(id);
    total += BigInt(
      requireInteger(lot.estimatedNetCents, `Los „${id}“: geschätzter Auftragswert (netto, Cent)`),
    );
  }
  const totalNetCents = toSafeNumber(total, "Geschätzter Gesamtauftragswert");

  const eu = findEuThreshold(date);
  const euThresholdCents = eu.figures.supplyServiceSubCentralNetCents;
  // § 106 GWB: the EU rules apply when the value reaches the threshold ("erreicht oder überschreitet").
  const euWide = totalNetCents >= euThresholdCents;
  const nationalLotIds = euWide ? smallLotsQuota(lots, totalNetCents) : [];

  let nationalProcedure: NationalProcedure;
  if (euWide && nationalLotIds.length === 0) {
    nationalProcedure = {
      status: "not-applicable",
      message: `Der geschätzte Gesamtauftragswert von ${formatEuro(totalNetCents)} erreicht den EU-Schwellenwert von ${formatEuro(euThresholdCents)}; alle Lose werden EU-weit vergeben.`,
    };
  } else {
    // Below the threshold the whole goes nationally; above it only the quota lots, judged together
    // (the larger value can only lead to the stricter procedure, the office may still decide per lot).
    const value = euWide
      ? lots
          .filter((l) => nationalLotIds.includes(l.id))
          .reduce((s, l) => s + l.estimatedNetCents, 0)
      : totalNetCents;
    nationalProcedure = nationalFor(land, date, value, euWide);
  }

  return {
    totalNetCents,
    euThresholdCents,
    euWide,
    nationalLotIds,
    nationalProcedure,
    rule: reference(eu),
  };
}

/** German for a limit in the advice: "bis 100.000,00 €" or "bis unterhalb des EU-Schwellenwerts". */
export function formatLandLimit(limit: LandLimit): string {
  return limit === "eu-threshold"
    ? "bis unterhalb des EU-Schwellenwerts"
    : `bis ${formatEuro(limit)}`;
}

const finite = (limit: LandLimit): number | null => (limit === "eu-threshold" ? null : limit);
const below = (a: number | null, b: number | null) => a !== null && (b === null || a < b);

type Step =
  "direct-award" | "restricted-or-negotiated" | "restricted" | "negotiated" | "public-tender";
const STEP_KIND: Record<Step, NationalProcedureKind> = {
  "direct-award": "direct-award",
  "restricted-or-negotiated": "restricted-or-negotiated",
  restricted: "restricted-or-negotiated",
  negotiated: "restricted-or-negotiated",
  "public-tender": "public-tender",
};
const TIER_LABELS: Record<Step, string> = {
  "direct-award": "Direktauftrag",
  "restricted-or-negotiated":
    "Beschränkte Ausschreibung ohne Teilnahmewettbewerb oder Verhandlungsvergabe",
  restricted: "Beschränkte Ausschreibung ohne Teilnahmewettbewerb",
  negotiated: "Verhandlungsvergabe",
  "public-tender": "Öffentliche Ausschreibung",
};

/**
 * The ladder a Land's limits imply, laxest first: Direktauftrag up to its limit, then the
 * procedures without competition up to theirs (both while both allow it, then the one that
 * reaches further), then the Öffentliche Ausschreibung. Steps a lower limit already covers are
 * left out (Mecklenburg-Vorpommern 2026: Direktauftrag and the rest both end at 100.000 €).
 */
export function landLadder(figures: LandLimits): ProcedureTier[] {
  if (figures.freeChoice) {
    return [
      {
        upToNetCents: null,
        procedure: "free-choice",
        label: "Keine landesrechtlichen Wertgrenzen – freie Verfahrenswahl",
      },
    ];
  }
  const direct = finite(figures.directAwardUpToNetCents);
  const restricted = finite(figures.restrictedUpToNetCents);
  const negotiated = finite(figures.negotiatedUpToNetCents);
  const steps: { upTo: number | null; procedure: Step }[] = [
    { upTo: direct, procedure: "direct-award" },
  ];
  if (restricted === negotiated) {
    steps.push({ upTo: restricted, procedure: "restricted-or-negotiated" });
  } else if (below(negotiated, restricted)) {
    steps.push({ upTo: negotiated, procedure: "restricted-or-negotiated" });
    steps.push({ upTo: restricted, procedure: "restricted" });
  } else {
    steps.push({ upTo: restricted, procedure: "restricted-or-negotiated" });
    steps.push({ upTo: negotiated, procedure: "negotiated" });
  }
  steps.push({ upTo: null, procedure: "public-tender" });
  const tiers: ProcedureTier[] = [];
  for (const step of steps) {
    const last = tiers.at(-1);
    if (last && (last.upToNetCents === null || !below(last.upToNetCents, step.upTo))) continue;
    tiers.push({
      upToNetCents: step.upTo,
      procedure: STEP_KIND[step.procedure],
      label: TIER_LABELS[step.procedure],
    });
  }
  return tiers;
}

/** "für Hessen nicht geprüft" – the sentence every advice from an unverified row starts with. */
export function unverifiedNotice(rule: LandLimitRule): string {
  return `Die Wertgrenzen sind für ${rule.land} nicht geprüft (Regel „${rule.id}“, Quelle: ${rule.source.citation}). Bitte die landesrechtlichen Vorgaben selbst prüfen und die Entscheidung im Vergabevermerk begründen.`;
}

function nationalFor(
  land: string,
  date: string,
  valueNetCents: number,
  quotaLots: boolean,
): NationalProcedure {
  const rule = findLandLimits(land, date);
  if (!rule) {
    return {
      status: "not-configured",
      message: `Für ${land} sind keine Wertgrenzen für den ${formatGermanDate(date)} hinterlegt. Bitte die landesrechtlichen Vorgaben selbst prüfen und die Entscheidung im Vergabevermerk begründen.`,
    };
  }
  if (!rule.figures) {
    return { status: "not-configured", message: unverifiedNotice(rule), rule: reference(rule) };
  }
  const tiers = landLadder(rule.figures);
  const tier = tiers.find((t) => t.upToNetCents === null || valueNetCents <= t.upToNetCents)!;
  const subject = quotaLots
    ? "Die national vergebbaren Lose haben zusammen"
    : "Der geschätzte Auftragswert beträgt";
  const limit = tier.upToNetCents === null ? "" : ` (bis ${formatEuro(tier.upToNetCents)} netto)`;
  const advice = [
    rule.verified ? undefined : unverifiedNotice(rule),
    `${subject} ${formatEuro(valueNetCents)} netto: ${tier.label}${limit} nach ${rule.source.citation}.`,
    rule.figures.note,
  ]
    .filter((s): s is string => s !== undefined)
    .join(" ");
  return {
    status: "configured",
    procedure: tier.procedure,
    label: tier.label,
    valueNetCents,
    upToNetCents: tier.upToNetCents,
    advice,
    verified: rule.verified,
    rule: reference(rule),
  };
}
