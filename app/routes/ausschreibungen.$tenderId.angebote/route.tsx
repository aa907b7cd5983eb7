// The bids page (Angebote) of a tender's lead: upload a bidder's price sheet, type in a bid, the
// price comparison per lot. Loader and action each call one function of the bids module.
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { formatDeadline } from "~/kit/dates";
import { respondWith } from "~/kit/http/responses.server";
import { Alert } from "~/kit/ui/alert";
import { requireRole } from "~/modules/access/index.server";
import { type BidsPageResult } from "~/modules/bids/forms";
import { actOnBidsPage, loadBidsPage } from "~/modules/bids/index.server";
import { TenderPageHeading } from "~/modules/bids/page-parts";

import { LotSection } from "./lot-section";
import { UploadSection } from "./upload-section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Angebote – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  return loadBidsPage({ tenderId: params.tenderId ?? "", user, url: new URL(request.url) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  return respondWith(await actOnBidsPage({ request, tenderId: params.tenderId ?? "", user }));
}

export type LotView = ReturnType<typeof useLoaderData<typeof loader>>["lots"][number];

export default function BidsPage() {
  const { tender, deadlinePassed, criteria, notice, maxMegabytes, lots } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as BidsPageResult | undefined;
  return (
    <div className="kern-stack-lg">
      <TenderPageHeading
        title="Angebote"
        subline={
          <>
            {tender.title} · Vergabenummer {tender.referenceNumber} · Angebotsfrist{" "}
            {deadlinePassed ? "endete" : "endet"} am {formatDeadline(tender.submissionDeadline)}
          </>
        }
        links={[
          { href: `/ausschreibungen/${tender.id}`, label: "Zur Ausschreibung" },
          {
            href: `/ausschreibungen/${tender.id}/preisblatt`,
            label: "Preisblatt herunterladen (Excel)",
            download: true,
          },
        ]}
      />

      {notice ? <Alert tone="success" title={notice} /> : null}
      {!deadlinePassed ? (
        <Alert tone="info" title="Die Angebotsfrist läuft noch.">
          <p className="kern-body">
            Angebote können erst nach Ablauf der Frist am{" "}
            {formatDeadline(tender.submissionDeadline)} erfasst werden.
          </p>
        </Alert>
      ) : null}

      {deadlinePassed && lots.some((l) => !l.awarded) ? (
        <UploadSection
          maxMegabytes={maxMegabytes}
          result={actionData?.form === "upload" ? actionData : null}
        />
      ) : null}

      {lots.map((lot) => (
        <LotSection
          key={lot.id}
          lot={lot}
          tenderId={tender.id}
          deadlinePassed={deadlinePassed}
          criteria={criteria}
          actionData={actionData}
        />
      ))}
    </div>
  );
}
