import { DataTable } from "~/kit/ui/data-table";
import { PageHeader } from "~/kit/ui/page-header";
import { formatBerlin } from "~/kit/dates";

const fieldLabels: Record<string, string> = {
  quantity: "Menge",
  costCentre: "Kostenstelle",
  product: "Produkt",
  ledgerAccount: "Sachkonto",
  deliveryAddress: "Lieferadresse",
  note: "Bemerkung",
};
const actionLabels: Record<string, string> = {
  "demand_line.created": "angelegt",
  "demand_line.updated": "geändert",
  "demand_line.deleted": "gelöscht",
};

type Event = {
  id: number;
  at: string;
  action: string;
  source: string;
  old: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
};

function changes(event: Event) {
  return Object.keys(fieldLabels).flatMap((key) => {
    const before = event.old?.[key];
    const after = event.new?.[key];
    if (before === after) return [];
    return [{ key, label: fieldLabels[key]!, before: before ?? "", after: after ?? "" }];
  });
}

export function DemandLineHistory({
  backTo,
  itemName,
  unit,
  events,
}: {
  backTo: string;
  itemName: string;
  unit: string;
  events: Event[];
}) {
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title={<>Verlauf: {itemName}</>}
        subline={
          <>
            Jede Änderung dieser Bedarfszeile mit altem und neuem Wert
            {unit ? ` (Menge in ${unit})` : ""}.
          </>
        }
      />
      <DataTable
        caption={`${events.length} Ereignisse`}
        variant={[]}
        rows={events.flatMap((event) => {
          const rows = changes(event);
          const label = `${actionLabels[event.action] ?? event.action}${event.source === "import" ? " (Excel-Import)" : ""}`;
          return (rows.length ? rows : [{ key: "-", label: "–", before: "", after: "" }]).map(
            (c, i) => ({ event, label, c, first: i === 0 }),
          );
        })}
        rowKey={({ event, c }) => `${event.id}-${c.key}`}
        columns={[
          {
            header: "Zeitpunkt",
            cell: ({ event, first }) => (first ? `${formatBerlin(event.at)} Uhr` : ""),
          },
          { header: "Ereignis", cell: ({ label, first }) => (first ? label : "") },
          { header: "Feld", cell: ({ c }) => c.label },
          { header: "vorher", cell: ({ c }) => String(c.before) },
          { header: "nachher", cell: ({ c }) => String(c.after) },
        ]}
      />
      <p className="kern-body">
        <a className="kern-link" href={backTo}>
          Zurück
        </a>
      </p>
    </div>
  );
}
