import { DomainError } from "~/domain/errors";
import { requireInteger } from "~/domain/input-checks";

/**
 * The estimated contract value (geschätzter Auftragswert, § 3 VgV) of one lot, held against the
 * EU threshold and the Land's limits. Net (§ 3 Abs. 1: "ohne Umsatzsteuer"); the lots are summed
 * by the caller (`adviseProcedure`, § 3 Abs. 7). What is counted depends on how the lot is bought:
 *
 * - `one-off` – one purchase of the bundled quantity: its total (§ 3 Abs. 1 Satz 1).
 * - `recurring` – supplies bought again and again, each purchase a contract of its own (regelmäßig
 *   wiederkehrende Aufträge, § 3 Abs. 10 VgV). We implement Nr. 2: the estimated total of the
 *   successive contracts in the twelve months after the first delivery. The bundled quantity is
 *   one budget year's demand, so that is its value once (Nr. 1, last year's actual value, needs
 *   figures the app does not hold).
 * - `term` – a contract without a total price that runs for months, e.g. licences priced per seat
 *   and year (§ 3 Abs. 11 VgV): up to 48 months the value over the whole term (Nr. 1), longer or
 *   open-ended 48 times the monthly value (Nr. 2). Extensions the contract provides for are part
 *   of the term (§ 3 Abs. 1 Satz 2: "etwaige Optionen oder Vertragsverlängerungen").
 * - `framework` – a framework agreement (Rahmenvereinbarung): the maximum of all call-offs planned
 *   over its whole term including extensions (§ 3 Abs. 4 VgV), no 48-month cap; the bundled
 *   quantity is one year's demand, or a stated maximum when the tender names a larger one.
 *
 * Quantity options (e.g. "bis zu 20 % Mehrmenge") are added in basis points (§ 3 Abs. 1 Satz 2).
 * Exact integer maths, rounded half up once per lot.
 */
export type ValuationBasis =
  | { kind: "one-off" }
  | { kind: "recurring" }
  | { kind: "term"; termMonths: number | null; extensionMonths?: readonly number[] }
  | {
      kind: "framework";
      termMonths: number;
      extensionMonths?: readonly number[];
      /** a maximum the tender states for all call-offs, net cents */
      statedMaximumNetCents?: number;
    };

/** § 3 Abs. 11 Nr. 2 VgV */
export const VALUATION_CAP_MONTHS = 48;

export type LotValuation = {
  id: string;
  estimatedNetCents: number;
  /** the months counted: null for one-off and recurring purchases */
  countedMonths: number | null;
  /** the paragraph applied, e.g. "§ 3 Abs. 11 Nr. 2 VgV" */
  citation: string;
  /** one German sentence for the advice and the Vergabevermerk */
  explanation: string;
};

export type ValuedItem = {
  /** bundled quantity (per year for licences and frameworks) */
  quantity: number | bigint;
  /** catalogue reference price, 1/10,000 EUR (per seat and year for licences) */
  referencePrice: number | bigint;
};

const MAX_MONTHS = 1200;

function totalMonths(termMonths: number, extensionMonths: readonly number[] = []): number {
  requireInteger(termMonths, "Laufzeit in Monaten", { min: 1, max: MAX_MONTHS });
  if (extensionMonths.length > 20) {
    throw new DomainError("Höchstens 20 Verlängerungsoptionen sind möglich.");
  }
  let months = termMonths;
  extensionMonths.forEach((m, i) => {
    months += requireInteger(m, `Verlängerungsoption ${i + 1} in Monaten`, {
      min: 1,
      max: MAX_MONTHS,
    });
  });
  return months;
}

const halfUp = (numerator: bigint, denominator: bigint) =>
  (2n * numerator + denominator) / (2n * denominator); // non-negative only

function monthsText(months: number): string {
  return months === 1 ? "1 Monat" : `${months} Monate`;
}

export function valueLot(
  lot: { id: string; items: readonly ValuedItem[] },
  basis: ValuationBasis,
  { quantityOptionBp = 0 }: { quantityOptionBp?: number } = {},
): LotValuation {
  requireInteger(quantityOptionBp, `Los „${lot.id}“: Mengenoption in Basispunkten`, {
    max: 100_000,
  });
  let exact = 0n; // 1/10,000 EUR for the bundled quantity
  for (const item of lot.items) {
    const quantity = BigInt(item.quantity);
    const price = BigInt(item.referencePrice);
    if (quantity < 0n || price < 0n) {
      throw new DomainError(`Los „${lot.id}“: Menge und Referenzpreis dürfen nicht negativ sein.`);
    }
    exact += quantity * price;
  }
  // cents = exact × months/12 × (1 + option) / 100, as one fraction
  let months: number | null = null;
  let citation: string;
  let explanation: string;
  switch (basis.kind) {
    case "one-off":
      citation = "§ 3 Abs. 1 VgV";
      explanation = "Einmalige Beschaffung: Gesamtwert der gebündelten Menge.";
      break;
    case "recurring":
      citation = "§ 3 Abs. 10 Nr. 2 VgV";
      explanation =
        "Regelmäßig wiederkehrende Lieferungen: geschätzter Gesamtwert der Aufträge in den zwölf Monaten nach der ersten Lieferung (ein Jahresbedarf).";
      break;
    case "term": {
      const total =
        basis.termMonths === null ? null : totalMonths(basis.termMonths, basis.extensionMonths);
      months = total === null ? VALUATION_CAP_MONTHS : Math.min(total, VALUATION_CAP_MONTHS);
      if (total !== null && total <= VALUATION_CAP_MONTHS) {
        citation = "§ 3 Abs. 11 Nr. 1 VgV";
        explanation = `Laufzeit ${monthsText(total)} einschließlich Verlängerungen: Gesamtwert über die ganze Laufzeit.`;
      } else {
        citation = "§ 3 Abs. 11 Nr. 2 VgV";
        explanation = `${total === null ? "Unbestimmte Laufzeit" : `Laufzeit ${monthsText(total)} einschließlich Verlängerungen, also mehr als ${VALUATION_CAP_MONTHS} Monate`}: gezählt wird der ${VALUATION_CAP_MONTHS}-fache Monatswert.`;
      }
      break;
    }
    case "framework":
      months = totalMonths(basis.termMonths, basis.extensionMonths);
      citation = "§ 3 Abs. 4 VgV";
      explanation = `Rahmenvereinbarung über ${monthsText(months)} einschließlich Verlängerungen: Höchstwert aller geplanten Einzelaufträge über die ganze Laufzeit.`;
      break;
  }
  const numerator = exact * BigInt(months ?? 12) * BigInt(10_000 + quantityOptionBp);
  const denominator = 12n * 100n * 10_000n;
  let cents = halfUp(numerator, denominator);
  if (basis.kind === "framework" && basis.statedMaximumNetCents !== undefined) {
    const stated = BigInt(
      requireInteger(
        basis.statedMaximumNetCents,
        `Los „${lot.id}“: Höchstwert der Rahmenvereinbarung`,
      ),
    );
    if (stated > cents) {
      cents = stated;
      explanation += " Der in der Ausschreibung genannte Höchstwert ist größer und zählt.";
    }
  }
  if (quantityOptionBp > 0) {
    explanation += ` Mengenoption von ${formatBp(quantityOptionBp)} % eingerechnet.`;
  }
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError(`Los „${lot.id}“: Der geschätzte Auftragswert ist zu groß.`);
  }
  return {
    id: lot.id,
    estimatedNetCents: Number(cents),
    countedMonths: months,
    citation,
    explanation,
  };
}

function formatBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? String(whole) : `${whole},${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}

/**
 * Which basis a lot of the tender has: a framework counts its call-offs (§ 3 Abs. 4); licences run
 * over the term (§ 3 Abs. 11); consumables are one purchase, or recurring when the bodies buy the
 * same again every year in separate tenders (§ 3 Abs. 10).
 */
export function valuationBasisFor({
  category,
  framework,
  termMonths,
  extensionMonths = [],
  recurring = false,
}: {
  category: "consumable" | "license";
  framework: boolean;
  termMonths: number;
  extensionMonths?: readonly number[];
  recurring?: boolean;
}): ValuationBasis {
  if (framework) return { kind: "framework", termMonths, extensionMonths };
  if (category === "license") return { kind: "term", termMonths, extensionMonths };
  return recurring ? { kind: "recurring" } : { kind: "one-off" };
}
