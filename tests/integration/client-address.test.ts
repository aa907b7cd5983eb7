// The production server (scripts/serve.mjs, decision 012) hands the app the client's address
// from the socket, and believes X-Forwarded-* only from a proxy named in TRUST_PROXY. Real
// sockets on loopback: the server runs in this process around a one-route Remix build whose
// loader answers what it was given.
import { type AddressInfo } from "node:net";
import { type Server } from "node:http";

import { type ServerBuild } from "@remix-run/node";

import { createApp } from "../../scripts/serve.mjs";
import { refuseForeignOrigin } from "~/kit/http/security-headers.server";

type Seen = { clientAddress: string | null; url: string; forwardedHost: string | null };

const probe = {
  loader: ({ request, context }: { request: Request; context: { clientAddress?: string } }) =>
    Response.json({
      clientAddress: context.clientAddress ?? null,
      url: request.url,
      forwardedHost: request.headers.get("X-Forwarded-Host"),
    } satisfies Seen),
};

const build = {
  mode: "production",
  basename: "",
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  isSpaMode: false,
  future: { v3_singleFetch: true },
  entry: { module: { default: () => new Response("", { status: 500 }) } },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    probe: { id: "probe", parentId: "root", path: "probe", module: probe },
  },
  assets: {
    version: "test",
    url: "/build/manifest.js",
    entry: { module: "/build/entry.client.js", imports: [] },
    routes: {},
  },
  // The production build (server.ts) exports the origin check beside Remix's build.
  refuseForeignOrigin,
} as unknown as ServerBuild & { refuseForeignOrigin: typeof refuseForeignOrigin };

async function ask(trustProxy: string, headers: Record<string, string> = {}): Promise<Seen> {
  const server: Server = createApp(build, { trustProxy, mode: "production" }).listen(
    0,
    "127.0.0.1",
  );
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/probe`, { headers });
    expect(response.status).toBe(200);
    return (await response.json()) as Seen;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const spoofed = {
  "X-Forwarded-For": "6.6.6.6, 203.0.113.9",
  "X-Forwarded-Host": "boese.example",
  "X-Forwarded-Proto": "https",
};

describe("the client's address", () => {
  it("is the socket's, and X-Forwarded-* is dropped, when no proxy is trusted", async () => {
    const seen = await ask("", spoofed);
    expect(seen.clientAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(new URL(seen.url).host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(new URL(seen.url).protocol).toBe("http:");
    expect(seen.forwardedHost).toBeNull();
  });

  it("is the socket's when the socket is not the proxy TRUST_PROXY names", async () => {
    const seen = await ask("10.0.0.2", spoofed);
    expect(seen.clientAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(seen.forwardedHost).toBeNull();
  });

  it("is the right-most X-Forwarded-For entry that is not a trusted proxy", async () => {
    const one = await ask("127.0.0.1", spoofed);
    expect(one.clientAddress).toBe("203.0.113.9");
    expect(one.url).toMatch(/^https:\/\/boese\.example[:/]/);
    expect(one.forwardedHost).toBe("boese.example");
    // Two proxies in a row: the first one's entry is skipped too; "6.6.6.6" is what the client wrote.
    const two = await ask("127.0.0.1, 203.0.113.9", spoofed);
    expect(two.clientAddress).toBe("6.6.6.6");
  });

  it("refuses a TRUST_PROXY that names no address", () => {
    expect(() => createApp(build, { trustProxy: "1" })).toThrow(/TRUST_PROXY/);
    expect(() => createApp(build, { trustProxy: "127.0.0.1, 10.0.0.0/8, loopback" })).not.toThrow();
  });
});
