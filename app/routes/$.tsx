import { notFound } from "~/kit/http/responses.server";

// Every unknown path ends in the shared 404 page of the root error boundary.
export async function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
