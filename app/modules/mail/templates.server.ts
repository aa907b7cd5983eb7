// The German texts of the mails, plain text and HTML from one description, so both say the same.
// Pure: the caller passes the link's absolute address and every value shown.
import { formatDeadline, formatBerlinDate } from "~/kit/dates";

export type RenderedMail = { subject: string; text: string; html: string };

type Letter = {
  subject: string;
  name: string;
  paragraphs: string[];
  facts?: [label: string, value: string][];
  link: { label: string; url: string };
};

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const FOOTER =
  "Diese Nachricht hat Bündelkauf automatisch versandt. Welche Nachrichten Sie erhalten, " +
  "stellen Sie in Ihrem Konto unter „Benachrichtigungen“ ein.";

function render(letter: Letter): RenderedMail {
  const facts = letter.facts ?? [];
  const text = [
    `Guten Tag ${letter.name},`,
    "",
    ...letter.paragraphs.flatMap((p) => [p, ""]),
    ...(facts.length ? [...facts.map(([l, v]) => `${l}: ${v}`), ""] : []),
    `${letter.link.label}: ${letter.link.url}`,
    "",
    "Mit freundlichen Grüßen",
    "Bündelkauf",
    "",
    "-- ",
    FOOTER,
  ].join("\n");
  const html = [
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(letter.subject)}</title></head>`,
    `<body style="font-family:sans-serif;line-height:1.5">`,
    `<p>Guten Tag ${escapeHtml(letter.name)},</p>`,
    ...letter.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    facts.length
      ? `<table>${facts.map(([l, v]) => `<tr><th scope="row" style="text-align:left;padding-right:1em">${escapeHtml(l)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`
      : "",
    `<p><a href="${escapeHtml(letter.link.url)}">${escapeHtml(letter.link.label)}</a></p>`,
    `<p>Mit freundlichen Grüßen<br>Bündelkauf</p>`,
    `<hr><p style="font-size:small">${escapeHtml(FOOTER)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { subject: letter.subject, text, html };
}

type Person = { name: string; bodyName: string };
type RoundFacts = {
  title: string;
  leadBodyName: string;
  opensAt: Date;
  deadline: Date;
  url: string;
};

export function invitationMail(to: Person, round: RoundFacts): RenderedMail {
  return render({
    subject: `Einladung zur Bedarfsabfrage „${round.title}“`,
    name: to.name,
    paragraphs: [
      `${round.leadBodyName} lädt ${to.bodyName} zur gemeinsamen Bedarfsabfrage „${round.title}“ ein.`,
      "Bitte melden Sie den Bedarf Ihrer Körperschaft bis zur Frist – oder antworten Sie „kein Bedarf“.",
    ],
    facts: [
      ["Beginn", formatDeadline(round.opensAt)],
      ["Frist", formatDeadline(round.deadline)],
    ],
    link: { label: "Bedarf melden", url: round.url },
  });
}

export function reminderMail(to: Person, round: RoundFacts & { days: number }): RenderedMail {
  const when = round.days === 0 ? "heute" : round.days === 1 ? "morgen" : `in ${round.days} Tagen`;
  return render({
    subject: `Erinnerung: Bedarfsabfrage „${round.title}“ endet am ${formatBerlinDate(round.deadline)}`,
    name: to.name,
    paragraphs: [
      `Die Bedarfsabfrage „${round.title}“ von ${round.leadBodyName} endet ${when}. Von ${to.bodyName} liegt noch keine Antwort vor.`,
      "Bitte melden Sie Ihren Bedarf oder antworten Sie „kein Bedarf“.",
    ],
    facts: [["Frist", formatDeadline(round.deadline)]],
    link: { label: "Bedarf melden", url: round.url },
  });
}

export function roundClosedMail(to: Person, round: RoundFacts): RenderedMail {
  return render({
    subject: `Bedarfsabfrage „${round.title}“ abgeschlossen`,
    name: to.name,
    paragraphs: [
      `Die Bedarfsabfrage „${round.title}“ von ${round.leadBodyName} ist abgeschlossen. Änderungen am Bedarf sind nicht mehr möglich.`,
    ],
    facts: [["Frist", formatDeadline(round.deadline)]],
    link: { label: "Zur Bedarfsabfrage", url: round.url },
  });
}

type TenderFacts = { title: string; referenceNumber: string; leadBodyName: string; url: string };

export function tenderPublishedMail(
  to: Person,
  tender: TenderFacts & { submissionDeadline: Date },
): RenderedMail {
  return render({
    subject: `Ausschreibung „${tender.title}“ veröffentlicht`,
    name: to.name,
    paragraphs: [
      `${tender.leadBodyName} hat die gemeinsame Ausschreibung „${tender.title}“ veröffentlicht, an der ${to.bodyName} teilnimmt.`,
    ],
    facts: [
      ["Vergabenummer", tender.referenceNumber],
      ["Angebotsfrist", formatDeadline(tender.submissionDeadline)],
    ],
    link: { label: "Zur Bekanntmachung", url: tender.url },
  });
}

type LotFacts = { number: number; title: string };

export function awardMail(
  to: Person,
  tender: TenderFacts & { lot: LotFacts; bidderName: string },
): RenderedMail {
  return render({
    subject: `Zuschlag erteilt: Los ${tender.lot.number} der Ausschreibung „${tender.title}“`,
    name: to.name,
    paragraphs: [
      `In der Ausschreibung „${tender.title}“ hat ${tender.leadBodyName} den Zuschlag für Los ${tender.lot.number} „${tender.lot.title}“ an ${tender.bidderName} erteilt.`,
    ],
    facts: [["Vergabenummer", tender.referenceNumber]],
    link: { label: "Zur Bekanntmachung", url: tender.url },
  });
}

export function splitReadyMail(to: Person, tender: TenderFacts & { lot: LotFacts }): RenderedMail {
  return render({
    subject: `Kostenaufteilung bereit: „${tender.title}“, Los ${tender.lot.number}`,
    name: to.name,
    paragraphs: [
      `Für Los ${tender.lot.number} „${tender.lot.title}“ der Ausschreibung „${tender.title}“ steht der Anteil von ${to.bodyName} fest.`,
      "Die Kostenaufteilung können Sie als XLSX oder CSV herunterladen.",
    ],
    facts: [["Vergabenummer", tender.referenceNumber]],
    link: { label: "Zur Kostenaufteilung", url: tender.url },
  });
}

/** A framework lot's call-offs (Abrufe) reached 80 % of its maximum (decision 025). */
export function callOffThresholdMail(
  to: Person,
  tender: TenderFacts & { lot: LotFacts; calledOffPercent: number },
): RenderedMail {
  return render({
    subject: `Höchstmenge zu ${tender.calledOffPercent} % abgerufen: Los ${tender.lot.number} der Ausschreibung „${tender.title}“`,
    name: to.name,
    paragraphs: [
      `Aus Los ${tender.lot.number} „${tender.lot.title}“ der Rahmenvereinbarung „${tender.title}“ sind ${tender.calledOffPercent} % der Höchstmenge abgerufen. Ist sie erreicht, ist die Rahmenvereinbarung erschöpft.`,
    ],
    facts: [["Vergabenummer", tender.referenceNumber]],
    link: { label: "Zur Ausschreibung", url: tender.url },
  });
}
