import { ExportDownload } from "~/kit/ui/export-download";
import { CouncilPaperLink } from "~/modules/council/council-paper-link";
import { Section } from "~/kit/ui/section";

import { type Row } from "./types";

/** The files of the split: the viewer's body's, and for the lead every body's and any one body's. */
export function Downloads({
  tenderId,
  isLead,
  ownParticipates,
  bodies,
  invoices,
}: {
  tenderId: string;
  isLead: boolean;
  ownParticipates: boolean;
  bodies: Row[];
  invoices: { own: boolean; all: boolean; years: number[] };
}) {
  const tender = { id: tenderId };
  return (
    <Section id="herunterladen" title="Herunterladen" className="no-print">
      <ul className="kern-list">
        {ownParticipates ? (
          <li>
            <a className="kern-link" href={`/kosten/${tender.id}/anteil.xlsx`} download>
              Kostenaufteilung Ihrer Körperschaft (Excel)
            </a>{" "}
            ·{" "}
            <a className="kern-link" href={`/kosten/${tender.id}/anteil.csv`} download>
              als CSV
            </a>
          </li>
        ) : null}
        {invoices.own ? (
          <li>
            <a className="kern-link" href={`/kosten/${tender.id}/xrechnung.xml`} download>
              Rechnung der federführenden Stelle an Ihre Körperschaft (XRechnung, XML)
            </a>
            <YearLinks href={`/kosten/${tender.id}/xrechnung.xml`} years={invoices.years} />
          </li>
        ) : null}
        {invoices.all ? (
          <li>
            <a className="kern-link" href={`/kosten/${tender.id}/xrechnungen.zip`} download>
              Rechnungen an alle beteiligten Körperschaften (XRechnungen, ZIP)
            </a>
            <YearLinks href={`/kosten/${tender.id}/xrechnungen.zip`} years={invoices.years} />
          </li>
        ) : null}
        <CouncilPaperLink
          as="li"
          href={`/kosten/${tender.id}/beschlussvorlage.docx`}
          show={ownParticipates}
        />
        {isLead ? (
          <>
            <li>
              <ExportDownload
                href={`/kosten/${tender.id}/gesamt.xlsx`}
                progressPath={`/kosten/${tender.id}/fortschritt/`}
              >
                Gesamtübersicht aller Körperschaften (Excel)
              </ExportDownload>
            </li>
            <li>
              <ExportDownload
                href={`/kosten/${tender.id}/gesamt.csv`}
                progressPath={`/kosten/${tender.id}/fortschritt/`}
              >
                Gesamtübersicht aller Körperschaften (CSV)
              </ExportDownload>
            </li>
          </>
        ) : null}
      </ul>
      {isLead && bodies.length > 0 ? (
        <form method="get" action={`/kosten/${tender.id}/anteil.xlsx`} className="search-row">
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="koerperschaft">
              Datei einer Körperschaft
            </label>
            <div className="kern-form-input__select-wrapper">
              <select className="kern-form-input__select" id="koerperschaft" name="koerperschaft">
                {bodies.map((b) => (
                  <option key={b.bodyId} value={b.bodyId}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Excel-Datei herunterladen</span>
          </button>
        </form>
      ) : null}
    </Section>
  );
}

/** The invoices of one Haushaltsjahr each (`?jahr=`, decision 031), after the one to date. */
function YearLinks({ href, years }: { href: string; years: number[] }) {
  if (years.length === 0) return null;
  return (
    <>
      {" "}
      · je Haushaltsjahr:{" "}
      {years.map((year, i) => (
        <span key={year}>
          {i > 0 ? " · " : null}
          <a
            className="kern-link"
            href={`${href}?jahr=${year}`}
            download
            aria-label={`Haushaltsjahr ${year}`}
          >
            {year}
          </a>
        </span>
      ))}
    </>
  );
}
