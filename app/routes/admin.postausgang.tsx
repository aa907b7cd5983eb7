import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { mailKindLabels, mailStateLabels, mailStates } from "~/domain/vocabulary";
import { formatBerlin } from "~/kit/dates";
import { DataTable } from "~/kit/ui/data-table";
import { Pagination } from "~/kit/ui/pagination";
import { requireAdminList } from "~/modules/access/index.server";
import { listOutbox, readMailConfig } from "~/modules/mail/index.server";

export const meta: MetaFunction = () => [{ title: "Postausgang – Bündelkauf" }];

const nf = new Intl.NumberFormat("de-DE");

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, page, pageSize } = await requireAdminList(request);
  // ?stand=gescheitert: the start page's counts link to the mails of one state
  const state = mailStates.find((s) => mailStateLabels[s] === url.searchParams.get("stand"));
  const { rows, total } = await listOutbox({ page, pageSize, state });
  return {
    rows,
    total,
    page,
    pageSize,
    state: state ?? null,
    smtp: Boolean(readMailConfig().SMTP_URL),
  };
}

export default function OutboxPage() {
  const { rows, total, page, pageSize, state, smtp } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Postausgang</h1>
      <p className="kern-body">
        {smtp
          ? "Jede E-Mail, die Bündelkauf versendet oder noch versenden wird, mit ihrem Stand."
          : "Kein SMTP-Server eingerichtet (SMTP_URL): Keine E-Mail verlässt den Rechner. Hier steht jede E-Mail, die Bündelkauf versenden würde."}
      </p>
      <DataTable
        caption={
          <>
            {nf.format(total)} {total === 1 ? "E-Mail" : "E-Mails"}
            {state ? ` (${mailStateLabels[state]})` : ""}
          </>
        }
        rows={rows}
        rowKey={(m) => m.id}
        columns={[
          { header: "Erstellt", cellClassName: "nowrap", cell: (m) => formatBerlin(m.createdAt) },
          { header: "Empfänger/in", cell: (m) => m.recipient },
          { header: "Betreff", rowHeader: true, cell: (m) => m.subject },
          { header: "Art", cell: (m) => mailKindLabels[m.kind] },
          {
            header: "Stand",
            cell: (m) =>
              m.state === "sent" && m.sentAt
                ? `${mailStateLabels.sent} ${formatBerlin(m.sentAt)}`
                : m.lastError
                  ? `${mailStateLabels[m.state]} (${nf.format(m.attempts)} Versuche: ${m.lastError})`
                  : mailStateLabels[m.state],
          },
        ]}
      />
      {state ? (
        <p className="kern-body">
          <a className="kern-link" href="/admin/postausgang">
            Alle E-Mails anzeigen
          </a>
        </p>
      ) : null}
      <Pagination
        page={page}
        pageSize={pageSize}
        total={total}
        query={state ? { stand: mailStateLabels[state] } : undefined}
      />
    </div>
  );
}
