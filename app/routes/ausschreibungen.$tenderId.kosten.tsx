// The tender's shared costs moved to /ausschreibungen/:tenderId/umlagen (issue 14: the page holds
// shared costs, not the split, which is /kosten/:tenderId). Old links and bookmarks get a
// permanent redirect, for everyone: it reads nothing and reveals nothing, and the new page
// checks who may see it (a logged-out visitor then goes to the login and comes back there).
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";

export function loader({ request, params }: LoaderFunctionArgs) {
  const { search } = new URL(request.url);
  const tenderId = encodeURIComponent(params.tenderId ?? "");
  return redirect(`/ausschreibungen/${tenderId}/umlagen${search}`, 301);
}
