import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { logOut } from "~/modules/access/index.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await logOut(request);
  return redirect("/anmelden", { headers: { "Set-Cookie": cookie } });
}
