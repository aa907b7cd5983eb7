// The page's CSP allows no eval (decision 013). zod's fast path probes for it with
// `new Function("")` when the first object schema is built — at import time of a route module —
// and the browser reports that as a CSP violation even though zod catches it. So in the browser
// zod parses without it; root.tsx (the first route module a page imports) imports this first.
// package.json lists this file under "sideEffects", or the bundler would drop the bare import.
// The server has no CSP and keeps the fast path.
import * as z from "zod";

if (typeof document !== "undefined") z.config({ jitless: true });
