import { notFound } from "~/kit/http/responses.server";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { DescriptionList } from "~/kit/ui/description-list";
import { PageHeader } from "~/kit/ui/page-header";
import { CatalogueItemFields } from "~/modules/catalogue/catalogue-item-fields";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { catalogueFieldsOfItem, catalogueItemSchema } from "~/modules/catalogue/forms";
import { TenderStatusBadge } from "~/modules/tender/tender-status";
import { formatUnitPrice, formatVatRate } from "~/domain/money";
import { itemCategoryLabels, roundPhaseLabels } from "~/domain/vocabulary";
import {
  getCatalogueItem,
  listCatalogueItemUsage,
  saveCatalogueItemForm,
  setCatalogueItemActive,
} from "~/modules/catalogue/index.server";
import { requireRole } from "~/modules/access/index.server";
import { formatBerlin } from "~/kit/dates";
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
  if (!item) throw notFound();
  return item;
}

// Every procurement office may read an item and add new ones (katalog.neu); changing an item
// that every body's rounds and tenders share is the administration's (decision 011).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "procurement"]);
  const item = await loadItem(params.itemId);
  const usage = await listCatalogueItemUsage({ itemId: item.id, viewerBodyId: user.bodyId });
  const saved = new URL(request.url).searchParams.get("gespeichert") ?? "";
  return {
    item,
    usage,
    canEdit: user.role === "admin",
    savedMessage: savedMessages[saved] ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
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
  const saved = await saveCatalogueItemForm({ request, formData, ...actor, id: item.id });
  if (!saved.ok) return data(saved, { status: 400 });
  throw redirect(`/katalog/${item.id}?gespeichert=geaendert`);
}

export default function EditCatalogueItemPage() {
  const { item, usage, canEdit, savedMessage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = actionData?.values ?? catalogueFieldsOfItem(item);
  // No defaultValues: react-hook-form takes each field's initial value from the DOM, which the
  // server rendered from `values` (and which may be a refused, invalid entry).
  const form = useValidatedForm(catalogueItemSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <div className="kern-stack-lg narrow">
      <PageHeader title={canEdit ? "Artikel bearbeiten" : "Artikel"} subline={item.name} />
      {savedMessage ? <Alert tone="success" title={savedMessage} /> : null}
      {item.active ? null : (
        <Alert tone="info" title="Dieser Artikel ist deaktiviert.">
          <p className="kern-body">
            Er wird in neuen Bedarfsabfragen nicht angeboten; bestehende Abfragen behalten ihn.
          </p>
        </Alert>
      )}
      {canEdit ? (
        <EditForms
          item={item}
          values={values}
          form={form}
          submitting={navigation.state === "submitting"}
        />
      ) : (
        <ItemFacts item={item} />
      )}
      <ItemUsage usage={usage} />
    </div>
  );
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["item"];

function EditForms({
  item,
  values,
  form,
  submitting,
}: {
  item: Item;
  values: ReturnType<typeof catalogueFieldsOfItem>;
  form: ReturnType<typeof useValidatedForm<typeof catalogueItemSchema>>;
  submitting: boolean;
}) {
  return (
    <>
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
          <button type="submit" className="kern-btn kern-btn--primary" disabled={submitting}>
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
    </>
  );
}

/** What a procurement office reads: the item as it stands, without a form. */
function ItemFacts({ item }: { item: Item }) {
  const facts: [string, string][] = [
    ["Bezeichnung", item.name],
    ["Beschreibung", item.description || "–"],
    ["Einheit", item.unit],
    ["CPV-Code", `${item.cpvCode} ${item.cpvLabel}`],
    ["Kategorie", itemCategoryLabels[item.category]],
    ["Umsatzsteuer", formatVatRate(item.vatRateBp)],
    ["Referenzpreis (netto)", formatUnitPrice(item.referencePrice)],
    ["Merkmale", item.attributes || "–"],
  ];
  return (
    <section className="kern-stack-sm" aria-labelledby="facts-heading">
      <h2 className="kern-heading-small" id="facts-heading">
        Angaben
      </h2>
      <DescriptionList items={facts.map(([term, value]) => ({ term, value }))} />
      <p className="kern-body">
        Bestehende Katalogartikel ändert die Administration, weil alle Körperschaften sie nutzen.
        Einen neuen Artikel können Sie selbst{" "}
        <a className="kern-link" href="/katalog/neu">
          anlegen
        </a>
        .
      </p>
    </section>
  );
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Which rounds and tenders use the item, and the item as each published tender froze it. */
function ItemUsage({ usage }: { usage: ReturnType<typeof useLoaderData<typeof loader>>["usage"] }) {
  const others = [
    usage.otherRounds > 0 ? count(usage.otherRounds, "Bedarfsabfrage", "Bedarfsabfragen") : null,
    usage.otherTenders > 0
      ? `${count(usage.otherTenders, "Ausschreibung", "Ausschreibungen")} (davon ${usage.otherPublishedTenders} veröffentlicht)`
      : null,
  ].filter((x) => x !== null);
  const nothing = usage.rounds.length === 0 && usage.tenders.length === 0 && others.length === 0;
  return (
    <section className="kern-stack-sm" aria-labelledby="usage-heading">
      <h2 className="kern-heading-small" id="usage-heading">
        Verwendung
      </h2>
      {nothing ? (
        <p className="kern-body">
          Noch keine Bedarfsabfrage und keine Ausschreibung verwendet diesen Artikel.
        </p>
      ) : null}
      {usage.inUse ? (
        <p className="kern-body">
          Für diesen Artikel gibt es Bedarfsmeldungen oder Ausschreibungen: Bezeichnung, Einheit,
          Kategorie und CPV-Code bleiben so, wie sie angefragt wurden. Veröffentlichte
          Ausschreibungen behalten alle Angaben so, wie sie veröffentlicht wurden.
        </p>
      ) : null}
      {usage.rounds.length > 0 ? (
        <ul className="kern-list" aria-label="Eigene Bedarfsabfragen">
          {usage.rounds.map((r) => (
            <li key={r.id}>
              <a className="kern-link" href={`/runden/${r.id}`}>
                Bedarfsabfrage „{r.title}“
              </a>{" "}
              ({roundPhaseLabels[r.phase]}):{" "}
              {count(r.demandLines, "Bedarfsmeldung", "Bedarfsmeldungen")} von{" "}
              {count(r.bodies, "Körperschaft", "Körperschaften")}
            </li>
          ))}
        </ul>
      ) : null}
      {usage.tenders.length > 0 ? (
        <ul className="kern-list" aria-label="Eigene Ausschreibungen">
          {usage.tenders.map((t) => (
            <li key={t.id}>
              <a className="kern-link" href={`/ausschreibungen/${t.id}`}>
                Ausschreibung {t.referenceNumber} „{t.title}“
              </a>{" "}
              <TenderStatusBadge status={t.status} />{" "}
              {t.frozen && t.publishedAt
                ? `eingefroren am ${formatBerlin(t.publishedAt)} als „${t.frozen.name}“, Einheit ${t.frozen.unit}, MwSt ${formatVatRate(t.frozen.vatRateBp)}, Referenzpreis ${formatUnitPrice(t.frozen.referencePrice)}`
                : "Entwurf: folgt dem Katalog bis zur Veröffentlichung"}
            </li>
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? (
        <p className="kern-body">Außerdem bei anderen Vergabestellen: {others.join(", ")}.</p>
      ) : null}
    </section>
  );
}
