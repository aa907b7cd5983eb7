import { Form } from "@remix-run/react";

import { formatEuroAmount } from "~/domain/money";
import { formatBerlinDate } from "~/kit/dates";
import { DataTable } from "~/kit/ui/data-table";
import { SelectField } from "~/kit/ui/field";
import { Badge } from "~/kit/ui/badge";

import {
  type CpvGroupSummary,
  type ItemBody,
  type PartnerBundle,
  type RegionOption,
} from "./types";
import { type Region } from "./forms";

// The partner finder's parts (issue 16): the filter, the ranked bundles, the CPV groups and one
// item's bodies. Other bodies appear only as names, counts and rounded totals (decision 018).

const nf = new Intl.NumberFormat("de-DE");

/** A region select of the filter: "all" first, then each region with its key. */
function RegionSelect({
  id,
  label,
  value,
  options,
  empty,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: RegionOption[];
  empty: string;
}) {
  return (
    <SelectField
      id={id}
      name={id}
      label={label}
      defaultValue={value ?? ""}
      options={[
        { value: "", label: empty },
        ...options.map((o) => ({ value: o.key, label: `${o.name} (${o.key})` })),
      ]}
    />
  );
}

export function RegionFilter({
  region,
  laender,
  kreise,
  itemId,
}: {
  region: Region;
  laender: RegionOption[];
  kreise: RegionOption[];
  itemId?: string;
}) {
  return (
    <Form method="get" role="search" aria-label="Gebiet" className="search-row">
      {itemId ? <input type="hidden" name="artikel" value={itemId} /> : null}
      <RegionSelect
        id="land"
        label="Land"
        value={region.land}
        options={laender}
        empty="Alle Länder"
      />
      <RegionSelect
        id="kreis"
        label="Landkreis"
        value={region.kreis}
        options={kreise}
        empty="Alle Landkreise"
      />
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-icon kern-icon--search" aria-hidden="true" />
        <span className="kern-label">Filtern</span>
      </button>
    </Form>
  );
}

function Basis({ bundle }: { bundle: PartnerBundle }) {
  const s = bundle.source;
  if (s.kind === "reference") return <>Referenzpreis, keine Staffel: nicht schätzbar</>;
  return (
    <span title={`Staffelpreise des Zuschlags „${s.tenderTitle}“`}>
      Zuschlag {s.referenceNumber} vom {formatBerlinDate(s.awardedAt)}
    </span>
  );
}

export function BundleTable({ rows, query }: { rows: PartnerBundle[]; query: string }) {
  return (
    <DataTable
      caption="Mögliche Bündel, nach geschätzter Ersparnis"
      region="Mögliche Bündel"
      rows={rows}
      rowKey={(b) => b.itemId}
      columns={[
        {
          header: "Artikel",
          rowHeader: true,
          cell: (b) => (
            <a className="kern-link" href={`?${query}${query ? "&" : ""}artikel=${b.itemId}`}>
              {b.name}
            </a>
          ),
        },
        { header: "CPV-Gruppe", cell: (b) => b.cpvGroup },
        { header: "Partner", numeric: true, cell: (b) => nf.format(b.otherBodies) },
        {
          header: "Eigene Menge",
          numeric: true,
          cell: (b) => `${nf.format(b.ownQuantity)} ${b.unit}`,
        },
        {
          header: "Bündelmenge",
          numeric: true,
          cell: (b) =>
            b.roundedTotal === null
              ? "nicht ausgewiesen (ein Partner)"
              : `ca. ${nf.format(b.roundedTotal)} ${b.unit}`,
        },
        {
          header: "Erreichte Staffel",
          cell: (b) =>
            b.bandNumber === null
              ? "–"
              : `Staffel ${b.bandNumber} von ${b.bandCount} (ab ${nf.format(b.bandMinQty ?? 0)} ${b.unit})`,
        },
        {
          header: "Ersparnis (Schätzung, €)",
          numeric: true,
          cell: (b) => formatEuroAmount(b.savingCents),
        },
        { header: "Grundlage", cell: (b) => <Basis bundle={b} /> },
        {
          header: "Könnte beitreten",
          numeric: true,
          cell: (b) => nf.format(b.couldJoin),
        },
      ]}
    />
  );
}

export function CpvGroupTable({ groups }: { groups: CpvGroupSummary[] }) {
  return (
    <DataTable
      caption="Nach CPV-Gruppe (erste drei Ziffern des CPV-Codes)"
      rows={groups}
      rowKey={(g) => g.cpvGroup}
      columns={[
        { header: "CPV-Gruppe", rowHeader: true, cell: (g) => g.cpvGroup },
        { header: "Artikel mit Partnern", numeric: true, cell: (g) => nf.format(g.items) },
        {
          header: "Meiste Partner eines Artikels",
          numeric: true,
          cell: (g) => nf.format(g.mostOtherBodies),
        },
        {
          header: "Ersparnis (Schätzung, €)",
          numeric: true,
          cell: (g) => formatEuroAmount(g.savingCents),
        },
      ]}
    />
  );
}

type InviteRound = { id: string; title: string; budgetYear: number };

function InviteForm({ body, rounds }: { body: ItemBody; rounds: InviteRound[] }) {
  const selectId = `runde-${body.id}`;
  return (
    <Form method="post" className="actions">
      <input type="hidden" name="intent" value="invite" />
      <input type="hidden" name="bodyId" value={body.id} />
      <div className="kern-form-input__select-wrapper">
        <label className="kern-sr-only" htmlFor={selectId}>
          Bedarfsabfrage für {body.name}
        </label>
        <select id={selectId} name="roundId" className="kern-form-input__select">
          {rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title} ({r.budgetYear})
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="kern-btn kern-btn--tertiary kern-btn--x-small"
        aria-label={`${body.name} zur Bedarfsabfrage einladen`}
      >
        <span className="kern-label">Einladen</span>
      </button>
    </Form>
  );
}

export function ItemBodiesTable({
  bodies,
  unit,
  rounds,
}: {
  bodies: ItemBody[];
  unit: string;
  /** the Vergabestelle's drafts and open rounds; null: the viewer may not invite */
  rounds: InviteRound[] | null;
}) {
  return (
    <DataTable
      caption="Körperschaften im Gebiet"
      region="Körperschaften im Gebiet"
      rows={bodies}
      rowKey={(b) => b.id}
      columns={[
        { header: "Körperschaft", rowHeader: true, cell: (b) => b.name },
        { header: "Kreis", cell: (b) => b.kreis ?? "–" },
        { header: "Einwohner", numeric: true, cell: (b) => nf.format(b.population) },
        {
          header: "Stand",
          cell: (b) =>
            b.buys ? (
              <Badge tone="success">kauft bereits</Badge>
            ) : (
              <Badge tone="info">könnte beitreten</Badge>
            ),
        },
        {
          header: "Menge (Schätzung je Einwohner)",
          numeric: true,
          cell: (b) =>
            b.buys
              ? "–"
              : b.estimate === null
                ? "keine Angabe"
                : `ca. ${nf.format(b.estimate)} ${unit}`,
        },
        rounds !== null && rounds.length > 0
          ? {
              header: "Zur nächsten Bedarfsabfrage einladen",
              action: true,
              cell: (b: ItemBody) => <InviteForm body={b} rounds={rounds} />,
            }
          : null,
      ]}
    />
  );
}
