// The per-request CSP nonce (decision 013): entry.server.tsx creates it and provides it here;
// root.tsx hands it to <Scripts> and <ScrollRestoration>. In the browser it is "" — scripts that
// React adds after hydration are modules from 'self', and browsers hide the attribute anyway.
import { createContext, useContext } from "react";

export const NonceContext = createContext("");

export function useNonce() {
  return useContext(NonceContext);
}
