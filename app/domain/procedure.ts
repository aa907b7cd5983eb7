import { formatGermanDate, parseIsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { compareStrings, requireId, requireInteger, toSafeNumber } from "~/domain/input-checks";
import { formatEuro } from "~/domain/money";
import {
  type EuThresholdRule,
  type LandLimitRule,
  type ProcedureRule,
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
      rule: RuleReference;
    }
  | { status: "not-configured"; message: string }
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
  const tier = rule.figures.tiers.find(
    (t) => t.upToNetCents === null || valueNetCents <= t.upToNetCents,
  );
  if (!tier) {
    throw new DomainError(
      `Die Wertgrenzen-Regel „${rule.id}“ deckt ${formatEuro(valueNetCents)} nicht ab (letzte Stufe ohne Obergrenze fehlt).`,
    );
  }
  const subject = quotaLots
    ? "Die national vergebbaren Lose haben zusammen"
    : "Der geschätzte Auftragswert beträgt";
  const limit = tier.upToNetCents === null ? "" : ` (bis ${formatEuro(tier.upToNetCents)} netto)`;
  const advice = [
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
    rule: reference(rule),
  };
}
