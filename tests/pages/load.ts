/** Calls a route loader as Remix would, and returns the status and JSON, or the thrown response. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createUser, requestAs } from "../factories";
import type { Role } from "~/utils/roles";

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

export type Loaded<T = any> = { status: number; data: T; location: string | null };

export async function load<T = any>(loader: Loader, request: Request, params: Record<string, string> = {}): Promise<Loaded<T>> {
  try {
    const res = await loader({ request, params, context: {} });
    return { status: res.status, data: (await res.json()) as T, location: res.headers.get("location") };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null as T, location: thrown.headers.get("location") };
    throw thrown;
  }
}

/** A signed-in person of `role` in `departmentId`, and a function to load pages as them. */
export async function signedIn(role: Role, departmentId: number | null) {
  const user = await createUser({ role, departmentId });
  return {
    user,
    get: async <T = any>(loader: Loader, url: string, params: Record<string, string> = {}) => load<T>(loader, await requestAs(user.id, url), params),
  };
}
