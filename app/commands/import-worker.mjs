// Entry of an import worker thread: the importer's TypeScript runs through tsx here too.
import { register } from "tsx/esm/api";

register();
await import("./import-worker.server.ts");
