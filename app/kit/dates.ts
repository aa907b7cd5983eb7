// Times are stored as instants and shown, entered and reasoned about in Europe/Berlin.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

export const BERLIN = "Europe/Berlin";

/** "01.12.2026 12:00" */
export function formatBerlin(date: Date | string): string {
  return format(new TZDate(new Date(date).getTime(), BERLIN), "dd.MM.yyyy HH:mm");
}

/** "MEZ" in winter, "MESZ" in summer: the German name of Berlin's offset at that instant. */
export function berlinZoneName(date: Date | string): "MEZ" | "MESZ" {
  const offset = new TZDate(new Date(date).getTime(), BERLIN).getTimezoneOffset();
  return offset === -120 ? "MESZ" : "MEZ";
}

/**
 * A deadline (or any moment a person must meet) with its time zone, the one way the app writes
 * it: "31.01.2027, 12:00 Uhr (MEZ)", "30.06.2027, 12:00 Uhr (MESZ)".
 */
export function formatDeadline(date: Date | string): string {
  const local = new TZDate(new Date(date).getTime(), BERLIN);
  return `${format(local, "dd.MM.yyyy, HH:mm")} Uhr (${berlinZoneName(date)})`;
}

export function formatBerlinDate(date: Date | string): string {
  return format(new TZDate(new Date(date).getTime(), BERLIN), "dd.MM.yyyy");
}

/** The value of an <input type="datetime-local"> for an instant, in Berlin time. */
export function toBerlinInput(date: Date | string): string {
  return format(new TZDate(new Date(date).getTime(), BERLIN), "yyyy-MM-dd'T'HH:mm");
}

/** "2026-12-01T12:00" entered in Berlin → the instant; null when it is not such a value. */
export function fromBerlinInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new TZDate(year, month - 1, day, hour, minute, 0, BERLIN);
  // Reject impossible dates (31.02.) that Date would roll over.
  if (date.getDate() !== day || date.getMonth() !== month - 1) return null;
  return new Date(date.getTime());
}
