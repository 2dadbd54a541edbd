import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/utils/auth.server";

describe("safeRedirect", () => {
  it.each([
    ["/guides/claim-mileage", "/guides/claim-mileage"],
    ["/search?q=leave", "/search?q=leave"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["/%5Cevil.example", "/"],
    ["/%5cevil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/\tevil", "/"],
    ["/\nevil", "/"],
    ["", "/"],
    [null, "/"],
    ["guides", "/"],
  ])("%j -> %j", (input, expected) => {
    expect(safeRedirect(input as string | null)).toBe(expected);
  });
});
