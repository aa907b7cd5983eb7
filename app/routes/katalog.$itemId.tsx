import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { Alert } from "~/components/alert";
import { CatalogueItemFields } from "~/components/catalogue-item-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import {
  catalogueFieldsOfFormData,
  catalogueFieldsOfItem,
  catalogueInputOf,
  catalogueItemSchema,
} from "~/forms/catalogue-item";
import { parseFormData } from "~/forms/parse.server";
import {
  getCatalogueItem,
  setCatalogueItemActive,
  updateCatalogueItem,
} from "~/models/catalogue.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.name ?? "Artikel"} – Katalog – Bündelkauf` },
];

const savedMessages: Record<string, string> = {
  angelegt: "Der Artikel ist angelegt.",
  geaendert: "Die Änderungen sind gespeichert.",
  deaktiviert: "Der Artikel wird in neuen Bedarfsabfragen nicht mehr angeboten.",
  aktiviert: "Der Artikel wird in neuen Bedarfsabfragen wieder angeboten.",
};

async function loadItem(itemId: string | undefined) {
  const item = itemId ? await getCatalogueItem({ id: itemId }) : undefined;
  if (!item) throw new Response("Nicht gefunden", { status: 404 });
  return item;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["admin", "procurement"]);
  const item = await loadItem(params.itemId);
  const saved = new URL(request.url).searchParams.get("gespeichert") ?? "";
  return { item, savedMessage: savedMessages[saved] ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "procurement"]);
  const item = await loadItem(params.itemId);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const actor = { actorUserId: user.id, actorBodyId: user.bodyId };
  if (intent === "deactivate" || intent === "activate") {
    await setCatalogueItemActive({ id: item.id, active: intent === "activate", ...actor });
    throw redirect(
      `/katalog/${item.id}?gespeichert=${intent === "activate" ? "aktiviert" : "deaktiviert"}`,
    );
  }
  const values = catalogueFieldsOfFormData(formData);
  const parsed = await parseFormData(request, catalogueItemSchema, formData);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const result = await updateCatalogueItem({
    id: item.id,
    ...actor,
    input: catalogueInputOf(parsed.data),
  });
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, values }, { status: 400 });
  throw redirect(`/katalog/${item.id}?gespeichert=geaendert`);
}

export default function EditCatalogueItemPage() {
  const { item, savedMessage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = actionData?.values ?? catalogueFieldsOfItem(item);
  // No defaultValues: react-hook-form takes each field's initial value from the DOM, which the
  // server rendered from `values` (and which may be a refused, invalid entry).
  const form = useValidatedForm(catalogueItemSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <div className="kern-stack-lg narrow">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Artikel bearbeiten</h1>
        <p className="kern-subline">{item.name}</p>
      </hgroup>
      {savedMessage ? <Alert tone="success" title={savedMessage} /> : null}
      {item.active ? null : (
        <Alert tone="info" title="Dieser Artikel ist deaktiviert.">
          <p className="kern-body">
            Er wird in neuen Bedarfsabfragen nicht angeboten; bestehende Abfragen behalten ihn.
          </p>
        </Alert>
      )}
      {/* key: after a save the form starts again from the stored values. */}
      <Form
        key={JSON.stringify(catalogueFieldsOfItem(item))}
        method="post"
        noValidate
        onSubmit={form.onSubmit}
        className="kern-stack-md"
      >
        <input type="hidden" name="intent" value="save" />
        <CatalogueItemFields form={form} values={values} cpvLabel={item.cpvLabel} />
        <div className="actions">
          <button
            type="submit"
            className="kern-btn kern-btn--primary"
            disabled={navigation.state === "submitting"}
          >
            <span className="kern-label">Änderungen speichern</span>
          </button>
          <a className="kern-link" href="/katalog">
            Zurück zum Katalog
          </a>
        </div>
      </Form>
      <section className="kern-stack-sm" aria-labelledby="status-heading">
        <h2 className="kern-heading-small" id="status-heading">
          Verfügbarkeit
        </h2>
        <p className="kern-body">
          {item.active
            ? "Deaktivierte Artikel bleiben in bestehenden Bedarfsabfragen und Ausschreibungen erhalten, werden aber nicht mehr neu angeboten."
            : "Aktivieren Sie den Artikel, um ihn wieder in neuen Bedarfsabfragen anzubieten."}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value={item.active ? "deactivate" : "activate"} />
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">
              {item.active ? "Artikel deaktivieren" : "Artikel wieder aktivieren"}
            </span>
          </button>
        </Form>
      </section>
    </div>
  );
}
