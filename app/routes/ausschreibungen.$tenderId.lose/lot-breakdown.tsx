import { formatQuantity } from "~/domain/lots";
import { DataTable } from "~/kit/ui/data-table";

import { type loader } from "./route";

export type Lot = Awaited<ReturnType<typeof loader>>["lots"][number];

/** What lies beneath the lot's bundled quantities: per body, item and cost centre. */
export function LotBreakdown({ lot }: { lot: Lot }) {
  return (
    <details>
      <summary className="kern-link">
        Mengen von Los {lot.number} je Körperschaft und Kostenstelle
      </summary>
      <DataTable
        caption={<>Was unter den gebündelten Mengen von Los {lot.number} liegt</>}
        variant={[]}
        rows={lot.breakdown}
        rowKey={(b) => `${b.bodyId}-${b.itemId}-${b.costCentre}`}
        columns={[
          { header: "Körperschaft", cell: (b) => b.bodyName },
          { header: "Artikel", cell: (b) => b.itemName },
          { header: "Kostenstelle", cell: (b) => b.costCentre || "–" },
          { header: "Menge", numeric: true, cell: (b) => formatQuantity(b.quantity) },
        ]}
      />
    </details>
  );
}
