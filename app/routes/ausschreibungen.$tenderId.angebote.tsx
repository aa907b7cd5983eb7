import { badRequest, notFound } from "~/kit/http/responses.server";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { Field, FieldError } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { DomainError } from "~/domain/errors";
import { formatUnitPrice } from "~/domain/money";
import {
  deleteBidSchema,
  qualityPointsSchema,
  typedBidSchema,
  type TypedBidForm as TypedBidValues,
} from "~/modules/bids/forms";
import { nestFormData, parseFormData } from "~/kit/http/parse-form.server";
import { importPriceSheetUpload } from "~/modules/bids/index.server";
import { MAX_UPLOAD_BYTES, readUploadedFile } from "~/kit/http/upload.server";
import { formatProblem } from "~/kit/spreadsheet/xlsx-reader.server";
import { DataTable } from "~/kit/ui/data-table";
import { readForm } from "~/kit/http/request-body.server";
import {
  deleteBid,
  getPublishedTenderForLead,
  listBids,
  listQualityCriteria,
  lotLabel,
  recordBid,
  setBidQualityPoints,
} from "~/modules/bids/index.server";
import { requireRole } from "~/modules/access/index.server";
import { formatBerlin } from "~/kit/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Angebote – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` },
];

const FILE_FIELD = "datei";
const sourceLabels: Record<string, string> = { typed: "eingetippt", upload: "Preisblatt" };
const integers = new Intl.NumberFormat("de-DE");

async function requireLeadTender(request: Request, tenderId = "") {
  const user = await requireRole(request, ["procurement"]);
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId: user.bodyId });
  if (!tender) throw notFound();
  return { user, tender };
}

/**
 * After bids were entered: the bidder's name and number of bids as the database has them. The
 * query only names whom to look up, so a link cannot make the page say anything else.
 */
function registeredNotice(
  lotBids: { bids: { bidderName: string }[] }[],
  bidder: string | null,
): string {
  const count = lotBids.flatMap((l) => l.bids).filter((b) => b.bidderName === bidder).length;
  return count > 0 ? `${count} Angebot(e) von „${bidder}“ erfasst.` : "Das Angebot wurde erfasst.";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const [lotBids, criteria] = await Promise.all([
    listBids({ tenderId: tender.id, leadBodyId: user.bodyId }),
    listQualityCriteria({ tenderId: tender.id }),
  ]);
  const url = new URL(request.url);
  return {
    tender: {
      id: tender.id,
      title: tender.title,
      referenceNumber: tender.referenceNumber,
      submissionDeadline: tender.submissionDeadline.toISOString(),
    },
    deadlinePassed: Date.now() >= tender.submissionDeadline.getTime(),
    criteria:
      tender.criteria === "price-quality" ? criteria.map((c) => ({ id: c.id, name: c.name })) : [],
    notice: url.searchParams.get("erfasst")
      ? registeredNotice(lotBids ?? [], url.searchParams.get("bieter"))
      : url.searchParams.get("geloescht")
        ? "Das Angebot wurde gelöscht."
        : url.searchParams.get("punkte")
          ? "Die Qualitätspunkte wurden gespeichert."
          : null,
    maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    lots: (lotBids ?? []).map(({ lot, bids, awardedBidId }) => ({
      id: lot.id,
      number: lot.number,
      label: lotLabel(lot),
      awarded: awardedBidId !== null,
      items: lot.items.map((item) => ({
        itemId: item.itemId,
        name: item.name,
        unit: item.unit,
        bundledQuantity: item.bundledQuantity,
        bands: item.bandMinQty,
      })),
      bids: bids.map((b) => ({
        id: b.id,
        bidderName: b.bidderName,
        bidderAddress: b.bidderAddress,
        source: b.source,
        createdAt: b.createdAt.toISOString(),
        prices: b.prices,
        awarded: b.awarded,
        qualityComplete: b.qualityComplete,
      })),
    })),
  };
}

type ActionResult =
  | { form: "upload"; fileError: string | null; problems: string[] }
  | {
      form: "typed";
      lotId: string;
      fieldErrors: Record<string, string>;
      message: string | null;
      values: Record<string, unknown>;
    }
  | { form: "bid"; bidId: string; fieldErrors: Record<string, string>; message: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const base = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  const here = `/ausschreibungen/${tender.id}/angebote`;

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUploadedFile(request, { field: FILE_FIELD });
    if (!upload.ok) {
      return data<ActionResult>(
        { form: "upload", fileError: upload.message, problems: [] },
        { status: upload.status },
      );
    }
    const result = await importPriceSheetUpload({
      tenderId: tender.id,
      actor: { userId: user.id, bodyId: user.bodyId },
      bytes: upload.bytes,
      fileName: upload.fileName,
    });
    if (!result.ok) {
      return data<ActionResult>(
        { form: "upload", fileError: null, problems: result.problems.map(formatProblem) },
        { status: result.status },
      );
    }
    const query = new URLSearchParams({
      erfasst: String(result.bids.length),
      bieter: result.bidderName,
    });
    throw redirect(`${here}?${query.toString()}`);
  }

  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "typed") {
    const values = nestFormData(formData);
    const lotId = typeof values.lotId === "string" ? values.lotId : "";
    const parsed = await parseFormData(request, typedBidSchema, formData);
    if (!parsed.ok) {
      return data<ActionResult>(
        { form: "typed", lotId, fieldErrors: parsed.fieldErrors, message: null, values },
        { status: 400 },
      );
    }
    try {
      await recordBid({
        ...base,
        lotId: parsed.data.lotId,
        bidderName: parsed.data.bidderName,
        bidderAddress: parsed.data.bidderAddress,
        prices: parsed.data.prices,
        qualityPoints:
          tender.criteria === "price-quality"
            ? Object.fromEntries(parsed.data.quality.map((q) => [q.criterionId, q.points]))
            : undefined,
        source: "typed",
      });
    } catch (error) {
      if (error instanceof DomainError) {
        return data<ActionResult>(
          { form: "typed", lotId, fieldErrors: {}, message: error.message, values },
          { status: 409 },
        );
      }
      throw error;
    }
    const query = new URLSearchParams({ erfasst: "1", bieter: parsed.data.bidderName });
    throw redirect(`${here}?${query.toString()}`);
  }

  if (intent === "delete" || intent === "quality") {
    const bidId = String(formData.get("bidId") ?? "");
    try {
      if (intent === "delete") {
        const parsed = await parseFormData(request, deleteBidSchema, formData);
        if (!parsed.ok) throw badRequest();
        await deleteBid({ ...base, bidId: parsed.data.bidId });
        throw redirect(`${here}?geloescht=1`);
      }
      const parsed = await parseFormData(request, qualityPointsSchema, formData);
      if (!parsed.ok) {
        return data<ActionResult>(
          { form: "bid", bidId, fieldErrors: parsed.fieldErrors, message: null },
          { status: 400 },
        );
      }
      await setBidQualityPoints({
        ...base,
        bidId: parsed.data.bidId,
        qualityPoints: Object.fromEntries(
          parsed.data.quality.map((q) => [q.criterionId, q.points]),
        ),
      });
      throw redirect(`${here}?punkte=1`);
    } catch (error) {
      if (error instanceof DomainError) {
        return data<ActionResult>(
          { form: "bid", bidId, fieldErrors: {}, message: error.message },
          { status: 409 },
        );
      }
      throw error;
    }
  }
  // Also where an upload arrives without its multipart encoding.
  throw new Response(
    "Unbekannte Aktion: Die Anfrage enthält weder eine Datei noch ein Formular dieser Seite. Bitte laden Sie die Seite neu.",
    { status: 400 },
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type LotView = LoaderData["lots"][number];

export default function BidsPage() {
  const { tender, deadlinePassed, criteria, notice, maxMegabytes, lots } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const upload = actionData?.form === "upload" ? actionData : null;
  const fileError = upload?.fileError ?? null;
  const anyOpen = lots.some((l) => !l.awarded);
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Angebote</h1>
        <p className="kern-subline">
          {tender.title} · Vergabenummer {tender.referenceNumber} · Angebotsfrist{" "}
          {deadlinePassed ? "endete" : "endet"} am {formatBerlin(tender.submissionDeadline)} Uhr
        </p>
      </hgroup>
      <div className="actions">
        <a className="kern-link" href={`/ausschreibungen/${tender.id}`}>
          Zur Ausschreibung
        </a>
        <a className="kern-link" href={`/ausschreibungen/${tender.id}/preisblatt`} download>
          Preisblatt herunterladen (Excel)
        </a>
      </div>

      {notice ? <Alert tone="success" title={notice} /> : null}
      {!deadlinePassed ? (
        <Alert tone="info" title="Die Angebotsfrist läuft noch.">
          <p className="kern-body">
            Angebote können erst nach Ablauf der Frist am {formatBerlin(tender.submissionDeadline)}{" "}
            Uhr erfasst werden.
          </p>
        </Alert>
      ) : null}

      {deadlinePassed && anyOpen ? (
        <section className="kern-stack-sm" aria-labelledby="hochladen">
          <h2 className="kern-heading-medium" id="hochladen">
            Ausgefülltes Preisblatt hochladen
          </h2>
          {upload && upload.problems.length > 0 ? (
            <Alert
              tone="danger"
              title="Das Preisblatt wurde nicht übernommen; es wurde nichts gespeichert."
            >
              <p className="kern-body">
                {upload.problems.length === 1
                  ? "Bitte klären Sie dieses Problem mit dem Bieter und laden Sie die Datei erneut hoch:"
                  : "Bitte klären Sie diese Probleme mit dem Bieter und laden Sie die Datei erneut hoch:"}
              </p>
              <ul className="kern-list kern-list--bullet">
                {upload.problems.map((problem, i) => (
                  <li key={i}>{problem}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <p className="kern-body">
            Je Bieter eine Datei: Bündelkauf legt für jedes Los mit Preisen ein Angebot an. Die
            Datei wird erst vollständig geprüft; enthält sie einen Fehler, wird nichts gespeichert.
          </p>
          <Form method="post" encType="multipart/form-data" className="kern-stack-md narrow">
            <div className={`kern-form-input${fileError ? " kern-form-input--error" : ""}`}>
              <label className="kern-label" htmlFor="datei">
                Preisblatt eines Bieters (Excel-Datei .xlsx)
              </label>
              <div className="kern-hint" id="datei-hint">
                Das Preisblatt dieser Ausschreibung, vom Bieter ausgefüllt. Höchstens {maxMegabytes}{" "}
                MB.
              </div>
              <input
                id="datei"
                name={FILE_FIELD}
                type="file"
                required
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                className={`kern-form-input__input${fileError ? " kern-form-input__input--error" : ""}`}
                aria-describedby={["datei-hint", fileError ? "datei-error" : null]
                  .filter(Boolean)
                  .join(" ")}
                aria-invalid={fileError ? true : undefined}
              />
              {fileError ? <FieldError id="datei-error" message={fileError} /> : null}
            </div>
            <div className="actions">
              <button
                type="submit"
                className="kern-btn kern-btn--primary"
                disabled={navigation.state === "submitting"}
              >
                <span className="kern-label">
                  {navigation.state === "submitting" ? "Wird geprüft …" : "Hochladen und erfassen"}
                </span>
              </button>
            </div>
          </Form>
        </section>
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

function LotSection({
  lot,
  tenderId,
  deadlinePassed,
  criteria,
  actionData,
}: {
  lot: LotView;
  tenderId: string;
  deadlinePassed: boolean;
  criteria: { id: string; name: string }[];
  actionData: ActionResult | undefined;
}) {
  const headingId = `los-${lot.number}`;
  const typed =
    actionData?.form === "typed" && actionData.lotId === lot.id ? actionData : undefined;
  const bidError = actionData?.form === "bid" ? actionData : undefined;
  const missingQuality = criteria.length > 0 ? lot.bids.filter((b) => !b.qualityComplete) : [];
  return (
    <section className="kern-stack-sm" aria-labelledby={headingId}>
      <h2 className="kern-heading-medium" id={headingId}>
        {lot.label}
      </h2>
      <div className="actions">
        {lot.awarded ? (
          <span className="kern-badge kern-badge--success">
            <span className="kern-label">Zuschlag erteilt</span>
          </span>
        ) : null}
        <span className="kern-body">
          {lot.bids.length === 0
            ? "Noch kein Angebot."
            : `${lot.bids.length} ${lot.bids.length === 1 ? "Angebot" : "Angebote"}`}
        </span>
        {lot.bids.length > 0 ? (
          <a className="kern-link" href={`/ausschreibungen/${tenderId}/wertung/${lot.id}`}>
            Wertung und Zuschlag<span className="kern-sr-only"> für {lot.label}</span>
          </a>
        ) : null}
      </div>
      {bidError?.message && lot.bids.some((b) => b.id === bidError.bidId) ? (
        <Alert tone="danger" title={bidError.message} />
      ) : null}

      {lot.bids.length > 0 ? (
        <div className="kern-table-responsive">
          <table className="kern-table">
            <caption className="kern-title">Preisspiegel: Stückpreise netto je Staffel</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Artikel
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Staffel
                </th>
                {lot.bids.map((b) => (
                  <th
                    key={b.id}
                    scope="col"
                    className="kern-table__header kern-table__header--numeric"
                  >
                    {b.bidderName}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {lot.items.flatMap((item, i) =>
                item.bands.map((minQty, bandIndex) => (
                  <tr key={`${item.itemId}-${bandIndex}`} className="kern-table__row">
                    {bandIndex === 0 ? (
                      <th
                        scope="rowgroup"
                        rowSpan={item.bands.length}
                        className="kern-table__header"
                      >
                        {item.name}
                        <br />
                        <span className="kern-body kern-body--small">
                          gebündelt {integers.format(item.bundledQuantity)} {item.unit}
                        </span>
                      </th>
                    ) : null}
                    <td className="kern-table__cell kern-table__cell--numeric">
                      ab {integers.format(minQty)}
                    </td>
                    {lot.bids.map((b) => {
                      const price = b.prices[i]?.unitPrices[bandIndex];
                      return (
                        <td key={b.id} className="kern-table__cell kern-table__cell--numeric">
                          {price === undefined ? "–" : formatUnitPrice(price)}
                        </td>
                      );
                    })}
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      ) : null}

      {lot.bids.length > 0 ? (
        <DataTable
          caption="Erfasste Angebote"
          variant={[]}
          rows={lot.bids}
          rowKey={(b) => b.id}
          columns={[
            {
              header: "Bieter",
              cell: (b) => (
                <>
                  {b.bidderName}
                  {b.awarded ? (
                    <>
                      {" "}
                      <span className="kern-badge kern-badge--success">
                        <span className="kern-label">Zuschlag</span>
                      </span>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Anschrift", cell: (b) => b.bidderAddress || "–" },
            { header: "Erfasst", cell: (b) => <>{formatBerlin(b.createdAt)} Uhr</> },
            { header: "Quelle", cell: (b) => sourceLabels[b.source] ?? b.source },
            {
              header: "Aktion",
              cell: (b) => (
                <>
                  {!lot.awarded && deadlinePassed ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="bidId" value={b.id} />
                      <button
                        type="submit"
                        className="kern-btn kern-btn--tertiary kern-btn--x-small"
                      >
                        <span className="kern-label">
                          Löschen
                          <span className="kern-sr-only"> (Angebot von {b.bidderName})</span>
                        </span>
                      </button>
                    </Form>
                  ) : (
                    "–"
                  )}
                </>
              ),
            },
          ]}
        />
      ) : null}

      {!lot.awarded && deadlinePassed
        ? missingQuality.map((b) => (
            <QualityPointsForm
              key={b.id}
              bid={b}
              criteria={criteria}
              serverErrors={bidError?.bidId === b.id ? bidError.fieldErrors : undefined}
            />
          ))
        : null}

      {!lot.awarded && deadlinePassed ? (
        <details open={typed ? true : undefined}>
          <summary className="kern-link">Angebot für {lot.label} eintippen</summary>
          <TypedBidForm lot={lot} criteria={criteria} result={typed} />
        </details>
      ) : null}
    </section>
  );
}

function TypedBidForm({
  lot,
  criteria,
  result,
}: {
  lot: LotView;
  criteria: { id: string; name: string }[];
  result: Extract<ActionResult, { form: "typed" }> | undefined;
}) {
  const rows = lot.items.flatMap((item) =>
    item.bands.map((minQty, bandIndex) => ({ item, minQty, bandIndex })),
  );
  const sent = result?.values as Partial<TypedBidValues> | undefined;
  const form = useValidatedForm(typedBidSchema, {
    serverErrors: result?.fieldErrors,
    defaultValues: {
      intent: "typed",
      lotId: lot.id,
      bidderName: typeof sent?.bidderName === "string" ? sent.bidderName : "",
      bidderAddress: typeof sent?.bidderAddress === "string" ? sent.bidderAddress : "",
      prices: rows.map((r, k) => ({
        itemId: r.item.itemId,
        bandIndex: String(r.bandIndex),
        unitPrice:
          typeof sent?.prices?.[k]?.unitPrice === "string" ? sent.prices[k]!.unitPrice : "",
      })),
      quality: criteria.map((c, j) => ({
        criterionId: c.id,
        points: typeof sent?.quality?.[j]?.points === "string" ? sent.quality[j]!.points : "",
      })),
    },
  });
  const id = (name: string) => `los-${lot.number}-${name}`;
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
      {result?.message ? <Alert tone="danger" title={result.message} /> : null}
      <input type="hidden" {...form.field("intent")} />
      <input type="hidden" {...form.field("lotId")} />
      <div className="kern-stack-sm narrow">
        <Field
          id={id("bieter")}
          label="Name des Bieters"
          autoComplete="off"
          {...form.field("bidderName")}
          error={form.errorOf("bidderName")}
        />
        <div
          className={`kern-form-input${form.errorOf("bidderAddress") ? " kern-form-input--error" : ""}`}
        >
          <label className="kern-label" htmlFor={id("anschrift")}>
            Anschrift des Bieters
          </label>
          <textarea
            id={id("anschrift")}
            className="kern-form-input__input"
            rows={3}
            {...form.field("bidderAddress")}
          />
          {form.errorOf("bidderAddress") ? (
            <FieldError id={id("anschrift-error")} message={form.errorOf("bidderAddress")!} />
          ) : null}
        </div>
      </div>
      <div className="kern-table-responsive">
        <table className="kern-table">
          <caption className="kern-title">
            Stückpreise netto in Euro, z. B. 3,95 (höchstens 4 Nachkommastellen)
          </caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Artikel
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Gebündelte Menge
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Staffel
              </th>
              <th scope="col" className="kern-table__header">
                Stückpreis netto
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {rows.map((r, k) => {
              const name = `prices.${k}.unitPrice`;
              const error = form.errorOf(name);
              const inputId = id(`preis-${k}`);
              return (
                <tr key={`${r.item.itemId}-${r.bandIndex}`} className="kern-table__row">
                  <td className="kern-table__cell">{r.item.name}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {integers.format(r.item.bundledQuantity)} {r.item.unit}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    ab {integers.format(r.minQty)}
                  </td>
                  <td className="kern-table__cell" style={{ minWidth: "12rem", maxWidth: "24rem" }}>
                    <input type="hidden" {...form.field(`prices.${k}.itemId`)} />
                    <input type="hidden" {...form.field(`prices.${k}.bandIndex`)} />
                    <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
                      <label className="kern-label kern-sr-only" htmlFor={inputId}>
                        Stückpreis netto in Euro für {r.item.name} ab {integers.format(r.minQty)}
                      </label>
                      <input
                        id={inputId}
                        inputMode="decimal"
                        autoComplete="off"
                        className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
                        style={{ width: "9rem", textAlign: "right" }}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${inputId}-error` : undefined}
                        {...form.field(name)}
                      />
                      {error ? <FieldError id={`${inputId}-error`} message={error} /> : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {criteria.length > 0 ? (
        <fieldset className="kern-fieldset narrow">
          <legend className="kern-label">Qualitätspunkte (0 bis 100)</legend>
          <div className="kern-fieldset__body kern-stack-sm">
            {criteria.map((c, j) => (
              <div key={c.id}>
                <input type="hidden" {...form.field(`quality.${j}.criterionId`)} />
                <Field
                  id={id(`kriterium-${j}`)}
                  label={c.name}
                  inputMode="numeric"
                  {...form.field(`quality.${j}.points`)}
                  error={form.errorOf(`quality.${j}.points`)}
                />
              </div>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">Angebot erfassen</span>
        </button>
      </div>
    </Form>
  );
}

function QualityPointsForm({
  bid,
  criteria,
  serverErrors,
}: {
  bid: LotView["bids"][number];
  criteria: { id: string; name: string }[];
  serverErrors?: Record<string, string>;
}) {
  const form = useValidatedForm(qualityPointsSchema, {
    serverErrors,
    defaultValues: {
      intent: "quality",
      bidId: bid.id,
      quality: criteria.map((c) => ({ criterionId: c.id, points: "" })),
    },
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-sm narrow">
      <h3 className="kern-heading-small">Qualitätspunkte für das Angebot von {bid.bidderName}</h3>
      <p className="kern-body">
        Das Preisblatt enthält keine Qualitätspunkte; ohne sie wird das Angebot nicht gewertet.
      </p>
      <input type="hidden" {...form.field("intent")} />
      <input type="hidden" {...form.field("bidId")} />
      {criteria.map((c, j) => (
        <div key={c.id}>
          <input type="hidden" {...form.field(`quality.${j}.criterionId`)} />
          <Field
            id={`punkte-${bid.id}-${j}`}
            label={`${c.name} (0 bis 100 Punkte)`}
            inputMode="numeric"
            {...form.field(`quality.${j}.points`)}
            error={form.errorOf(`quality.${j}.points`)}
          />
        </div>
      ))}
      <div className="actions">
        <button type="submit" className="kern-btn kern-btn--secondary">
          <span className="kern-label">Punkte speichern</span>
        </button>
      </div>
    </Form>
  );
}
