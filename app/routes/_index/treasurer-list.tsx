// The Kämmerei's start page: the splits ready to download, the XRechnungen the lead issued to its
// body, and its body's totals per budget year.
import { type TreasurerSection } from "~/modules/dashboard/types";

import { Entry, FileLink, RoleSection, SubList } from "./worklist";

export function TreasurerList({ section }: { section: TreasurerSection }) {
  const { splits, years } = section;
  const invoices = splits.filter((s) => s.xrechnung.taxed || s.xrechnung.untaxed);
  return (
    <RoleSection
      id="kaemmerei"
      title="Kostenaufteilung"
      counts={[
        {
          n: splits.length,
          one: "Kostenaufteilung bereit",
          many: "Kostenaufteilungen bereit",
          to: "/kosten",
        },
        {
          n: invoices.length,
          one: "XRechnung erhalten",
          many: "XRechnungen erhalten",
          to: "#xrechnungen",
        },
      ]}
    >
      <SubList
        id="aufteilungen"
        title="Zum Herunterladen bereit"
        count={splits.length}
        empty="Noch ist keine gemeinsame Ausschreibung mit Ihrer Beteiligung vergeben. Sobald die federführende Vergabestelle den Zuschlag erteilt, steht die Kostenaufteilung hier."
      >
        {splits.map((s) => (
          <Entry
            key={s.id}
            title={s.title}
            to={`/kosten/${s.id}`}
            badge={s.isLead ? { label: "federführend", tone: "info" } : undefined}
            facts={[
              `Vergabenummer ${s.referenceNumber} · federführend: ${s.leadBodyName}`,
              `${s.awardedLots} von ${s.lots} ${s.lots === 1 ? "Los" : "Losen"} vergeben${s.share ? ` · Ihr Anteil brutto: ${s.share}` : ""}`,
            ]}
          >
            <ul className="worklist-actions">
              {s.participates ? (
                <>
                  <FileLink
                    to={`/kosten/${s.id}/anteil.xlsx`}
                    label="Ihr Anteil (Excel)"
                    context={s.title}
                  />
                  <FileLink
                    to={`/kosten/${s.id}/anteil.csv`}
                    label="Ihr Anteil (CSV)"
                    context={s.title}
                  />
                </>
              ) : null}
              {s.isLead ? (
                <FileLink
                  to={`/kosten/${s.id}/gesamt.xlsx`}
                  label="Alle Körperschaften (Excel)"
                  context={s.title}
                />
              ) : null}
            </ul>
          </Entry>
        ))}
      </SubList>
      <SubList
        id="xrechnungen"
        title="XRechnungen an Ihre Körperschaft"
        count={invoices.length}
        empty="Keine XRechnung: Die federführende Stelle hat Ihrer Körperschaft nichts weiterberechnet."
      >
        {invoices.map((s) => (
          <Entry
            key={s.id}
            title={s.title}
            to={`/kosten/${s.id}`}
            facts={[`Rechnungssteller: ${s.leadBodyName} · Vergabenummer ${s.referenceNumber}`]}
          >
            <ul className="worklist-actions">
              {s.xrechnung.taxed ? (
                <FileLink
                  to={`/kosten/${s.id}/xrechnung.xml`}
                  label="XRechnung (XML)"
                  context={s.title}
                />
              ) : null}
              {s.xrechnung.untaxed ? (
                <FileLink
                  to={`/kosten/${s.id}/xrechnung.xml?teil=2b`}
                  label="XRechnung, nicht steuerbarer Teil nach § 2b UStG (XML)"
                  context={s.title}
                />
              ) : null}
            </ul>
          </Entry>
        ))}
      </SubList>
      {years.length > 0 ? (
        <div className="kern-stack-sm">
          <h3 className="kern-heading-small" id="haushaltsjahre">
            Zu zahlen je Haushaltsjahr (brutto, alle vergebenen Ausschreibungen)
          </h3>
          <dl className="dashboard-facts" aria-labelledby="haushaltsjahre">
            {years.map((y) => (
              <div key={y.year}>
                <dt>{y.year}</dt>
                <dd>{y.total}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </RoleSection>
  );
}
