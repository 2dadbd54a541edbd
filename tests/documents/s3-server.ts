/**
 * A real S3-compatible server for tests (decision 155): the npm package @20minutes/s3rver,
 * on a free loopback port (the system picks it), keeping its objects in a temporary folder.
 * `useObjectStore` points the intranet at it (FILE_STORAGE=s3 and the S3_ settings) and
 * returns a client of our own to look inside the bucket directly.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { resetEnvForTests } from "~/utils/env.server";

// The SDK warns once per process that its 2027 releases need a newer Node; the lock file pins one that runs here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const BUCKET = "council-files";
export const PREFIX = "test-files/";
const ACCESS_KEY = "S3RVER"; // the server's fixed test credentials
const SECRET = "S3RVER";

export type LocalS3 = {
  endpoint: string;
  /** The object's bytes under this hash, looked at directly (not through the intranet). */
  object(sha256: string): Promise<Buffer | undefined>;
  putObject(sha256: string, bytes: Buffer): Promise<void>;
  deleteObject(sha256: string): Promise<void>;
  stop(): Promise<void>;
};

export async function startLocalS3(): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } });
  return {
    endpoint,
    async object(sha256) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${sha256}` }));
        return Buffer.from(await res.Body!.transformToByteArray());
      } catch (err) {
        if ((err as { name?: string }).name === "NoSuchKey") return undefined;
        throw err;
      }
    },
    async putObject(sha256, bytes) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${sha256}`, Body: bytes }));
    },
    async deleteObject(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${sha256}` }));
    },
    async stop() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

const VARIABLES = ["FILE_STORAGE", "S3_ENDPOINT", "S3_BUCKET", "S3_PREFIX", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION", "S3_FORCE_PATH_STYLE"];

/** Files go to this server from now on (the environment is read again). */
export function useObjectStore(s3: LocalS3): void {
  Object.assign(process.env, {
    FILE_STORAGE: "s3", S3_ENDPOINT: s3.endpoint, S3_BUCKET: BUCKET, S3_PREFIX: PREFIX, S3_ACCESS_KEY_ID: ACCESS_KEY, S3_SECRET_ACCESS_KEY: SECRET,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  resetEnvForTests();
}

/** Back to files in the database. */
export function useDatabaseStore(): void {
  for (const v of VARIABLES) delete process.env[v];
  resetEnvForTests();
}
