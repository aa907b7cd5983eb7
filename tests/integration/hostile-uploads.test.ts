// Hostile uploads (issue 7): a generated corpus of malformed and hostile files
// (tests/support/hostile-files.ts) goes through BOTH uploads of the product — the demand import
// and the bidders' price sheets — through the real route actions, with a real multipart request
// and a real session cookie. Each file must end in a German error message that names the
// problem (400/413) or in an import of exactly what the file says; never a crash, never more
// than PER_FILE_LIMIT_MS, and never a partial write: the checksum of every table an upload can
// touch is the same before and after each refused file. Then the tricks that live in the
// multipart request rather than in the file. The figures are printed at the end.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { listTenderLots, loadBids } from "~/modules/bids/index.server";
import { listDemandLines } from "~/modules/demand/index.server";
import { listRoundItems } from "~/modules/demand/index.server";
import { action as bidsAction } from "~/routes/ausschreibungen.$tenderId.angebote/route";
import { loader as priceSheetLoader } from "~/routes/ausschreibungen.$tenderId.preisblatt";
import { action as demandAction } from "~/routes/bedarf.$roundId.hochladen";
import { loader as templateLoader } from "~/routes/bedarf.$roundId.vorlage";

import { makeOpenRound } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import { cookieFor } from "../support/authorization";
import { checksumOf, useTestDatabase } from "../support/database";
import {
  BOUNDARY,
  buildCorpus,
  CATEGORIES,
  type Category,
  chunked,
  type CorpusContext,
  type Expectation,
  fieldPart,
  filePart,
  multipart,
  validUploads,
} from "../support/hostile-files";

useTestDatabase();

/** No upload may take longer than this, however hostile the file. */
const PER_FILE_LIMIT_MS = 5_000;
const ORIGIN = "http://hostile.localhost";
const UPLOADS = ["demand", "price"] as const;
type Upload = (typeof UPLOADS)[number];

/**
 * Every table an upload can write (demand lines, invitations, bids, prices, awards, the audit
 * trail) as one fingerprint; it runs after each of the 1,110 uploads.
 */
const checksum = () =>
  checksumOf(["demand_lines", "round_invitations", "bids", "bid_prices", "awards", "audit_events"]);

type Answer =
  | { kind: "accepted"; status: number; location: string }
  | { kind: "refused"; status: number; messages: string[] }
  | { kind: "crash"; status: number; detail: string };

/** What a route answered, as a browser would see it (a thrown Response is the answer). */
async function answerOf(run: () => Promise<unknown>): Promise<Answer> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
    if (!(thrown instanceof Response)) {
      return { kind: "crash", status: 500, detail: String((thrown as Error)?.stack ?? thrown) };
    }
  }
  if (result instanceof Response) {
    if (result.status >= 500)
      return { kind: "crash", status: result.status, detail: await result.text() };
    if (result.status >= 300 && result.status < 400) {
      return {
        kind: "accepted",
        status: result.status,
        location: result.headers.get("Location") ?? "",
      };
    }
    return { kind: "refused", status: result.status, messages: [await result.text()] };
  }
  const value = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (value?.type === "DataWithResponseInit") {
    const status = value.init?.status ?? 200;
    const data = value.data as { fileError?: string | null; problems?: string[] };
    const messages = [data.fileError ?? "", ...(data.problems ?? [])].filter((m) => m !== "");
    if (status >= 500) return { kind: "crash", status, detail: JSON.stringify(data) };
    return { kind: "refused", status, messages };
  }
  return { kind: "crash", status: 200, detail: `unexpected answer ${JSON.stringify(result)}` };
}

// A message a person can act on: German words, no stack trace, no code, no SQL, not endless.
const GERMAN = /\b(die|der|das|ist|nicht|keine?|bitte|datei|zeile|blatt|spalte|enthält|fehlt)\b/i;
const TECHNICAL =
  /\bat [\w.<>]+ \(|\w+Error\b|\bundefined\b|\bnull\b|\[object|\.tsx?:\d|\bselect\b|\binsert\b|violates|ECONN|ENOENT|stack/i;
function messageFault(message: string): string | null {
  if (!GERMAN.test(message)) return "not German";
  if (TECHNICAL.test(message)) return "technical";
  if (message.length > 600) return `${message.length} characters long`;
  return null;
}

type World = Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const round = await makeOpenRound({ items: 3 });
  const officer = round.officers[0]!;
  const tender = await makePublishedTender();
  const cookies = {
    demand: await cookieFor(officer.id),
    price: await cookieFor(tender.lead.id),
  };
  const paths = {
    demand: `/bedarf/${round.roundId}/hochladen`,
    price: `/ausschreibungen/${tender.tenderId}/angebote`,
  };
  const params = { demand: { roundId: round.roundId }, price: { tenderId: tender.tenderId } };
  const get = async (path: string, cookie: string, loader: typeof templateLoader) => {
    const response = (await loader({
      request: new Request(new URL(path, ORIGIN), { headers: { Cookie: cookie } }),
      params: { roundId: round.roundId, tenderId: tender.tenderId },
      context: {},
    })) as Response;
    return new Uint8Array(await response.arrayBuffer());
  };
  // Downloaded through the real routes, as an officer and a procurement office would.
  const demandTemplate = await get(
    `/bedarf/${round.roundId}/vorlage`,
    cookies.demand,
    templateLoader,
  );
  const priceSheet = await get(
    `/ausschreibungen/${tender.tenderId}/preisblatt`,
    cookies.price,
    priceSheetLoader as typeof templateLoader,
  );
  const items = await listRoundItems({ roundId: round.roundId });
  const lots = await listTenderLots({ tenderId: tender.tenderId });
  return {
    round,
    officer,
    tender,
    cookies,
    paths,
    params,
    demandTemplate,
    priceSheet,
    itemIds: new Map(items.map((item) => [item.articleNumber, item.id])),
    lots,
  };
}

function request(
  world: World,
  upload: Upload,
  body: FormData | Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) {
  const url = new URL(world.paths[upload], ORIGIN);
  return new Request(url, {
    method: "POST",
    headers: { Cookie: world.cookies[upload], Origin: url.origin, ...headers },
    body: body as BodyInit,
    duplex: "half",
  } as RequestInit);
}

function post(world: World, upload: Upload, req: Request) {
  const action = upload === "demand" ? demandAction : bidsAction;
  return answerOf(() => action({ request: req, params: world.params[upload], context: {} }));
}

function fileForm(file: { bytes: Uint8Array<ArrayBuffer>; fileName: string }, field = "datei") {
  const form = new FormData();
  form.append(field, new File([file.bytes], file.fileName));
  return form;
}

/** Within the time limit, or a failure: a hang cannot stall the whole suite. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const value = await Promise.race([
    run(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("hang")), PER_FILE_LIMIT_MS * 4);
    }),
  ]).finally(() => clearTimeout(timer));
  return { value, ms: performance.now() - start };
}

/** Why the stored state is not exactly what an accepted file says; null when it is. */
async function importedContentFault(world: World, expect: Expectation): Promise<string | null> {
  if (expect.kind === "demand") {
    const stored = await listDemandLines({
      roundId: world.round.roundId,
      bodyId: world.officer.bodyId,
    });
    const key = (l: { itemId: string; costCentre: string }) => `${l.itemId}|${l.costCentre}`;
    const got = stored
      .map((l) => ({
        itemId: l.itemId,
        quantity: l.quantity,
        costCentre: l.costCentre,
        product: l.product,
        ledgerAccount: l.ledgerAccount,
        deliveryAddress: l.deliveryAddress,
        note: l.note,
      }))
      .sort((a, b) => key(a).localeCompare(key(b)));
    const want = expect.lines
      .map((l) => ({
        itemId: world.itemIds.get(l.code) ?? `unknown ${l.code}`,
        quantity: l.quantity,
        costCentre: l.costCentre ?? "",
        product: l.product ?? "",
        ledgerAccount: l.ledgerAccount ?? "",
        deliveryAddress: l.deliveryAddress ?? "",
        note: l.note ?? "",
      }))
      .sort((a, b) => key(a).localeCompare(key(b)));
    if (JSON.stringify(got) === JSON.stringify(want)) return null;
    const first = want.findIndex((w, i) => JSON.stringify(w) !== JSON.stringify(got[i]));
    return `stored ${got.length} lines, file says ${want.length}; first difference: ${JSON.stringify(got[first])?.slice(0, 200)} ≠ ${JSON.stringify(want[first])?.slice(0, 200)}`;
  }
  if (expect.kind === "bid") {
    const bids = (await loadBids({ tenderId: world.tender.tenderId })).filter(
      (b) => b.bidderName === expect.bid.bidderName,
    );
    const lotNumbers = Object.keys(expect.bid.lots).map(Number);
    if (bids.length !== lotNumbers.length) {
      return `${bids.length} bids stored for „${expect.bid.bidderName.slice(0, 40)}“, file has ${lotNumbers.length} lots`;
    }
    for (const number of lotNumbers) {
      const lot = world.lots.find((l) => l.number === number)!;
      const bid = bids.find((b) => b.lotId === lot.id);
      if (!bid) return `no bid for lot ${number}`;
      if (bid.bidderAddress !== expect.bid.bidderAddress) return "address differs";
      const want = expect.bid.lots[number]!;
      const got = lot.items.map((item) => bid.prices.get(item.itemId) ?? []);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        return `lot ${number}: stored ${JSON.stringify(got)}, file says ${JSON.stringify(want)}`;
      }
    }
    return null;
  }
  return "not an import";
}

type Tally = {
  files: number;
  refused: number;
  imported: number;
  crashes: number;
  partialWrites: number;
  wrongImports: number;
  overLimit: number;
  slowestMs: number;
  slowest: string;
};
const emptyTally = (): Tally => ({
  files: 0,
  refused: 0,
  imported: 0,
  crashes: 0,
  partialWrites: 0,
  wrongImports: 0,
  overLimit: 0,
  slowestMs: 0,
  slowest: "",
});

describe("hostile uploads", () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  });

  const context = (): CorpusContext => ({
    demandTemplate: world.demandTemplate,
    itemCodes: [...world.itemIds.keys()],
    priceSheet: world.priceSheet,
    lots: world.lots.map((lot) => ({
      number: lot.number,
      bands: lot.items.map((item) => item.bandMinQty.length),
    })),
  });

  it("refuses every hostile file with a German message, or imports exactly what it says, on both uploads", async () => {
    const started = performance.now();
    const corpus = buildCorpus(context());
    const generatedMs = performance.now() - started;
    const failures: string[] = [];
    const tally: Record<Upload, Tally> = { demand: emptyTally(), price: emptyTally() };
    const byCategory = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
    let state = await checksum();

    for (const file of corpus) {
      byCategory.set(file.category, (byCategory.get(file.category) ?? 0) + 1);
      for (const upload of UPLOADS) {
        const expect = file[upload];
        const t = tally[upload];
        const fail = (why: string) => failures.push(`${upload} ← ${file.id}: ${why}`);
        t.files++;
        let answer: Answer;
        let ms: number;
        try {
          ({ value: answer, ms } = await timed(() =>
            post(world, upload, request(world, upload, fileForm(file))),
          ));
        } catch (error) {
          t.crashes++;
          fail(`no answer (${String(error)})`);
          continue;
        }
        if (ms > t.slowestMs) {
          t.slowestMs = ms;
          t.slowest = file.id;
        }
        if (ms > PER_FILE_LIMIT_MS) {
          t.overLimit++;
          fail(`took ${Math.round(ms)} ms`);
        }
        const after = await checksum();
        if (answer.kind === "crash") {
          t.crashes++;
          fail(`crash ${answer.status}: ${answer.detail.slice(0, 500)}`);
        } else if (answer.kind === "refused") {
          if (after !== state) {
            t.partialWrites++;
            fail("refused, but the database changed");
          }
          const faults = answer.messages.map(messageFault).filter(Boolean);
          if (answer.messages.length === 0) fail(`refused (${answer.status}) without a message`);
          else if (faults.length > 0)
            fail(`message ${faults[0]}: ${answer.messages.join(" | ").slice(0, 300)}`);
          else if (![400, 413, 422].includes(answer.status))
            fail(`refused with status ${answer.status}`);
          else if (expect.kind === "demand" || expect.kind === "bid") {
            fail(`refused, expected an import: ${answer.messages.join(" | ").slice(0, 300)}`);
          } else if (!answer.messages.some((m) => expect.message.test(m))) {
            fail(
              `message does not match ${expect.message}: ${answer.messages.join(" | ").slice(0, 300)}`,
            );
          } else if (expect.kind === "refuse" && expect.status && expect.status !== answer.status) {
            fail(`status ${answer.status}, expected ${expect.status}`);
          } else {
            t.refused++;
          }
        } else if (expect.kind === "refuse") {
          fail(`imported, expected a refusal matching ${expect.message}`);
        } else {
          const fault = await importedContentFault(
            world,
            expect.kind === "either" ? expect.accept : expect,
          );
          if (fault) {
            t.wrongImports++;
            fail(`imported, but not what the file says: ${fault}`);
          } else {
            t.imported++;
          }
        }
        state = after;
      }
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      [
        `Hostile uploads: ${corpus.length} files (generated in ${Math.round(generatedMs)} ms), each through both uploads, ${seconds} s in all`,
        ...[...byCategory].map(
          ([category, n]) => `  ${category.padEnd(26)} ${String(n).padStart(4)}`,
        ),
        ...UPLOADS.map((upload) => {
          const t = tally[upload];
          return `  ${upload === "demand" ? "Bedarfsimport" : "Preisblatt   "}: ${t.files} files, ${t.refused} refused with a German error, ${t.imported} imported correctly, crashes = ${t.crashes}, partial writes = ${t.partialWrites}, wrong imports = ${t.wrongImports}, over ${PER_FILE_LIMIT_MS} ms = ${t.overLimit}, slowest ${Math.round(t.slowestMs)} ms (${t.slowest})`;
        }),
      ].join("\n"),
    );
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    expect(failures).toEqual([]);
    for (const upload of UPLOADS) {
      expect(tally[upload].refused + tally[upload].imported).toBe(corpus.length);
    }
  }, 900_000);

  it("answers the tricks of the multipart request itself with a German message, bounded in size and time", async () => {
    const valid = validUploads(context());
    const multipartType = `multipart/form-data; boundary=${BOUNDARY}`;
    const raw = (
      upload: Upload,
      body: Uint8Array | ReadableStream<Uint8Array>,
      type = multipartType,
    ) => request(world, upload, body, { "Content-Type": type });
    const sixMegabytes = new Uint8Array(6 * 1024 * 1024).fill(0x41);
    const demandFile = valid.demand(17);
    const priceFile = valid.price("Übertragung AG");
    const dirtyName = `..\\..\\etc/passwd\u0000\u001b[31m\u202egpj.xlsx${"x".repeat(5000)}`;
    const cut = multipart([filePart("datei", "Bedarf.xlsx", demandFile)]);
    type Trick = {
      id: string;
      upload: Upload;
      request: () => Request;
      status: number;
      message?: RegExp;
      /** accepted: what must be stored */
      check?: () => Promise<string | null>;
    };
    const incomplete = /nicht vollständig angekommen/;
    const noFile = /Bitte wählen Sie eine Datei zum Hochladen aus/;
    const tooLarge = /zu groß/;
    const tricks: Trick[] = [];
    for (const upload of UPLOADS) {
      const file = upload === "demand" ? demandFile : priceFile.bytes;
      tricks.push(
        {
          id: "body-cut-in-half",
          upload,
          request: () => raw(upload, cut.subarray(0, cut.length >> 1)),
          status: 400,
          message: incomplete,
        },
        {
          id: "no-closing-boundary",
          upload,
          request: () =>
            raw(upload, multipart([filePart("datei", "a.xlsx", file)], { close: false })),
          status: 400,
          message: incomplete,
        },
        {
          id: "part-without-disposition",
          upload,
          request: () =>
            raw(
              upload,
              multipart([
                { headers: ["Content-Type: text/plain"], content: "x" },
                filePart("datei", "a.xlsx", file),
              ]),
            ),
          status: 400,
          message: incomplete,
        },
        {
          id: "disposition-with-broken-quotes",
          upload,
          request: () =>
            raw(
              upload,
              multipart([
                {
                  headers: ['Content-Disposition: form-data; name="datei; filename="a.xlsx'],
                  content: file,
                },
              ]),
            ),
          status: 400,
          message: incomplete,
        },
        {
          id: "header-line-without-colon",
          upload,
          request: () =>
            raw(upload, multipart([{ headers: ["Content-Disposition form-data"], content: "x" }])),
          status: 400,
          message: incomplete,
        },
        {
          id: "multipart-without-boundary",
          upload,
          request: () =>
            raw(upload, multipart([filePart("datei", "a.xlsx", file)]), "multipart/form-data"),
          status: 400,
          message: noFile,
        },
        {
          id: "other-boundary-in-body",
          upload,
          request: () =>
            raw(upload, multipart([filePart("datei", "a.xlsx", file)], { boundary: "anders" })),
          status: 400,
          message: noFile,
        },
        {
          id: "empty-body",
          upload,
          request: () => raw(upload, new Uint8Array(0)),
          status: 400,
          message: upload === "demand" ? noFile : noFile,
        },
        {
          id: "file-as-text-field",
          upload,
          request: () => raw(upload, multipart([fieldPart("datei", "Bedarf.xlsx")])),
          status: 400,
          message: noFile,
        },
        {
          id: "file-in-other-field",
          upload,
          request: () => raw(upload, multipart([filePart("anhang", "a.xlsx", file)])),
          status: 400,
          message: noFile,
        },
        {
          id: "empty-part-without-name",
          upload,
          request: () => raw(upload, multipart([filePart("datei", "", "")])),
          status: 400,
          message: noFile,
        },
        {
          id: "empty-file-with-name",
          upload,
          request: () => raw(upload, multipart([filePart("datei", "Bedarf.xlsx", "")])),
          status: 400,
          message: /„Bedarf\.xlsx“ ist leer/,
        },
        {
          id: "6mb-file-chunked-without-length",
          upload,
          request: () =>
            raw(upload, chunked(multipart([filePart("datei", "a.xlsx", sixMegabytes)]))),
          status: 413,
          message: tooLarge,
        },
        {
          id: "6mb-of-ignored-fields-chunked",
          upload,
          request: () =>
            raw(
              upload,
              chunked(
                multipart([
                  ...Array.from({ length: 6 }, (_, i) =>
                    fieldPart(`feld${i}`, "B".repeat(1024 * 1024)),
                  ),
                  filePart("datei", "a.xlsx", file),
                ]),
              ),
            ),
          status: 413,
          message: tooLarge,
        },
        {
          id: "6mb-header-line-chunked",
          upload,
          request: () =>
            raw(
              upload,
              chunked(
                Buffer.concat([
                  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="`),
                  sixMegabytes,
                ]),
              ),
            ),
          status: 413,
          message: tooLarge,
        },
        {
          id: "content-length-claims-6mb",
          upload,
          request: () =>
            request(world, upload, multipart([filePart("datei", "a.xlsx", file)]), {
              "Content-Type": multipartType,
              "Content-Length": String(6 * 1024 * 1024),
            }),
          status: 413,
          message: tooLarge,
        },
        {
          id: "second-file-ignored",
          upload,
          request: () =>
            raw(
              upload,
              multipart([
                filePart("datei", "a.pdf", "%PDF-1.7 …"),
                filePart("datei", "b.xlsx", file),
              ]),
            ),
          status: 400,
          message: /PDF-Dokument/,
        },
        {
          id: "urlencoded-instead-of-multipart",
          upload,
          request: () =>
            raw(
              upload,
              new TextEncoder().encode("datei=Bedarf.xlsx"),
              "application/x-www-form-urlencoded",
            ),
          status: 400,
          message: upload === "demand" ? noFile : /Unbekannte Aktion/,
        },
      );
    }
    tricks.push(
      {
        id: "urlencoded-6mb-chunked",
        upload: "price",
        request: () =>
          raw(
            "price",
            chunked(Buffer.concat([Buffer.from("intent=typed&x="), sixMegabytes])),
            "application/x-www-form-urlencoded",
          ),
        status: 413,
        message: tooLarge,
      },
      {
        id: "30000-small-fields-before-the-file",
        upload: "demand",
        request: () =>
          raw(
            "demand",
            multipart([
              ...Array.from({ length: 30_000 }, (_, i) => fieldPart(`f${i}`, "y")),
              filePart("datei", "Bedarf.xlsx", valid.demand(23)),
            ]),
          ),
        status: 302,
        check: () =>
          importedContentFault(world, {
            kind: "demand",
            lines: [{ code: [...world.itemIds.keys()][0]!, quantity: 23 }],
          }),
      },
      {
        id: "file-name-with-control-characters-and-paths",
        upload: "price",
        request: () => raw("price", multipart([filePart("datei", dirtyName, priceFile.bytes)])),
        status: 302,
        check: async () => {
          const fault = await importedContentFault(world, {
            kind: "bid",
            bid: { bidderName: "Übertragung AG", bidderAddress: "", lots: priceFile.prices },
          });
          if (fault) return fault;
          const db = await getDb();
          const [event] = await queryRows<{ name: string }>(
            db,
            sql`select data->>'fileName' as name from audit_events where action = 'tender.bid_recorded' and data->>'bidderName' = 'Übertragung AG' limit 1`,
          );
          // eslint-disable-next-line no-control-regex
          const control = /[\u0000-\u001f]/;
          if (
            !event ||
            control.test(event.name) ||
            event.name.length > 200 ||
            event.name.includes("/") ||
            event.name.includes("\\")
          ) {
            return `file name in the audit trail: ${JSON.stringify(event?.name)?.slice(0, 120)}`;
          }
          return null;
        },
      },
    );

    const failures: string[] = [];
    let slowest = 0;
    let state = await checksum();
    for (const trick of tricks) {
      const fail = (why: string) => failures.push(`${trick.upload} ← ${trick.id}: ${why}`);
      const { value: answer, ms } = await timed(() => post(world, trick.upload, trick.request()));
      slowest = Math.max(slowest, ms);
      if (ms > PER_FILE_LIMIT_MS) fail(`took ${Math.round(ms)} ms`);
      const after = await checksum();
      if (answer.kind === "crash") fail(`crash ${answer.status}: ${answer.detail.slice(0, 400)}`);
      else if (answer.status !== trick.status) {
        fail(
          `status ${answer.status}, expected ${trick.status}: ${answer.kind === "refused" ? answer.messages.join(" | ").slice(0, 300) : answer.location}`,
        );
      } else if (answer.kind === "refused") {
        if (after !== state) fail("refused, but the database changed");
        const fault = answer.messages.map(messageFault).find(Boolean);
        if (fault) fail(`message ${fault}: ${answer.messages.join(" | ")}`);
        else if (trick.message && !answer.messages.some((m) => trick.message!.test(m))) {
          fail(
            `message does not match ${trick.message}: ${answer.messages.join(" | ").slice(0, 300)}`,
          );
        }
      } else {
        const fault = await trick.check?.();
        if (fault) fail(fault);
      }
      state = after;
    }
    console.log(
      `Hostile requests: ${tricks.length} multipart tricks, ${tricks.length - failures.length} answered as expected, slowest ${Math.round(slowest)} ms`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
