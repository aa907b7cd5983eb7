import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";

import { Alert } from "~/components/alert";
import { Pagination } from "~/components/pagination";
import { roleLabels } from "~/domain/roles";
import { disableUser, listUsers } from "~/models/user.server";
import { requireRole } from "~/utils/auth.server";
import { pageParams } from "~/utils/pagination";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction = () => [{ title: "Benutzer – Bündelkauf" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const { page } = pageParams(new URL(request.url));
  const { rows, total } = await listUsers({ page, pageSize: PAGE_SIZE });
  return { rows, total, page, pageSize: PAGE_SIZE };
}

const disableSchema = z.object({ intent: z.literal("disable"), userId: z.uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const parsed = disableSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ message: "Ungültige Anfrage.", ok: false }, { status: 400 });
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
      <div className="actions">
        <h1 className="kern-heading-large">Benutzer</h1>
        <a className="kern-btn kern-btn--primary" href="/admin/benutzer/neu">
          <span className="kern-label">Benutzer anlegen</span>
        </a>
      </div>
      {result ? <Alert tone={result.ok ? "success" : "warning"} title={result.message} /> : null}
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--striped">
          <caption className="kern-title">{total} Benutzerkonten</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Name
              </th>
              <th scope="col" className="kern-table__header">
                E-Mail
              </th>
              <th scope="col" className="kern-table__header">
                Rolle
              </th>
              <th scope="col" className="kern-table__header">
                Körperschaft
              </th>
              <th scope="col" className="kern-table__header">
                Status
              </th>
              <th scope="col" className="kern-table__header kern-table__header--action">
                Aktion
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {rows.map((user) => (
              <tr key={user.id} className="kern-table__row">
                <td className="kern-table__cell">{user.name}</td>
                <td className="kern-table__cell">{user.email}</td>
                <td className="kern-table__cell">{roleLabels[user.role]}</td>
                <td className="kern-table__cell">{user.bodyName}</td>
                <td className="kern-table__cell">
                  {user.disabled ? (
                    <span className="kern-badge kern-badge--danger">
                      <span className="kern-label">gesperrt</span>
                    </span>
                  ) : (
                    <span className="kern-badge kern-badge--success">
                      <span className="kern-label">aktiv</span>
                    </span>
                  )}
                </td>
                <td className="kern-table__cell kern-table__cell--action">
                  <a className="kern-link" href={`/admin/benutzer/${user.id}/passwort`}>
                    Passwort<span className="kern-sr-only"> für {user.name}</span> neu setzen
                  </a>
                  {user.disabled ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="disable" />
                      <input type="hidden" name="userId" value={user.id} />
                      <button
                        type="submit"
                        className="kern-btn kern-btn--secondary kern-btn--x-small"
                      >
                        <span className="kern-label">
                          Sperren<span className="kern-sr-only">: {user.name}</span>
                        </span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}
