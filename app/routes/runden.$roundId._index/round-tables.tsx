// The round page's tables: the bundled quantities per item, and one body's lines.
import { useLoaderData } from "@remix-run/react";

import { formatEuro } from "~/domain/money";
import { DataTable } from "~/kit/ui/data-table";
import { Section } from "~/kit/ui/section";

import { type loader } from "./route";

const nf = new Intl.NumberFormat("de-DE");

export function RoundTotals() {
  const { totals } = useLoaderData<typeof loader>();
  const totalCents = totals.reduce((sum, t) => sum + BigInt(t.valueCents), 0n);
  return (
    <Section id="mengen" title="Gebündelte Mengen">
      <DataTable
        caption={
          <>
            Summe aller Meldungen je Artikel, bewertet zu Referenzpreisen: {formatEuro(totalCents)}
          </>
        }
        rows={totals}
        rowKey={(t) => t.itemId}
        columns={[
          { header: "Artikel", cell: (t) => t.name },
          { header: "CPV", cell: (t) => t.cpvCode },
          { header: "Menge", numeric: true, cell: (t) => nf.format(t.quantity) },
          { header: "Einheit", cell: (t) => t.unit },
          { header: "Meldungen", numeric: true, cell: (t) => nf.format(t.lines) },
          {
            header: "Wert (Referenz)",
            numeric: true,
            cell: (t) => formatEuro(BigInt(t.valueCents)),
          },
          {
            header: "Ausschreibung",
            cell: (t) =>
              t.tender ? (
                <a className="kern-link" href={`/ausschreibungen/${t.tender.id}`}>
                  {t.tender.referenceNumber} „{t.tender.title}“
                </a>
              ) : (
                "noch in keiner"
              ),
          },
        ]}
      />
    </Section>
  );
}

export function BodyLines() {
  const { round, selectedBody, lines } = useLoaderData<typeof loader>();
  return (
    <Section id="zeilen" title={<>Zeilen von {selectedBody?.name}</>}>
      <DataTable
        caption={<>{lines.length} Bedarfszeilen</>}
        variant={[]}
        rows={lines}
        rowKey={(l) => l.id}
        columns={[
          { header: "Artikel", cell: (l) => l.itemName },
          { header: "Menge", numeric: true, cell: (l) => l.quantity.toLocaleString("de-DE") },
          { header: "Kostenstelle", cell: (l) => l.costCentre },
          { header: "Produkt", cell: (l) => l.product },
          { header: "Sachkonto", cell: (l) => l.ledgerAccount },
          {
            header: "Verlauf",
            cell: (l) => (
              <a className="kern-link" href={`/runden/${round.id}/verlauf/${l.id}`}>
                Verlauf<span className="kern-sr-only"> von {l.itemName}</span>
              </a>
            ),
          },
        ]}
      />
    </Section>
  );
}
