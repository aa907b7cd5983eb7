// Call-offs (Abrufe) against a framework agreement's maximum (decision 025): the maximum the
// award fixes, the price of a call-off at the awarded band, and the refusal beyond the maximum.
import { parseIsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { floorDiv, roundHalfUp } from "~/domain/rational";

/** At this share of the maximum (basis points) the lead and the bodies are warned. */
export const CALL_OFF_WARNING_BP = 8_000;
/** The reserve a lead may set: 0 to 100 % of the bundled quantity. */
export const MAX_RESERVE_BP = 10_000;

/** Höchstmenge: the bundled quantity plus the reserve, whole units rounded down. */
export function callOffMaximum(bundledQuantity: number, reserveBp: number): number {
  if (reserveBp < 0 || reserveBp > MAX_RESERVE_BP) throw new RangeError("reserve out of range");
  return Number(
    BigInt(bundledQuantity) + floorDiv(BigInt(bundledQuantity) * BigInt(reserveBp), 10_000n),
  );
}

/**
 * A call-off's net and VAT cents: quantity × awarded unit price (1/10,000 EUR) rounded to cents
 * once, then the VAT on that net, both commercially rounded.
 */
export function callOffPrice({
  quantity,
  unitPrice,
  vatRateBp,
}: {
  quantity: number;
  unitPrice: number;
  vatRateBp: number;
}): { netCents: number; vatCents: number; grossCents: number } {
  const net = roundHalfUp(BigInt(quantity) * BigInt(unitPrice), 100n);
  const vat = roundHalfUp(net * BigInt(vatRateBp), 10_000n);
  return { netCents: Number(net), vatCents: Number(vat), grossCents: Number(net + vat) };
}

/** The Haushaltsjahr of a call-off: the calendar year of its date. */
export function callOffBudgetYear(calledOn: string): number {
  return parseIsoDate(calledOn, "Abrufdatum").year;
}

const count = new Intl.NumberFormat("de-DE");

/** What the notice and the specification state about a framework's maximum (EuGH C-23/20). */
export function maximumStatement(reserveBp: number): string {
  const reserve = (reserveBp / 100).toLocaleString("de-DE", { maximumFractionDigits: 2 });
  return reserveBp > 0
    ? `Höchstmenge je Los: die gebündelte Bedarfsmenge zuzüglich ${reserve} % Reserve. Mit Erreichen der Höchstmenge ist die Rahmenvereinbarung erschöpft.`
    : "Höchstmenge je Los: die gebündelte Bedarfsmenge (ohne Reserve). Mit Erreichen der Höchstmenge ist die Rahmenvereinbarung erschöpft.";
}

/**
 * Refuses call-offs of `requested` units when `calledOff` of `maximum` are already called off;
 * the message names what is left.
 */
export function checkWithinMaximum({
  lotLabel,
  maximum,
  calledOff,
  requested,
}: {
  lotLabel: string;
  maximum: number;
  calledOff: number;
  requested: number;
}): void {
  if (calledOff + requested <= maximum) return;
  const left = Math.max(0, maximum - calledOff);
  throw new DomainError(
    left === 0
      ? `${lotLabel}: Die Höchstmenge von ${count.format(maximum)} ist ausgeschöpft; es kann nichts mehr abgerufen werden.`
      : `${lotLabel}: Der Abruf von ${count.format(requested)} überschreitet die Höchstmenge von ${count.format(maximum)}; abrufbar sind noch ${count.format(left)}.`,
  );
}

/** Whether a call-off moves the lot from below to at-or-above the warning share. */
export function crossesWarning(maximum: number, before: number, after: number): boolean {
  if (maximum <= 0) return false;
  const reached = (q: number) =>
    BigInt(q) * 10_000n >= BigInt(maximum) * BigInt(CALL_OFF_WARNING_BP);
  return !reached(before) && reached(after);
}

/** Whole percent of the maximum called off (rounded down, so 79,9 % never reads as 80 %). */
export function calledOffPercent(maximum: number, calledOff: number): number {
  if (maximum <= 0) return 0;
  return Number(floorDiv(BigInt(calledOff) * 100n, BigInt(maximum)));
}
