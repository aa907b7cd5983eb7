import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";

import { confirmationNeeded } from "~/kit/confirmation";
import { Alert } from "~/kit/ui/alert";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { Pagination } from "~/kit/ui/pagination";
import { roleLabels } from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import { DISABLE_USER_CONFIRMATION } from "~/modules/access/forms";
import { PageHeader } from "~/kit/ui/page-header";
import { Badge } from "~/kit/ui/badge";
import { disableUser, listUsers } from "~/modules/access/index.server";
import { requireAdminList, requireRole } from "~/modules/access/index.server";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction = () => [{ title: "Benutzer – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { page, pageSize } = await requireAdminList(request);
  const { rows, total } = await listUsers({ page, pageSize });
  return { rows, total, page, pageSize };
}

const disableSchema = z.object({ intent: z.literal("disable"), userId: z.uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const formData = await readForm(request);
  const parsed = disableSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ message: "Ungültige Anfrage.", ok: false }, { status: 400 });
  const confirmation = confirmationNeeded(formData, DISABLE_USER_CONFIRMATION);
  if (confirmation) return { ok: false, message: null, confirmation };
  if (parsed.data.userId === admin.id) {
    return data(
      { message: "Sie können Ihr eigenes Konto nicht sperren.", ok: false },
      { status: 400 },
    );
  }
  const changed = await disableUser({
    id: parsed.data.userId,
    actorUserId: admin.id,
    actorBodyId: admin.bodyId,
  });
  return {
    ok: changed,
    message: changed
      ? "Das Konto ist gesperrt; alle Sitzungen sind beendet."
      : "Das Konto war bereits gesperrt.",
  };
}

export default function UsersPage() {
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title="Benutzer"
        action={{ href: "/admin/benutzer/neu", label: "Benutzer anlegen" }}
      />
      {result?.message ? (
        <Alert tone={result.ok ? "success" : "warning"} title={result.message} />
      ) : null}
      <DataTable
        caption={<>{total} Benutzerkonten</>}
        rows={rows}
        rowKey={(user) => user.id}
        columns={[
          { header: "Name", cell: (user) => user.name },
          { header: "E-Mail", cell: (user) => user.email },
          { header: "Rolle", cell: (user) => roleLabels[user.role] },
          { header: "Körperschaft", cell: (user) => user.bodyName },
          {
            header: "Status",
            cell: (user) =>
              user.disabled ? (
                <Badge tone="danger">gesperrt</Badge>
              ) : (
                <Badge tone="success">aktiv</Badge>
              ),
          },
          {
            header: "Aktion",
            action: true,
            cell: (user) => (
              <>
                <a className="kern-link" href={`/admin/benutzer/${user.id}/passwort`}>
                  Passwort<span className="kern-sr-only"> für {user.name}</span> neu setzen
                </a>
                {user.disabled ? null : (
                  <ConfirmAction
                    fields={{ intent: "disable", userId: user.id }}
                    label="Sperren"
                    srSuffix={`: ${user.name}`}
                    title={`Konto von ${user.name} sperren?`}
                    text={DISABLE_USER_CONFIRMATION}
                  />
                )}
              </>
            ),
          },
        ]}
      />
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}
