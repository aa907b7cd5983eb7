// Calls a route module's loader as a logged-in user, the way Remix would: a thrown Response (a
// 404, a 403, a redirect) is returned like an answered one, so a test can read its status.
import { createSession, sessionCookie } from "~/modules/access/index.server";

export type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

export async function getAs(
  loader: Loader,
  userId: string,
  url: string,
  params: Record<string, string>,
): Promise<unknown> {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  try {
    return await loader({
      request: new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }),
      params,
      context: {},
    });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
