// One section of the Vergabevermerk page: its facts, text, lists and tables as the model says,
// and, for the last, the lines to sign on ("Ort, Datum, Unterschrift").
import { DataTable } from "~/kit/ui/data-table";
import { DescriptionList } from "~/kit/ui/description-list";
import { type VermerkBlock, type VermerkSection } from "~/modules/audit/vermerk-model";

function MultiLine({ text }: { text: string }) {
  const lines = text.split("\n");
  return (
    <>
      {lines.map((line, i) => (
        <span key={i} className="vermerk__line">
          {line}
        </span>
      ))}
    </>
  );
}

function Block({ block }: { block: VermerkBlock }) {
  switch (block.kind) {
    case "facts":
      return <DescriptionList items={block.rows.map(([term, value]) => ({ term, value }))} />;
    case "text":
      return <p className="kern-body">{block.text}</p>;
    case "list":
      return (
        <ul className="kern-list">
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case "table":
      return (
        <DataTable
          caption={block.caption}
          variant={["small"]}
          className="vermerk__table"
          columns={block.headers.map((header, c) => ({
            header,
            cell: (row: string[]) => <MultiLine text={row[c] ?? ""} />,
          }))}
          rows={block.rows}
          rowKey={(_, i) => String(i)}
        />
      );
  }
}

export function VermerkSectionView({
  section,
  newPage,
  signatures,
}: {
  section: VermerkSection;
  newPage: boolean;
  signatures?: string[];
}) {
  return (
    <section className={`vermerk__section${newPage ? " vermerk__section--new-page" : ""}`}>
      <h2 className="kern-heading-medium">{section.heading}</h2>
      {section.blocks.map((block, i) => (
        <Block key={i} block={block} />
      ))}
      {signatures?.map((role) => (
        <div key={role} className="vermerk__signature">
          <div className="vermerk__signature-line">Ort, Datum, Unterschrift</div>
          <div className="kern-body kern-body--small">{role}</div>
        </div>
      ))}
    </section>
  );
}
