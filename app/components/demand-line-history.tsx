import { formatBerlin } from "~/utils/dates";

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

type Event = { id: number; at: string; action: string; source: string; old: Record<string, unknown> | null; new: Record<string, unknown> | null };

function changes(event: Event) {
  return Object.keys(fieldLabels).flatMap((key) => {
    const before = event.old?.[key];
    const after = event.new?.[key];
    if (before === after) return [];
    return [{ key, label: fieldLabels[key]!, before: before ?? "", after: after ?? "" }];
  });
}

export function DemandLineHistory({ backTo, itemName, unit, events }: { backTo: string; itemName: string; unit: string; events: Event[] }) {
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Verlauf: {itemName}</h1>
        <p className="kern-subline">Jede Änderung dieser Bedarfszeile mit altem und neuem Wert{unit ? ` (Menge in ${unit})` : ""}.</p>
      </hgroup>
      <div className="kern-table-responsive">
        <table className="kern-table">
          <caption className="kern-title">{events.length} Ereignisse</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">Zeitpunkt</th>
              <th scope="col" className="kern-table__header">Ereignis</th>
              <th scope="col" className="kern-table__header">Feld</th>
              <th scope="col" className="kern-table__header">vorher</th>
              <th scope="col" className="kern-table__header">nachher</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {events.flatMap((event) => {
              const rows = changes(event);
              const label = `${actionLabels[event.action] ?? event.action}${event.source === "import" ? " (Excel-Import)" : ""}`;
              return (rows.length ? rows : [{ key: "-", label: "–", before: "", after: "" }]).map((c, i) => (
                <tr key={`${event.id}-${c.key}`} className="kern-table__row">
                  <td className="kern-table__cell">{i === 0 ? `${formatBerlin(event.at)} Uhr` : ""}</td>
                  <td className="kern-table__cell">{i === 0 ? label : ""}</td>
                  <td className="kern-table__cell">{c.label}</td>
                  <td className="kern-table__cell">{String(c.before)}</td>
                  <td className="kern-table__cell">{String(c.after)}</td>
                </tr>
              ));
            })}
          </tbody>
        </table>
      </div>
      <p className="kern-body">
        <a className="kern-link" href={backTo}>
          Zurück
        </a>
      </p>
    </div>
  );
}
