// The Vergabevermerk (§ 8 VgV) of a tender as a page to read and print on A4 (print CSS in
// app.css: no navigation, a new page for the history and the signatures, lines to sign on),
// with the DOCX to sign and the XLSX event list beside it. The lead's procurement office only.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { PageHeader } from "~/kit/ui/page-header";
import { loadVermerkPage } from "~/modules/audit/index.server";

import { VermerkSectionView } from "./vermerk-section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Vergabevermerk – ${data?.vermerk.subtitle ?? "Ausschreibung"} – Bündelkauf` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadVermerkPage(request, params.tenderId);
}

export default function VermerkPage() {
  const { tenderId, vermerk } = useLoaderData<typeof loader>();
  const last = vermerk.sections.length - 1;
  return (
    <article className="vermerk kern-stack-lg">
      <PageHeader title={vermerk.title} subline={<>{vermerk.subtitle}</>} />
      <p className="kern-body">{vermerk.asOf}</p>
      <ul className="kern-list kern-list--horizontal no-print" aria-label="Vergabevermerk">
        <li>
          <a className="kern-link" href={`/ausschreibungen/${tenderId}`}>
            Zur Ausschreibung
          </a>
        </li>
        <li>
          <a className="kern-link" href={`/ausschreibungen/${tenderId}/vermerk.docx`} download>
            Als Word-Dokument (DOCX) herunterladen
          </a>
        </li>
        <li>
          <a className="kern-link" href={`/ausschreibungen/${tenderId}/vermerk.xlsx`} download>
            Alle Protokolleinträge als Tabelle (XLSX)
          </a>
        </li>
      </ul>
      <p className="kern-body no-print">
        Zum Unterschreiben drucken Sie diese Seite (A4) oder das Word-Dokument aus.
      </p>
      {vermerk.sections.map((section, i) => (
        <VermerkSectionView
          key={section.heading}
          section={section}
          newPage={i >= last - 1}
          signatures={i === last ? vermerk.signatures : undefined}
        />
      ))}
    </article>
  );
}
