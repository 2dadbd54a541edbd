/** The little of oidc-provider's API the sign-in test uses (the package ships no types). */
declare module "oidc-provider" {
  import type { Server } from "node:http";

  export type Account = { accountId: string; claims: (...args: unknown[]) => Promise<Record<string, unknown>> };
  export type Configuration = Record<string, unknown> & {
    findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined>;
  };

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    listen(port: number, host: string, callback?: () => void): Server;
  }
}
