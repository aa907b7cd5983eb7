import { formatQuantity } from "~/domain/lots";

import { type loader } from "./route";

export type Lot = Awaited<ReturnType<typeof loader>>["lots"][number];

/** What lies beneath the lot's bundled quantities: per body, item and cost centre. */
export function LotBreakdown({ lot }: { lot: Lot }) {
  return (
    <details>
      <summary className="kern-link">
        Mengen von Los {lot.number} je Körperschaft und Kostenstelle
      </summary>
      <div className="kern-table-responsive">
        <table className="kern-table">
          <caption className="kern-title">
            Was unter den gebündelten Mengen von Los {lot.number} liegt
          </caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Körperschaft
              </th>
              <th scope="col" className="kern-table__header">
                Artikel
              </th>
              <th scope="col" className="kern-table__header">
                Kostenstelle
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Menge
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {lot.breakdown.map((b) => (
              <tr key={`${b.bodyId}-${b.itemId}-${b.costCentre}`} className="kern-table__row">
                <td className="kern-table__cell">{b.bodyName}</td>
                <td className="kern-table__cell">{b.itemName}</td>
                <td className="kern-table__cell">{b.costCentre || "–"}</td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatQuantity(b.quantity)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
