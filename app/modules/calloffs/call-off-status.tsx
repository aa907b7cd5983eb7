// Per framework lot: the maximum (Höchstmenge) and what is called off ("abgerufen"), per lot and
// – for the lead – per body, with a KERN warning from 80 %. Shown on the tender page and on the
// call-off page.
import { CALL_OFF_WARNING_BP, calledOffPercent } from "~/domain/call-offs";
import { Alert } from "~/kit/ui/alert";
import { DataTable } from "~/kit/ui/data-table";

import { type LotCallOffStatus } from "./types";

const count = new Intl.NumberFormat("de-DE");
const percent = (maximum: number, calledOff: number) => `${calledOffPercent(maximum, calledOff)} %`;
const warned = (l: LotCallOffStatus) =>
  l.maxQuantity > 0 && l.calledOff * 10_000 >= l.maxQuantity * CALL_OFF_WARNING_BP;

export function CallOffStatus({ lots }: { lots: LotCallOffStatus[] }) {
  if (lots.length === 0) return null;
  return (
    <div className="kern-stack-sm">
      {lots.filter(warned).map((l) => (
        <Alert
          key={l.lotId}
          tone="warning"
          title={`Los ${l.number}: ${percent(l.maxQuantity, l.calledOff)} der Höchstmenge abgerufen`}
        >
          <p className="kern-body">
            Abrufbar sind noch {count.format(Math.max(0, l.maxQuantity - l.calledOff))}. Ist die
            Höchstmenge erreicht, ist die Rahmenvereinbarung für dieses Los erschöpft.
          </p>
        </Alert>
      ))}
      <DataTable
        caption="Höchstmenge und Abrufe je Los"
        captionHidden
        rows={lots}
        rowKey={(l) => l.lotId}
        columns={[
          { header: "Los", rowHeader: true, cell: (l) => `Los ${l.number}: ${l.title}` },
          {
            header: "Gebündelte Menge",
            numeric: true,
            cell: (l) => count.format(l.bundledQuantity),
          },
          {
            header: "Reserve",
            numeric: true,
            cell: (l) => `${(l.reserveBp / 100).toLocaleString("de-DE")} %`,
          },
          { header: "Höchstmenge", numeric: true, cell: (l) => count.format(l.maxQuantity) },
          { header: "abgerufen", numeric: true, cell: (l) => count.format(l.calledOff) },
          {
            header: "Anteil",
            numeric: true,
            cell: (l) => percent(l.maxQuantity, l.calledOff),
          },
        ]}
      />
      {lots.some((l) => l.bodies.length > 0) ? (
        <DataTable
          caption="Abgerufen je Körperschaft"
          rows={lots.flatMap((l) => l.bodies.map((b) => ({ lot: l, body: b })))}
          rowKey={(r) => `${r.lot.lotId}-${r.body.bodyId}`}
          columns={[
            { header: "Los", cell: (r) => `Los ${r.lot.number}` },
            { header: "Körperschaft", rowHeader: true, cell: (r) => r.body.name },
            { header: "abgerufen", numeric: true, cell: (r) => count.format(r.body.calledOff) },
            {
              header: "Anteil an der Höchstmenge",
              numeric: true,
              cell: (r) => percent(r.lot.maxQuantity, r.body.calledOff),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
