/**
 * Attached files' bytes in S3-compatible object storage (decision 155), when
 * FILE_STORAGE=s3. One object per content hash (`<S3_PREFIX><sha256>`), written once and
 * never changed, so several app servers share the store and a re-run transaction writes the
 * same object again harmlessly. Files are read and written with put, get and delete; the
 * daily bucket sweep (decision 236) also lists the prefix and asks an object's age (head).
 *
 * Who may read a file is never decided here: the store is private (credentials only), and
 * the intranet serves every file itself after the item's audience check.
 */
import { createHash } from "node:crypto";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { getEnv, type Env } from "./env.server";

export type ObjectStore = {
  /** Where the objects go, for messages: "bucket intranet at http://127.0.0.1:9000, keys intranet-files/…" (never a secret). */
  readonly where: string;
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The object's bytes, or undefined when there is none under that hash. */
  get(sha256: string): Promise<Buffer | undefined>;
  remove(sha256: string): Promise<void>;
  /** When the object was last written, or undefined when there is none under that hash. */
  modifiedAt(sha256: string): Promise<Date | undefined>;
  /**
   * Every object under the prefix, a page (up to 1,000) at a time: files' objects by their
   * hash; any other key under the prefix is counted in `others` and never touched.
   */
  list(): AsyncGenerator<{ objects: StoredObject[]; others: number }>;
};

export type StoredObject = { sha256: string; size: number; modifiedAt: Date };

let cached: { key: string; store: ObjectStore | null } | undefined;

/** The configured store, or null when files are kept in the database (the default). */
export function objectStore(env: Env = getEnv()): ObjectStore | null {
  const key = [env.FILE_STORAGE, env.S3_ENDPOINT, env.S3_REGION, env.S3_BUCKET, env.S3_PREFIX, env.S3_ACCESS_KEY_ID, env.S3_FORCE_PATH_STYLE].join("\n");
  if (cached?.key !== key) cached = { key, store: env.FILE_STORAGE === "s3" ? s3Store(env) : null };
  return cached.store;
}

/** True when a store is configured: new files go there. */
export function usesObjectStore(): boolean {
  return objectStore() !== null;
}

function s3Store(env: Env): ObjectStore {
  const bucket = env.S3_BUCKET!;
  const client = new S3Client({
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === "true" : Boolean(env.S3_ENDPOINT),
    credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
    maxAttempts: 3,
  });
  const keyOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("object store: a file's key must be its SHA-256");
    return `${env.S3_PREFIX}${sha256}`;
  };
  const where = `bucket ${bucket}${env.S3_ENDPOINT ? ` at ${env.S3_ENDPOINT}` : ` in ${env.S3_REGION}`}, keys ${env.S3_PREFIX}…`;
  const failed = (what: string, sha256: string, err: unknown) =>
    new Error(`Could not ${what} file ${sha256.slice(0, 12)}… in the object store (${where}): ${err instanceof S3ServiceException ? `${err.name} (HTTP ${err.$metadata.httpStatusCode ?? "?"})` : err instanceof Error ? err.message : String(err)}`);
  return {
    where,
    async modifiedAt(sha256) {
      try {
        const res = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
        return res.LastModified ?? new Date(); // no date given: as if just written, so never old enough to remove
      } catch (err) {
        if (err instanceof S3ServiceException && (err.name === "NotFound" || err.name === "NoSuchKey" || err.$metadata.httpStatusCode === 404)) return undefined;
        throw failed("look at", sha256, err);
      }
    },
    async *list() {
      let token: string | undefined;
      do {
        const command = new ListObjectsV2Command({ Bucket: bucket, Prefix: env.S3_PREFIX, ContinuationToken: token, MaxKeys: 1000 });
        // Path-style bucket requests go to "/bucket", as the SDK's earlier major version sent them and
        // every S3-compatible store accepts; some stores sign "/bucket/" differently (decision 236).
        command.middlewareStack.add(
          (next) => async (args) => {
            const request = args.request as { path?: unknown };
            if (request.path === `/${bucket}/`) request.path = `/${bucket}`;
            return next(args);
          },
          { step: "build", name: "bucketPathWithoutSlash" },
        );
        let page;
        try {
          page = await client.send(command);
        } catch (err) {
          throw new Error(`Could not list the object store (${where}): ${err instanceof S3ServiceException ? `${err.name} (HTTP ${err.$metadata.httpStatusCode ?? "?"})` : err instanceof Error ? err.message : String(err)}`);
        }
        const objects: StoredObject[] = [];
        let others = 0;
        for (const o of page.Contents ?? []) {
          const hash = o.Key?.startsWith(env.S3_PREFIX) ? o.Key.slice(env.S3_PREFIX.length) : "";
          if (/^[0-9a-f]{64}$/.test(hash)) objects.push({ sha256: hash, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date() });
          else others++;
        }
        yield { objects, others };
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async put(sha256, bytes) {
      const md5 = createHash("md5").update(bytes).digest("base64");
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(sha256), Body: bytes, ContentLength: bytes.length, ContentMD5: md5, ContentType: "application/octet-stream" }));
      } catch (err) {
        throw failed("store", sha256, err);
      }
    },
    async get(sha256) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
        return Buffer.from(await res.Body!.transformToByteArray());
      } catch (err) {
        if (err instanceof S3ServiceException && (err.name === "NoSuchKey" || err.$metadata.httpStatusCode === 404)) return undefined;
        throw failed("read", sha256, err);
      }
    },
    async remove(sha256) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
      } catch (err) {
        throw failed("remove", sha256, err);
      }
    },
  };
}

/**
 * Hashes of the objects put inside each tracked transaction (decision 221), by the
 * transaction's own Queryable (what `db.transaction` hands its work and the work hands
 * `storeBlob`). Kept by object, not in an AsyncLocalStorage: on Node 20 the first
 * AsyncLocalStorage.run installs promise hooks for the whole process, and every promise of
 * every page would pay for them from then on.
 */
const putsBy = new WeakMap<object, Set<string>>();

/** Called after an object is put through `tx`: the tracked transaction (if any) learns of it. */
export function noteObjectPut(tx: object, sha256: string): void {
  putsBy.get(tx)?.add(sha256);
}

/**
 * Runs `work` (a transaction whose Queryable it passes to `track` before any put) noting every
 * object put through that Queryable; when it fails, `onFailure` gets those hashes before the
 * error goes on.
 */
export async function trackObjectPuts<T>(work: (track: (tx: object) => void) => Promise<T>, onFailure: (puts: string[]) => Promise<void>): Promise<T> {
  const puts = new Set<string>();
  try {
    return await work((tx) => putsBy.set(tx, puts));
  } catch (err) {
    if (puts.size) await onFailure([...puts]);
    throw err;
  }
}
