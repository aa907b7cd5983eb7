import { formatUnitPrice } from "~/domain/money";
import { formatBerlin } from "~/kit/dates";
import { Alert } from "~/kit/ui/alert";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { DataTable } from "~/kit/ui/data-table";
import { Badge } from "~/kit/ui/badge";
import { BID_CONFIRMATIONS, type BidsPageResult } from "~/modules/bids/forms";
import { Section } from "~/kit/ui/section";

import { type LotView } from "./route";
import { QualityPointsForm, TypedBidForm } from "./bid-forms";

const sourceLabels: Record<string, string> = { typed: "eingetippt", upload: "Preisblatt" };
export const integers = new Intl.NumberFormat("de-DE");

/** One lot: its bids side by side, the list of bids, and the forms to add or complete one. */
export function LotSection({
  lot,
  tenderId,
  deadlinePassed,
  criteria,
  actionData,
}: {
  lot: LotView;
  tenderId: string;
  deadlinePassed: boolean;
  criteria: { id: string; name: string }[];
  actionData: BidsPageResult | undefined;
}) {
  const headingId = `los-${lot.number}`;
  const typed =
    actionData?.form === "typed" && actionData.lotId === lot.id ? actionData : undefined;
  const bidError = actionData?.form === "bid" ? actionData : undefined;
  const missingQuality = criteria.length > 0 ? lot.bids.filter((b) => !b.qualityComplete) : [];
  const open = !lot.awarded && deadlinePassed;
  return (
    <Section id={headingId} title={lot.label}>
      <div className="actions">
        {lot.awarded ? <Badge tone="success">Zuschlag erteilt</Badge> : null}
        <span className="kern-body">
          {lot.bids.length === 0
            ? "Noch kein Angebot."
            : `${lot.bids.length} ${lot.bids.length === 1 ? "Angebot" : "Angebote"}`}
        </span>
        {lot.bids.length > 0 ? (
          <a className="kern-link" href={`/ausschreibungen/${tenderId}/wertung/${lot.id}`}>
            Wertung und Zuschlag<span className="kern-sr-only"> für {lot.label}</span>
          </a>
        ) : null}
      </div>
      {bidError?.message && lot.bids.some((b) => b.id === bidError.bidId) ? (
        <Alert tone="danger" title={bidError.message} />
      ) : null}

      {lot.bids.length > 0 ? <PriceComparison lot={lot} /> : null}

      {lot.bids.length > 0 ? (
        <DataTable
          caption="Erfasste Angebote"
          variant={[]}
          rows={lot.bids}
          rowKey={(b) => b.id}
          columns={[
            {
              header: "Bieter",
              cell: (b) => (
                <>
                  {b.bidderName}
                  {b.awarded ? (
                    <>
                      {" "}
                      <Badge tone="success">Zuschlag</Badge>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Anschrift", cell: (b) => b.bidderAddress || "–" },
            { header: "Erfasst", cell: (b) => <>{formatBerlin(b.createdAt)} Uhr</> },
            { header: "Quelle", cell: (b) => sourceLabels[b.source] ?? b.source },
            {
              header: "Aktion",
              cell: (b) => (open ? <DeleteBidButton bid={b} /> : "–"),
            },
          ]}
        />
      ) : null}

      {open
        ? missingQuality.map((b) => (
            <QualityPointsForm
              key={b.id}
              bid={b}
              criteria={criteria}
              serverErrors={bidError?.bidId === b.id ? bidError.fieldErrors : undefined}
            />
          ))
        : null}

      {open ? (
        <details open={typed ? true : undefined}>
          <summary className="kern-link">Angebot für {lot.label} eintippen</summary>
          <TypedBidForm lot={lot} criteria={criteria} result={typed} />
        </details>
      ) : null}
    </Section>
  );
}

function DeleteBidButton({ bid }: { bid: LotView["bids"][number] }) {
  return (
    <ConfirmAction
      fields={{ intent: "delete", bidId: bid.id }}
      label="Löschen"
      srSuffix={` (Angebot von ${bid.bidderName})`}
      title={`Angebot von ${bid.bidderName} löschen?`}
      text={BID_CONFIRMATIONS.delete}
      variant="tertiary"
    />
  );
}

/** The price comparison: one row per item and band, one column per bid (row groups per item). */
function PriceComparison({ lot }: { lot: LotView }) {
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-title">Preisspiegel: Stückpreise netto je Staffel</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            {["Artikel", "Staffel", ...lot.bids.map((b) => b.bidderName)].map((header, i) => (
              <th
                key={i}
                scope="col"
                className={`kern-table__header${i > 0 ? " kern-table__header--numeric" : ""}`}
              >
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {lot.items.flatMap((item, i) =>
            item.bands.map((minQty, bandIndex) => (
              <tr key={`${item.itemId}-${bandIndex}`} className="kern-table__row">
                {bandIndex === 0 ? (
                  <th scope="rowgroup" rowSpan={item.bands.length} className="kern-table__header">
                    {item.name}
                    <br />
                    <span className="kern-body kern-body--small">
                      gebündelt {integers.format(item.bundledQuantity)} {item.unit}
                    </span>
                  </th>
                ) : null}
                {[
                  `ab ${integers.format(minQty)}`,
                  ...lot.bids.map((b) => b.prices[i]?.unitPrices[bandIndex]),
                ].map((value, k) => (
                  <td key={k} className="kern-table__cell kern-table__cell--numeric">
                    {typeof value === "number"
                      ? formatUnitPrice(value)
                      : value === undefined
                        ? "–"
                        : value}
                  </td>
                ))}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
