import { createContext, useContext } from "react";

const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;
/** The per-request CSP nonce, for the few inline scripts Remix needs. */
export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
