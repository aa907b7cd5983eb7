import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { DomainError } from "~/domain/errors";
import { formatQuantity } from "~/domain/lots";
import { itemCategoryLabels } from "~/domain/vocabulary";
import { fieldErrorsOf, nestFormData } from "~/kit/http/parse-form.server";
import { mergeLotsSchema, moveItemSchema, removeItemSchema, renameLotSchema, splitLotSchema } from "~/modules/tender/forms";
import { DataTable } from "~/kit/ui/data-table";
import { listLots, lotDemandBreakdown, mergeLots, moveLotItem, removeLotItem, renameLot, splitLot } from "~/modules/tender/index.server";
import { requireLeadTender } from "~/modules/tender/index.server";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Lose – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const lead = { tenderId: tender.id, leadBodyId: user.bodyId };
  const lots = (await listLots(lead)) ?? [];
  const breakdowns = await Promise.all(lots.map((l) => lotDemandBreakdown({ ...lead, lotId: l.id })));
  return {
    tender: { id: tender.id, title: tender.title, referenceNumber: tender.referenceNumber, status: tender.status },
    lots: lots.map((l, i) => ({
      id: l.id,
      number: l.number,
      title: l.title,
      category: l.category,
      items: l.items.map((it) => ({ itemId: it.itemId, name: it.name, unit: it.unit, cpvCode: it.cpvCode, bundledQuantity: it.bundledQuantity })),
      breakdown: breakdowns[i] ?? [],
    })),
  };
}

type Result = { intent: string; target: string; message: string | null; fieldErrors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const formData = await readForm(request);
  const raw = nestFormData(formData);
  const intent = String(raw.intent ?? "");
  const target = String(raw.lotId ?? raw.itemId ?? "");
  const actor = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  const fail = (message: string | null, fieldErrors: Record<string, string> = {}) => data<Result>({ intent, target, message, fieldErrors }, { status: 400 });
  let anchor = "";
  try {
    if (intent === "rename") {
      const parsed = renameLotSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      await renameLot({ ...actor, lotId: parsed.data.lotId, title: parsed.data.title });
      anchor = parsed.data.lotId;
    } else if (intent === "move") {
      const parsed = moveItemSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const { lotId } = await moveLotItem({ ...actor, itemId: parsed.data.itemId, toLotId: parsed.data.target === "new" ? null : parsed.data.target });
      anchor = lotId;
    } else if (intent === "merge") {
      const parsed = mergeLotsSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const { lotId } = await mergeLots({ ...actor, lotIds: [parsed.data.lotId, parsed.data.otherLotId] });
      anchor = lotId;
    } else if (intent === "split") {
      const parsed = splitLotSchema.safeParse({ ...raw, itemIds: formData.getAll("itemIds") });
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const { lotId } = await splitLot({ ...actor, lotId: parsed.data.lotId, itemIds: parsed.data.itemIds as string[], title: parsed.data.title });
      anchor = lotId;
    } else if (intent === "remove") {
      const parsed = removeItemSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      await removeLotItem({ ...actor, itemId: parsed.data.itemId });
    } else {
      return fail("Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof DomainError) return fail(error.message);
    throw error;
  }
  throw redirect(`/ausschreibungen/${tender.id}/lose${anchor ? `#los-${anchor}` : ""}`);
}

export default function LotsPage() {
  const { tender, lots } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draft = tender.status === "draft";
  const errorsOf = (intent: string, target: string) => (actionData?.intent === intent && actionData.target === target ? actionData.fieldErrors : {});
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Lose bearbeiten</h1>
        <p className="kern-subline">
          {tender.title} · {tender.referenceNumber}
        </p>
      </hgroup>
      <p className="kern-body">
        <a className="kern-link" href={`/ausschreibungen/${tender.id}`}>
          Zurück zur Ausschreibung
        </a>
      </p>
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      {draft ? (
        <p className="kern-body">
          Vorgeschlagen ist ein Los je CPV-Gruppe (erste drei Ziffern) und Kategorie. Verbrauchsmaterial und Lizenzen stehen nie im selben Los. Ein Los ohne Artikel entfällt; die
          Lose werden dann neu nummeriert.
        </p>
      ) : (
        <Alert tone="info" title="Die Ausschreibung ist veröffentlicht; Lose und Staffeln sind gesperrt." />
      )}
      {lots.map((lot) => {
        const sameCategory = lots.filter((l) => l.id !== lot.id && l.category === lot.category);
        const renameErrors = errorsOf("rename", lot.id);
        const splitErrors = errorsOf("split", lot.id);
        return (
          <section key={lot.id} className="kern-stack-sm" aria-labelledby={`los-${lot.id}`}>
            <div className="actions">
              <h2 className="kern-heading-medium" id={`los-${lot.id}`}>
                Los {lot.number}: {lot.title}
              </h2>
              <span className="kern-badge kern-badge--info">
                <span className="kern-label">{itemCategoryLabels[lot.category]}</span>
              </span>
            </div>
            {draft ? (
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="lotId" value={lot.id} />
                <div
                  className={`kern-form-input${renameErrors.title ? " kern-form-input--error" : ""}`}
                  style={{ flex: "1 1 24rem", maxWidth: "40rem" }}
                >
                  <label className="kern-label" htmlFor={`title-${lot.id}`}>
                    Titel von Los {lot.number}
                  </label>
                  <input
                    id={`title-${lot.id}`}
                    name="title"
                    className="kern-form-input__input"
                    defaultValue={lot.title}
                    aria-invalid={renameErrors.title ? true : undefined}
                  />
                  {renameErrors.title ? <p className="kern-error">{renameErrors.title}</p> : null}
                </div>
                <button type="submit" className="kern-btn kern-btn--secondary">
                  <span className="kern-label">Umbenennen</span>
                </button>
              </Form>
            ) : null}
            <DataTable
              caption={<>Artikel von Los {lot.number}</>}
              rows={lot.items}
              rowKey={(item) => item.itemId}
              columns={[
                { header: "Artikel", cell: (item) => item.name },
                { header: "CPV", cellClassName: "nowrap", cell: (item) => item.cpvCode },
                {
                  header: "Gebündelte Menge",
                  numeric: true,
                  cell: (item) => (
                    <>
                      {formatQuantity(item.bundledQuantity)} {item.unit}
                    </>
                  ),
                },
              ]}
            />
            {draft ? (
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="move" />
                <div className="kern-form-input" style={{ flex: "1 1 20rem" }}>
                  <label className="kern-label" htmlFor={`move-item-${lot.id}`}>
                    Artikel aus Los {lot.number}
                  </label>
                  <div className="kern-form-input__select-wrapper">
                    <select
                      id={`move-item-${lot.id}`}
                      name="itemId"
                      className="kern-form-input__select"
                    >
                      {lot.items.map((item) => (
                        <option key={item.itemId} value={item.itemId}>
                          {item.name}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <div className="kern-form-input" style={{ flex: "1 1 14rem" }}>
                  <label className="kern-label" htmlFor={`move-target-${lot.id}`}>
                    verschieben nach
                  </label>
                  <div className="kern-form-input__select-wrapper">
                    <select
                      id={`move-target-${lot.id}`}
                      name="target"
                      className="kern-form-input__select"
                      defaultValue="new"
                    >
                      <option value="new">neues Los</option>
                      {sameCategory.map((l) => (
                        <option key={l.id} value={l.id}>
                          Los {l.number}: {l.title}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <button type="submit" className="kern-btn kern-btn--secondary">
                  <span className="kern-label">Verschieben</span>
                </button>
              </Form>
            ) : null}
            {draft && lot.items.length > 1 ? (
              <details>
                <summary className="kern-link">Los {lot.number} teilen</summary>
                <Form method="post" className="kern-stack-sm narrow">
                  <input type="hidden" name="intent" value="split" />
                  <input type="hidden" name="lotId" value={lot.id} />
                  <fieldset className="kern-fieldset">
                    <legend className="kern-label">Diese Artikel kommen in ein neues Los</legend>
                    <div className="kern-fieldset__body">
                      {lot.items.map((item) => (
                        <div className="kern-form-check" key={item.itemId}>
                          <input
                            className="kern-form-check__checkbox"
                            type="checkbox"
                            id={`split-${item.itemId}`}
                            name="itemIds"
                            value={item.itemId}
                          />
                          <label className="kern-label" htmlFor={`split-${item.itemId}`}>
                            {item.name}
                          </label>
                        </div>
                      ))}
                      {splitErrors.itemIds ? (
                        <p className="kern-error">{splitErrors.itemIds}</p>
                      ) : null}
                    </div>
                  </fieldset>
                  <div
                    className={`kern-form-input${splitErrors.title ? " kern-form-input--error" : ""}`}
                  >
                    <label className="kern-label" htmlFor={`split-title-${lot.id}`}>
                      Titel des neuen Loses
                    </label>
                    <input
                      id={`split-title-${lot.id}`}
                      name="title"
                      className="kern-form-input__input"
                      defaultValue={`${lot.title} (Teil 2)`}
                    />
                    {splitErrors.title ? <p className="kern-error">{splitErrors.title}</p> : null}
                  </div>
                  <button type="submit" className="kern-btn kern-btn--secondary">
                    <span className="kern-label">Neues Los bilden</span>
                  </button>
                </Form>
              </details>
            ) : null}
            {draft && sameCategory.length > 0 ? (
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="merge" />
                <input type="hidden" name="lotId" value={lot.id} />
                <div className="kern-form-input">
                  <label className="kern-label" htmlFor={`merge-${lot.id}`}>
                    Los {lot.number} zusammenlegen mit
                  </label>
                  <div className="kern-form-input__select-wrapper">
                    <select
                      id={`merge-${lot.id}`}
                      name="otherLotId"
                      className="kern-form-input__select"
                    >
                      {sameCategory.map((l) => (
                        <option key={l.id} value={l.id}>
                          Los {l.number}: {l.title}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <button type="submit" className="kern-btn kern-btn--secondary">
                  <span className="kern-label">Zusammenlegen</span>
                </button>
              </Form>
            ) : null}
            {draft ? (
              <details>
                <summary className="kern-link">
                  Einen Artikel aus der Ausschreibung herausnehmen
                </summary>
                <Form method="post" className="actions">
                  <input type="hidden" name="intent" value="remove" />
                  <div className="kern-form-input" style={{ flex: "1 1 20rem" }}>
                    <label className="kern-label" htmlFor={`remove-item-${lot.id}`}>
                      Herauszunehmender Artikel aus Los {lot.number}
                    </label>
                    <div className="kern-form-input__select-wrapper">
                      <select
                        id={`remove-item-${lot.id}`}
                        name="itemId"
                        className="kern-form-input__select"
                      >
                        {lot.items.map((item) => (
                          <option key={item.itemId} value={item.itemId}>
                            {item.name}
                          </option>
                        ))}
                      </select>
                    </div>
                  </div>
                  <button type="submit" className="kern-btn kern-btn--tertiary">
                    <span className="kern-label">Herausnehmen</span>
                  </button>
                </Form>
              </details>
            ) : null}
            <details>
              <summary className="kern-link">
                Mengen von Los {lot.number} je Körperschaft und Kostenstelle
              </summary>
              <div className="kern-table-responsive">
                <table className="kern-table">
                  <caption className="kern-title">
                    Was unter den gebündelten Mengen von Los {lot.number} liegt
                  </caption>
                  <thead className="kern-table__head">
                    <tr className="kern-table__row">
                      <th scope="col" className="kern-table__header">
                        Körperschaft
                      </th>
                      <th scope="col" className="kern-table__header">
                        Artikel
                      </th>
                      <th scope="col" className="kern-table__header">
                        Kostenstelle
                      </th>
                      <th scope="col" className="kern-table__header kern-table__header--numeric">
                        Menge
                      </th>
                    </tr>
                  </thead>
                  <tbody className="kern-table__body">
                    {lot.breakdown.map((b) => (
                      <tr
                        key={`${b.bodyId}-${b.itemId}-${b.costCentre}`}
                        className="kern-table__row"
                      >
                        <td className="kern-table__cell">{b.bodyName}</td>
                        <td className="kern-table__cell">{b.itemName}</td>
                        <td className="kern-table__cell">{b.costCentre || "–"}</td>
                        <td className="kern-table__cell kern-table__cell--numeric">
                          {formatQuantity(b.quantity)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>
        );
      })}
    </div>
  );
}
