import { describe, expect, it } from "vitest";
import { claimValues, departmentFromClaims, parseDepartmentMap, parseRoleMap, roleFromClaims } from "~/utils/oidc.server";
import { parseEnv } from "~/utils/env.server";

const env = (extra: Record<string, string>) => parseEnv({ OIDC_ISSUER: "https://login.example/tenant/v2.0", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s", ...extra });

describe("claims to roles", () => {
  it("parses a map with the claim named in front, or the default claim", () => {
    expect(parseRoleMap("groups:intranet-admins=admin,intranet-comms=comms", "roles")).toEqual({
      claim: "groups", values: new Map([["intranet-admins", "admin"], ["intranet-comms", "comms"]]),
    });
    expect(parseRoleMap("Intranet.Admins=admin, Intranet.Champions = champion", "roles")).toEqual({
      claim: "roles", values: new Map([["Intranet.Admins", "admin"], ["Intranet.Champions", "champion"]]),
    });
    expect(parseRoleMap("groups:a=emperor,b=", "groups")?.values.size).toBe(0);
    expect(parseRoleMap(undefined, "groups")).toBeNull();
  });

  it.each([
    [{ groups: ["intranet-comms", "intranet-admins"] }, "admin"],
    [{ groups: ["intranet-comms"] }, "comms"],
    [{ groups: "intranet-champions" }, "champion"],
    [{ groups: ["everyone"] }, "staff"],
    [{}, "staff"],
    [{ groups: [42, null, { x: 1 }] }, "staff"],
  ])("%j → %s (the highest mapped role; staff otherwise)", (claims, role) => {
    const e = env({ OIDC_ROLE_MAP: "groups:intranet-admins=admin,intranet-comms=comms,intranet-champions=champion" });
    expect(roleFromClaims(claims, e)).toBe(role);
  });

  it("reads nested claims by a dotted path (Keycloak's realm_access.roles)", () => {
    expect(claimValues({ realm_access: { roles: ["a", "b"] } }, "realm_access.roles")).toEqual(["a", "b"]);
    const e = env({ OIDC_ROLE_CLAIM: "realm_access.roles", OIDC_ROLE_MAP: "intranet-admin=admin" });
    expect(roleFromClaims({ realm_access: { roles: ["intranet-admin"] } }, e)).toBe("admin");
  });

  it("leaves roles to the intranet when no map is configured", () => {
    expect(roleFromClaims({ groups: ["intranet-admins"] }, env({}))).toBeNull();
  });
});

describe("claims to departments", () => {
  const departments = [
    { id: 1, slug: "housing", name: "Housing" },
    { id: 2, slug: "adult-social-care", name: "Adult Social Care" },
  ];
  it("maps through the department map, else by slug or name, else leaves it", () => {
    const e = env({ OIDC_DEPARTMENT_CLAIM: "department", OIDC_DEPARTMENT_MAP: "Housing Services=housing" });
    expect(departmentFromClaims({ department: "Housing Services" }, departments, e)).toBe(1);
    expect(departmentFromClaims({ department: "adult social care" }, departments, e)).toBe(2);
    expect(departmentFromClaims({ department: "adult-social-care" }, departments, e)).toBe(2);
    expect(departmentFromClaims({ department: "Nowhere" }, departments, e)).toBeUndefined();
    expect(departmentFromClaims({ department: "Housing" }, departments, env({}))).toBeUndefined();
    expect(parseDepartmentMap("A=b, C D = e-f")).toEqual(new Map([["a", "b"], ["c d", "e-f"]]));
  });
});

describe("configuration", () => {
  it("insists on https for the issuer, except on this machine", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "http://login.example/" })).toThrow(/OIDC_ISSUER must use https/);
    expect(parseEnv({ OIDC_ISSUER: "http://127.0.0.1:4000" }).OIDC_ISSUER).toBe("http://127.0.0.1:4000");
    expect(parseEnv({ OIDC_ISSUER: "https://login.microsoftonline.com/t/v2.0" }).OIDC_BUTTON_LABEL).toBe("Sign in with your council account");
  });
});
