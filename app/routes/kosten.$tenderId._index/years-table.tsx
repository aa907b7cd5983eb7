import { formatEuro } from "~/domain/money";
import { DataTable } from "~/kit/ui/data-table";

import { type Row } from "./types";

type Year = Row["budgetYears"][number];

const euroColumn = (header: string, cents: (y: Year) => number) => ({
  header,
  numeric: true,
  cellClassName: "nowrap",
  cell: (y: Year) => formatEuro(cents(y)),
});

export function YearsTable({ rows }: { rows: Row[] }) {
  if (rows.length === 1) {
    const { name, budgetYears } = rows[0]!;
    return (
      <DataTable
        caption={`Zu zahlen je Haushaltsjahr (brutto), ${name}`}
        region={`Zu zahlen je Haushaltsjahr, ${name}`}
        variant={["striped", "small"]}
        rows={budgetYears}
        rowKey={(y) => String(y.year)}
        columns={[
          { header: "Haushaltsjahr", rowHeader: true, cell: (y) => y.year },
          euroColumn("Lizenzen", (y) => y.licenceCents),
          euroColumn("Verbrauchsmaterial", (y) => y.consumableCents),
          euroColumn("Gemeinkosten", (y) => y.sharedCents),
          {
            header: "Summe",
            numeric: true,
            cellClassName: "nowrap",
            cell: (y) => <strong>{formatEuro(y.totalCents)}</strong>,
          },
        ]}
      />
    );
  }
  const years = [...new Set(rows.flatMap((r) => r.budgetYears.map((y) => y.year)))].sort();
  return (
    <DataTable
      caption="Zu zahlen je Haushaltsjahr (brutto)"
      region="Zu zahlen je Haushaltsjahr"
      variant={["striped", "small"]}
      rows={rows}
      rowKey={(r) => r.bodyId}
      columns={[
        { header: "Körperschaft", rowHeader: true, cell: (r) => r.name },
        ...years.map((year) => ({
          header: String(year),
          numeric: true,
          cellClassName: "nowrap",
          cell: (r: Row) => formatEuro(r.budgetYears.find((y) => y.year === year)?.totalCents ?? 0),
        })),
      ]}
    />
  );
}
