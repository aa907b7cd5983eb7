// The round page's answers: the invited bodies filtered by answer or name, one page at a time.
import { useLoaderData } from "@remix-run/react";

import { formatBerlin } from "~/kit/dates";
import { BodySearch } from "~/kit/ui/body-search";
import { DataTable } from "~/kit/ui/data-table";
import { SelectField } from "~/kit/ui/field";
import { Pagination } from "~/kit/ui/pagination";
import { Badge } from "~/kit/ui/badge";
import { type AnswerFilter, answerFilters, answerLabels } from "~/modules/demand/forms";
import { Section } from "~/kit/ui/section";

import { type loader } from "./route";

const nf = new Intl.NumberFormat("de-DE");

const answerTones = { demand: "success", "no-demand": "info", silent: "warning" } as const;
const filterLabel = (f: AnswerFilter) => answerLabels[answerFilters[f]];

export function RoundAnswers() {
  const { participants, filter } = useLoaderData<typeof loader>();
  return (
    <Section id="antworten" title="Antworten der Körperschaften">
      <BodySearch defaultValue={filter.search}>
        <SelectField
          id="antwort"
          name="antwort"
          label="Antwort"
          defaultValue={filter.answer}
          options={[
            { value: "", label: "alle" },
            ...(Object.keys(answerFilters) as AnswerFilter[]).map((value) => ({
              value,
              label: filterLabel(value),
            })),
          ]}
        />
      </BodySearch>
      <DataTable
        caption={
          <>
            {nf.format(participants.total)}{" "}
            {participants.total === 1 ? "Körperschaft" : "Körperschaften"}
            {filter.answer ? ` (${filterLabel(filter.answer)})` : ""}
            {filter.search ? ` für „${filter.search}“` : ""}
          </>
        }
        rows={participants.rows}
        rowKey={(p) => p.bodyId}
        columns={[
          {
            header: "Körperschaft",
            cell: (p) => (
              <>
                {p.lines > 0 ? (
                  <a className="kern-link" href={`?koerperschaft=${p.bodyId}#zeilen`}>
                    {p.name}
                  </a>
                ) : (
                  p.name
                )}
              </>
            ),
          },
          { header: "AGS", cell: (p) => p.ags },
          {
            header: "Antwort",
            cell: (p) => <Badge tone={answerTones[p.answer]}>{answerLabels[p.answer]}</Badge>,
          },
          { header: "Zeilen", numeric: true, cell: (p) => nf.format(p.lines) },
          {
            header: "Letzte Änderung",
            cell: (p) => <>{p.lastChange ? `${formatBerlin(p.lastChange)} Uhr` : "–"}</>,
          },
        ]}
      />
      <Pagination
        page={participants.page}
        pageSize={participants.pageSize}
        total={participants.total}
        query={{
          ...(filter.answer ? { antwort: filter.answer } : {}),
          ...(filter.search ? { suche: filter.search } : {}),
        }}
      />
    </Section>
  );
}
