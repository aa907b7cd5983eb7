import { formatEuro } from "~/domain/money";
import { DataTable } from "~/kit/ui/data-table";
import { Section } from "~/kit/ui/section";

type Year = {
  year: number;
  callOffs: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

/** A framework's call-offs (Abrufe) per Haushaltsjahr beside the split, and the way to them. */
export function CallOffs({
  tenderId,
  years,
  isLead,
}: {
  tenderId: string;
  years: Year[];
  isLead: boolean;
}) {
  const sum = (f: (y: Year) => number) => years.reduce((s, y) => s + f(y), 0);
  return (
    <Section id="abrufe" title="Abrufe aus der Rahmenvereinbarung">
      <p className="kern-body">
        Abrufe werden zum Preis des Zuschlags berechnet und dem Haushaltsjahr ihres Datums
        zugeordnet; sie stehen in den Dateien{" "}
        {isLead ? "aller Körperschaften" : "Ihrer Körperschaft"} im Blatt „Abrufe“ und in der CSV
        als Art „Abruf“.{" "}
        <a className="kern-link" href={`/kosten/${tenderId}/abrufe`}>
          Abruf…
        </a>
      </p>
      {years.length === 0 ? (
        <p className="kern-body">Noch keine Abrufe.</p>
      ) : (
        <DataTable
          caption="Abrufe je Haushaltsjahr"
          variant={["striped", "small"]}
          rows={years}
          rowKey={(y) => String(y.year)}
          columns={[
            {
              header: "Haushaltsjahr",
              rowHeader: true,
              cell: (y) => String(y.year),
              footer: "Summe",
            },
            {
              header: "Abrufe",
              numeric: true,
              cell: (y) => y.callOffs.toLocaleString("de-DE"),
              footer: sum((y) => y.callOffs).toLocaleString("de-DE"),
            },
            {
              header: "Netto",
              numeric: true,
              cell: (y) => formatEuro(y.netCents),
              footer: formatEuro(sum((y) => y.netCents)),
            },
            {
              header: "USt",
              numeric: true,
              cell: (y) => formatEuro(y.vatCents),
              footer: formatEuro(sum((y) => y.vatCents)),
            },
            {
              header: "Brutto",
              numeric: true,
              cell: (y) => formatEuro(y.grossCents),
              footer: formatEuro(sum((y) => y.grossCents)),
            },
          ]}
        />
      )}
    </Section>
  );
}
