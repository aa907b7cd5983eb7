import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { BackLink } from "~/kit/ui/back-link";
import { PageHeader } from "~/kit/ui/page-header";
import { loadLotsPage, lotsPageAction } from "~/modules/tender/index.server";

import { LotEditor } from "./lot-editor";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Lose – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` },
];

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadLotsPage(request, params.tenderId);

export const action = ({ request, params }: ActionFunctionArgs) =>
  lotsPageAction(request, params.tenderId);

export default function LotsPage() {
  const { tender, lots } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draft = tender.status === "draft";
  const errorsOf = (intent: string, target: string) =>
    actionData?.intent === intent && actionData.target === target ? actionData.fieldErrors : {};
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title="Lose bearbeiten"
        subline={
          <>
            {tender.title} · {tender.referenceNumber}
          </>
        }
      />
      <BackLink href={`/ausschreibungen/${tender.id}`}>Zurück zur Ausschreibung</BackLink>
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      {draft ? (
        <p className="kern-body">
          Vorgeschlagen ist ein Los je CPV-Gruppe (erste drei Ziffern) und Kategorie.
          Verbrauchsmaterial und Lizenzen stehen nie im selben Los. Ein Los ohne Artikel entfällt;
          die Lose werden dann neu nummeriert.
        </p>
      ) : (
        <Alert
          tone="info"
          title="Die Ausschreibung ist veröffentlicht; Lose und Staffeln sind gesperrt."
        />
      )}
      {lots.map((lot) => {
        return (
          <LotEditor
            key={lot.id}
            lot={lot}
            sameCategory={lots.filter((l) => l.id !== lot.id && l.category === lot.category)}
            draft={draft}
            renameErrors={errorsOf("rename", lot.id)}
            splitErrors={errorsOf("split", lot.id)}
          />
        );
      })}
    </div>
  );
}
