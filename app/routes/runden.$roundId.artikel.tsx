import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";

import { Alert } from "~/kit/ui/alert";
import { Checkbox } from "~/kit/ui/checkbox";
import { PageHeader } from "~/kit/ui/page-header";
import { DomainError } from "~/domain/errors";
import { formatUnitPrice } from "~/domain/money";
import { itemCategoryLabels } from "~/domain/vocabulary";
import { listCatalogueItems } from "~/modules/catalogue/index.server";
import { listRoundItems, setRoundItems } from "~/modules/demand/index.server";
import { requireLeadRound } from "~/modules/demand/index.server";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction = () => [{ title: "Artikel der Bedarfsabfrage – Bündelkauf" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireLeadRound(request, params.roundId);
  const [{ rows }, chosen] = await Promise.all([
    listCatalogueItems({ activeOnly: true, page: 1, pageSize: 2000 }),
    listRoundItems({ roundId: round.id }),
  ]);
  return {
    round: { id: round.id, title: round.title, status: round.status },
    items: rows.map((i) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      cpvCode: i.cpvCode,
      cpvLabel: i.cpvLabel,
      category: i.category,
      referencePrice: i.referencePrice,
    })),
    chosen: chosen.map((c) => c.id),
  };
}

const schema = z.object({
  itemIds: z.array(z.uuid()).max(2000, "Höchstens 2.000 Artikel."),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, round } = await requireLeadRound(request, params.roundId);
  const formData = await readForm(request);
  const parsed = schema.safeParse({ itemIds: formData.getAll("itemIds") });
  if (!parsed.success) return data({ message: "Ungültige Auswahl." }, { status: 400 });
  try {
    await setRoundItems({
      roundId: round.id,
      leadBodyId: user.bodyId,
      actorUserId: user.id,
      itemIds: parsed.data.itemIds,
    });
  } catch (error) {
    if (error instanceof DomainError) return data({ message: error.message }, { status: 400 });
    throw error;
  }
  throw redirect(`/runden/${round.id}`);
}

export default function RoundItemsPage() {
  const { round, items, chosen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const chosenSet = new Set(chosen);
  // Groups: category, then CPV group (first three digits), as DESIGN.md proposes for lots.
  const groups = new Map<string, { title: string; items: typeof items }>();
  for (const item of items) {
    const key = `${item.category}-${item.cpvCode.slice(0, 3)}`;
    const group = groups.get(key) ?? {
      title: `${itemCategoryLabels[item.category]} · CPV ${item.cpvCode.slice(0, 3)}…`,
      items: [],
    };
    group.items.push(item);
    groups.set(key, group);
  }
  const editable = round.status === "draft";
  return (
    <div className="kern-stack-lg">
      <PageHeader title="Artikel wählen" subline={round.title} />
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      {!editable ? (
        <Alert
          tone="info"
          title="Die Bedarfsabfrage ist veröffentlicht; ihre Artikel stehen fest."
        />
      ) : null}
      <Form method="post" className="kern-stack-md" id="artikel-form">
        {[...groups.entries()].map(([key, group]) => (
          <fieldset key={key} className="kern-fieldset">
            <legend className="kern-label kern-label--large">{group.title}</legend>
            <div className="kern-fieldset__body">
              <Checkbox
                id={`gruppe-${key}`}
                label={<>Alle {group.items.length} Artikel dieser Gruppe</>}
                disabled={!editable}
                onChange={(event) => {
                  const boxes = document.querySelectorAll<HTMLInputElement>(
                    `input[data-group="${key}"]`,
                  );
                  boxes.forEach((box) => (box.checked = event.currentTarget.checked));
                }}
              />
              {group.items.map((item) => (
                <Checkbox
                  key={item.id}
                  id={`artikel-${item.id}`}
                  label={
                    <>
                      {item.name}{" "}
                      <span className="kern-body--small">
                        ({item.unit}, {item.cpvCode}, {formatUnitPrice(item.referencePrice)})
                      </span>
                    </>
                  }
                  name="itemIds"
                  value={item.id}
                  data-group={key}
                  defaultChecked={chosenSet.has(item.id)}
                  disabled={!editable}
                />
              ))}
            </div>
          </fieldset>
        ))}
        {editable ? (
          <div className="actions">
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">Auswahl speichern</span>
            </button>
            <a className="kern-link" href={`/runden/${round.id}`}>
              Abbrechen
            </a>
          </div>
        ) : null}
      </Form>
    </div>
  );
}
