// A long page full of multi-byte characters crosses many of React's 2 KB chunk boundaries; the
// document entry.server sends must hold no NUL byte and equal what renderToString writes.
import { PassThrough } from "node:stream";

import { createElement as h } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";

import { documentBytes } from "~/kit/http/document-bytes.server";

const page = () =>
  h(
    "ul",
    null,
    Array.from({ length: 3000 }, (_, i) =>
      h("li", { key: i }, `Zeile ${i}: Größe ü² € – ${"ä".repeat(i % 7)}`),
    ),
  );

function streamedChunks(): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page(), {
      onAllReady() {
        const chunks: Buffer[] = [];
        const sink = new PassThrough();
        sink.on("data", (chunk: Buffer) => chunks.push(chunk));
        sink.on("end", () => resolve(chunks));
        sink.on("error", reject);
        pipe(sink);
      },
      onShellError: reject,
    });
  });
}

describe("documentBytes", () => {
  it("drops the NUL bytes React 18 pads chunk boundaries with, and nothing else", async () => {
    const chunks = await streamedChunks();
    // The defect this works around (react/react#31134): if React stops padding, this line says
    // the workaround can go.
    expect(Buffer.concat(chunks).includes(0)).toBe(true);
    const bytes = documentBytes(chunks);
    expect(bytes.includes(0)).toBe(false);
    expect(bytes.toString("utf8")).toBe(renderToString(page()));
  });

  it.each([
    ["\0<p>ä</p>", "<p>ä</p>"],
    ["<p>\0\0ü</p>\0", "<p>ü</p>"],
    ["\0\0\0", ""],
  ])("drops every NUL of %j, wherever it stands", (input, expected) => {
    const [head, tail] = [input.slice(0, 3), input.slice(3)];
    expect(documentBytes([Buffer.from(head), Buffer.from(tail)]).toString("utf8")).toBe(expected);
  });

  it("leaves a document without NUL bytes as it is", () => {
    const chunk = Buffer.from("<p>Gemeinde Größenwörth: 1.234,56 €</p>", "utf8");
    expect(documentBytes([chunk]).equals(chunk)).toBe(true);
  });
});
