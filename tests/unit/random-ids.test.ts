/**
 * Nonces and request ids come from a pool of random bytes filled 4 KB at a time (decision 255):
 * every value is fresh (no byte handed out twice, across refills) and of the same size as before.
 */
import { describe, expect, it } from "vitest";
import { makeNonce, makeRequestId } from "~/utils/http.server";

describe("nonces and request ids from the random pool", () => {
  it("are each 16 and 6 random bytes, never repeated across several refills of the pool", () => {
    const nonces = Array.from({ length: 2_000 }, () => makeNonce());
    const ids = Array.from({ length: 2_000 }, () => makeRequestId());
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{8}$/);
      expect(Buffer.from(id, "base64url")).toHaveLength(6);
    }
    // Interleaved, as a server asks for them: still all different.
    const mixed = Array.from({ length: 1_000 }, () => `${makeNonce()} ${makeRequestId()}`);
    expect(new Set(mixed).size).toBe(mixed.length);
  });
});
