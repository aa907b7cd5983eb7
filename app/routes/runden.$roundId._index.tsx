import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/components/alert";
import { Field } from "~/components/field";
import { BodySearch } from "~/components/body-search";
import { Pagination } from "~/components/pagination";
import { RoundBasicsForm } from "~/components/round-basics-form";
import { useValidatedForm } from "~/components/use-validated-form";
import { DomainError } from "~/domain/errors";
import { formatEuro } from "~/domain/money";
import { roundPhase, roundPhaseLabels } from "~/domain/round-phase";
import { parseFormData } from "~/forms/parse.server";
import { reopenSchema, roundSchema } from "~/forms/round";
import { listRoundLinesForLead } from "~/models/demand.server";
import { getBody } from "~/models/body.server";
import {
  changeRoundStatus,
  getRoundForLead,
  type RoundAnswer,
  roundParticipants,
  roundTotals,
  updateDraftRound,
} from "~/models/round.server";
import { requireRole } from "~/utils/auth.server";
import { formatBerlin, fromBerlinInput, toBerlinInput } from "~/utils/dates";
import { isUuid } from "~/domain/ids";
import { pageParams } from "~/utils/pagination";
import { readForm } from "~/kit/http/request-body.server";

const nf = new Intl.NumberFormat("de-DE");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.round.title ?? "Bedarfsabfrage"} – Bündelkauf` },
];

async function requireLeadRound(request: Request, roundId = "") {
  const user = await requireRole(request, ["procurement"]);
  const round = isUuid(roundId)
    ? await getRoundForLead({ roundId, leadBodyId: user.bodyId })
    : undefined;
  if (!round) throw new Response("Nicht gefunden", { status: 404 });
  return { user, round };
}

const answerFilters = {
  bedarf: "demand",
  "kein-bedarf": "no-demand",
  offen: "silent",
} as const satisfies Record<string, RoundAnswer>;
type AnswerFilter = keyof typeof answerFilters;
const isAnswerFilter = (v: string | null): v is AnswerFilter => !!v && v in answerFilters;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, round } = await requireLeadRound(request, params.roundId);
  const url = new URL(request.url);
  const filter = url.searchParams.get("antwort");
  const answer: AnswerFilter | "" = isAnswerFilter(filter) ? filter : "";
  const search = (url.searchParams.get("suche") ?? "").trim().slice(0, 100);
  const { page } = pageParams(url);
  const selected = url.searchParams.get("koerperschaft");
  const [totals, participants, selectedLines] = await Promise.all([
    roundTotals({ roundId: round.id, leadBodyId: user.bodyId }),
    roundParticipants({
      roundId: round.id,
      leadBodyId: user.bodyId,
      answer: answer ? answerFilters[answer] : undefined,
      search,
      page,
    }),
    selected && isUuid(selected)
      ? listRoundLinesForLead({ roundId: round.id, leadBodyId: user.bodyId, bodyId: selected })
      : Promise.resolve([]),
  ]);
  const selectedBody =
    selectedLines.length > 0 ? await getBody({ id: selectedLines[0]!.bodyId }) : undefined;
  const itemNames = new Map(totals.map((t) => [t.itemId, t.name]));
  return {
    round: {
      id: round.id,
      title: round.title,
      description: round.description,
      budgetYear: round.budgetYear,
      opensAt: round.opensAt.toISOString(),
      deadline: round.deadline.toISOString(),
      status: round.status,
    },
    phase: roundPhase(round, new Date()),
    participants: {
      ...participants,
      rows: participants.rows.map((p) => ({
        ...p,
        lastChange: p.lastChange?.toISOString() ?? null,
      })),
    },
    filter: { answer, search },
    totals: totals.map((t) => ({
      ...t,
      valueCents: String((BigInt(t.quantity) * BigInt(t.referencePrice) + 50n) / 100n),
    })),
    selectedBody: selectedBody ? { id: selectedBody.id, name: selectedBody.name } : null,
    lines: selectedLines.map((l) => ({ ...l, itemName: itemNames.get(l.itemId) ?? "" })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, round } = await requireLeadRound(request, params.roundId);
  const roundId = round.id;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const base = { roundId, leadBodyId: user.bodyId, actorUserId: user.id };
  try {
    if (intent === "basics") {
      const parsed = await parseFormData(request, roundSchema, formData);
      if (!parsed.ok)
        return data({ intent, fieldErrors: parsed.fieldErrors, message: null }, { status: 400 });
      await updateDraftRound({
        ...base,
        input: {
          title: parsed.data.title,
          description: parsed.data.description,
          budgetYear: parsed.data.budgetYear,
          opensAt: fromBerlinInput(parsed.data.opensAt)!,
          deadline: fromBerlinInput(parsed.data.deadline)!,
        },
      });
    } else if (intent === "open" || intent === "close") {
      await changeRoundStatus({ ...base, transition: intent });
    } else if (intent === "reopen") {
      const parsed = await parseFormData(request, reopenSchema, formData);
      if (!parsed.ok)
        return data({ intent, fieldErrors: parsed.fieldErrors, message: null }, { status: 400 });
      await changeRoundStatus({
        ...base,
        transition: "reopen",
        reason: parsed.data.reason,
        deadline: fromBerlinInput(parsed.data.deadline)!,
      });
    } else {
      return data({ intent, fieldErrors: {}, message: "Unbekannte Aktion." }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof DomainError)
      return data({ intent, fieldErrors: {}, message: error.message }, { status: 400 });
    throw error;
  }
  throw redirect(`/runden/${roundId}`);
}

const answerFilterLabels: Record<AnswerFilter, string> = {
  bedarf: "Bedarf gemeldet",
  "kein-bedarf": "kein Bedarf",
  offen: "noch keine Antwort",
};

const answerBadges = {
  demand: { tone: "success", label: "Bedarf gemeldet" },
  "no-demand": { tone: "info", label: "kein Bedarf" },
  silent: { tone: "warning", label: "noch keine Antwort" },
} as const;

export default function RoundPage() {
  const { round, phase, participants, filter, totals, selectedBody, lines } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { counts } = participants;
  const answered = counts.demand + counts.noDemand;
  const totalCents = totals.reduce((sum, t) => sum + BigInt(t.valueCents), 0n);
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{round.title}</h1>
        <p className="kern-subline">
          Bedarfsabfrage · Haushaltsjahr {round.budgetYear} · {roundPhaseLabels[phase]}
        </p>
      </hgroup>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Beginn</dt>
          <dd className="kern-description-list-item__value">{formatBerlin(round.opensAt)} Uhr</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Frist</dt>
          <dd className="kern-description-list-item__value">{formatBerlin(round.deadline)} Uhr</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Antworten</dt>
          <dd className="kern-description-list-item__value">
            {nf.format(answered)} von {nf.format(counts.invited)} eingeladenen Körperschaften (
            {nf.format(counts.demand)} mit Bedarf, {nf.format(counts.noDemand)} ohne Bedarf)
          </dd>
        </div>
      </dl>
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}

      <section className="kern-stack-sm" aria-labelledby="schritte">
        <h2 className="kern-heading-medium" id="schritte">
          Bearbeiten
        </h2>
        <div className="actions">
          {round.status === "draft" ? (
            <a className="kern-btn kern-btn--secondary" href={`/runden/${round.id}/artikel`}>
              <span className="kern-label">Artikel wählen ({totals.length})</span>
            </a>
          ) : null}
          {phase !== "closed" ? (
            <a className="kern-btn kern-btn--secondary" href={`/runden/${round.id}/einladungen`}>
              <span className="kern-label">
                Körperschaften einladen ({nf.format(counts.invited)})
              </span>
            </a>
          ) : null}
          {round.status === "draft" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="open" />
              <button type="submit" className="kern-btn kern-btn--primary">
                <span className="kern-label">Veröffentlichen</span>
              </button>
            </Form>
          ) : null}
          {round.status === "open" && phase !== "closed" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <button type="submit" className="kern-btn kern-btn--secondary">
                <span className="kern-label">Jetzt schließen</span>
              </button>
            </Form>
          ) : null}
        </div>
        {round.status === "draft" ? (
          <details>
            <summary className="kern-link">Titel, Haushaltsjahr und Fristen ändern</summary>
            <RoundBasicsForm
              defaultValues={{
                title: round.title,
                description: round.description,
                budgetYear: String(round.budgetYear),
                opensAt: toBerlinInput(round.opensAt),
                deadline: toBerlinInput(round.deadline),
              }}
              serverErrors={actionData?.intent === "basics" ? actionData.fieldErrors : undefined}
              submitLabel="Speichern"
            />
          </details>
        ) : null}
        {phase === "closed" ? (
          <ReopenForm
            serverErrors={actionData?.intent === "reopen" ? actionData.fieldErrors : undefined}
          />
        ) : null}
      </section>

      <section className="kern-stack-sm" aria-labelledby="mengen">
        <h2 className="kern-heading-medium" id="mengen">
          Gebündelte Mengen
        </h2>
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <caption className="kern-title">
              Summe aller Meldungen je Artikel, bewertet zu Referenzpreisen:{" "}
              {formatEuro(totalCents)}
            </caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Artikel
                </th>
                <th scope="col" className="kern-table__header">
                  CPV
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Menge
                </th>
                <th scope="col" className="kern-table__header">
                  Einheit
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Meldungen
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Wert (Referenz)
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {totals.map((t) => (
                <tr key={t.itemId} className="kern-table__row">
                  <td className="kern-table__cell">{t.name}</td>
                  <td className="kern-table__cell">{t.cpvCode}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {nf.format(t.quantity)}
                  </td>
                  <td className="kern-table__cell">{t.unit}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {nf.format(t.lines)}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {formatEuro(BigInt(t.valueCents))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="kern-stack-sm" aria-labelledby="antworten">
        <h2 className="kern-heading-medium" id="antworten">
          Antworten der Körperschaften
        </h2>
        <BodySearch defaultValue={filter.search}>
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="antwort">
              Antwort
            </label>
            <div className="kern-form-input__select-wrapper">
              <select
                className="kern-form-input__select"
                id="antwort"
                name="antwort"
                defaultValue={filter.answer}
              >
                <option value="">alle</option>
                {Object.entries(answerFilterLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </BodySearch>
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <caption className="kern-title">
              {nf.format(participants.total)}{" "}
              {participants.total === 1 ? "Körperschaft" : "Körperschaften"}
              {filter.answer ? ` (${answerFilterLabels[filter.answer]})` : ""}
              {filter.search ? ` für „${filter.search}“` : ""}
            </caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Körperschaft
                </th>
                <th scope="col" className="kern-table__header">
                  AGS
                </th>
                <th scope="col" className="kern-table__header">
                  Antwort
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Zeilen
                </th>
                <th scope="col" className="kern-table__header">
                  Letzte Änderung
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {participants.rows.map((p) => (
                <tr key={p.bodyId} className="kern-table__row">
                  <td className="kern-table__cell">
                    {p.lines > 0 ? (
                      <a className="kern-link" href={`?koerperschaft=${p.bodyId}#zeilen`}>
                        {p.name}
                      </a>
                    ) : (
                      p.name
                    )}
                  </td>
                  <td className="kern-table__cell">{p.ags}</td>
                  <td className="kern-table__cell">
                    <span className={`kern-badge kern-badge--${answerBadges[p.answer].tone}`}>
                      <span className="kern-label">{answerBadges[p.answer].label}</span>
                    </span>
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {nf.format(p.lines)}
                  </td>
                  <td className="kern-table__cell">
                    {p.lastChange ? `${formatBerlin(p.lastChange)} Uhr` : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination
          page={participants.page}
          pageSize={participants.pageSize}
          total={participants.total}
          query={{
            ...(filter.answer ? { antwort: filter.answer } : {}),
            ...(filter.search ? { suche: filter.search } : {}),
          }}
        />
      </section>

      {selectedBody ? (
        <section className="kern-stack-sm" aria-labelledby="zeilen">
          <h2 className="kern-heading-medium" id="zeilen">
            Zeilen von {selectedBody.name}
          </h2>
          <div className="kern-table-responsive">
            <table className="kern-table">
              <caption className="kern-title">{lines.length} Bedarfszeilen</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  <th scope="col" className="kern-table__header">
                    Artikel
                  </th>
                  <th scope="col" className="kern-table__header kern-table__header--numeric">
                    Menge
                  </th>
                  <th scope="col" className="kern-table__header">
                    Kostenstelle
                  </th>
                  <th scope="col" className="kern-table__header">
                    Produkt
                  </th>
                  <th scope="col" className="kern-table__header">
                    Sachkonto
                  </th>
                  <th scope="col" className="kern-table__header">
                    Verlauf
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {lines.map((l) => (
                  <tr key={l.id} className="kern-table__row">
                    <td className="kern-table__cell">{l.itemName}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">
                      {l.quantity.toLocaleString("de-DE")}
                    </td>
                    <td className="kern-table__cell">{l.costCentre}</td>
                    <td className="kern-table__cell">{l.product}</td>
                    <td className="kern-table__cell">{l.ledgerAccount}</td>
                    <td className="kern-table__cell">
                      <a className="kern-link" href={`/runden/${round.id}/verlauf/${l.id}`}>
                        Verlauf<span className="kern-sr-only"> von {l.itemName}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function ReopenForm({ serverErrors }: { serverErrors?: Record<string, string> }) {
  const form = useValidatedForm(reopenSchema, {
    serverErrors,
    defaultValues: {
      intent: "reopen",
      deadline: toBerlinInput(new Date(Date.now() + 7 * 86_400_000)),
    },
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-sm narrow">
      <h3 className="kern-heading-small">Wieder öffnen</h3>
      <p className="kern-body">
        Die Wiedereröffnung wird mit Ihrer Begründung im Vergabevermerk festgehalten.
      </p>
      <input type="hidden" {...form.field("intent")} />
      <Field
        id="reason"
        label="Begründung"
        {...form.field("reason")}
        error={form.errorOf("reason")}
      />
      <Field
        id="reopen-deadline"
        label="Neue Frist (Ortszeit Berlin)"
        type="datetime-local"
        {...form.field("deadline")}
        error={form.errorOf("deadline")}
      />
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">Wieder öffnen</span>
      </button>
    </Form>
  );
}
