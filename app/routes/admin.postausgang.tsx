import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { mailKindLabels, mailStateLabels } from "~/domain/vocabulary";
import { formatBerlin } from "~/kit/dates";
import { pageParams } from "~/kit/pagination";
import { DataTable } from "~/kit/ui/data-table";
import { Pagination } from "~/kit/ui/pagination";
import { requireRole } from "~/modules/access/index.server";
import { listOutbox, readMailConfig } from "~/modules/mail/index.server";

export const meta: MetaFunction = () => [{ title: "Postausgang – Bündelkauf" }];

const PAGE_SIZE = 50;
const nf = new Intl.NumberFormat("de-DE");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const { page } = pageParams(new URL(request.url));
  const { rows, total } = await listOutbox({ page, pageSize: PAGE_SIZE });
  return { rows, total, page, pageSize: PAGE_SIZE, smtp: Boolean(readMailConfig().SMTP_URL) };
}

export default function OutboxPage() {
  const { rows, total, page, pageSize, smtp } = useLoaderData<typeof loader>();
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
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}
