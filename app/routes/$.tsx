// Every unknown path ends in the shared 404 page of the root error boundary.
export async function loader() {
  throw new Response("Nicht gefunden", { status: 404 });
}

export default function NotFound() {
  return null;
}
