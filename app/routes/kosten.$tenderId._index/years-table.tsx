import { formatEuro } from "~/domain/money";

import { type Row } from "./types";

export function YearsTable({ rows }: { rows: Row[] }) {
  const years = [...new Set(rows.flatMap((r) => r.budgetYears.map((y) => y.year)))].sort();
  const cell = (list: Row["budgetYears"], year: number) => list.find((y) => y.year === year);
  if (rows.length === 1) {
    const list = rows[0]!.budgetYears;
    return (
      <div
        className="kern-table-responsive"
        tabIndex={0}
        role="region"
        aria-label={`Zu zahlen je Haushaltsjahr, ${rows[0]!.name}`}
      >
        <table className="kern-table kern-table--striped kern-table--small">
          <caption className="kern-title">
            Zu zahlen je Haushaltsjahr (brutto), {rows[0]!.name}
          </caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Haushaltsjahr
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Lizenzen
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Verbrauchsmaterial
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Gemeinkosten
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Summe
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {list.map((y) => (
              <tr key={y.year} className="kern-table__row">
                <th scope="row" className="kern-table__header">
                  {y.year}
                </th>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(y.licenceCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(y.consumableCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(y.sharedCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  <strong>{formatEuro(y.totalCents)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div
      className="kern-table-responsive"
      tabIndex={0}
      role="region"
      aria-label="Zu zahlen je Haushaltsjahr"
    >
      <table className="kern-table kern-table--striped kern-table--small">
        <caption className="kern-title">Zu zahlen je Haushaltsjahr (brutto)</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              Körperschaft
            </th>
            {years.map((y) => (
              <th key={y} scope="col" className="kern-table__header kern-table__header--numeric">
                {y}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((r) => (
            <tr key={r.bodyId} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {r.name}
              </th>
              {years.map((y) => (
                <td key={y} className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(cell(r.budgetYears, y)?.totalCents ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
