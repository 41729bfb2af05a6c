// Where each stack keeps its Terraform state, chosen by `stateBackend` in region.yaml: one state
// (file, schema or key) per stack. Credentials are never written here: terraform reads them from
// the environment (PG_CONN_STR, AWS_*, TF_HTTP_USERNAME/TF_HTTP_PASSWORD).
import { posix } from "node:path";
import { HttpBackend, LocalBackend, PgBackend, S3Backend, type TerraformStack } from "./cdk.ts";
import type { RegionConfig } from "./model/schema/region.ts";

export type StateBackendConfig = RegionConfig["stateBackend"];

/** Used when region.yaml names no directory, schema prefix or key prefix. */
export const STATE_DEFAULTS = { directory: "state", prefix: "irvn" } as const;

export function configureBackend(
  stack: TerraformStack,
  backend: StateBackendConfig,
  stackName: string,
): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, {
        path: localStatePath(backend.directory ?? STATE_DEFAULTS.directory, stackName),
      });
      return;
    case "pg": {
      const pg = new PgBackend(stack, {
        connStr: "",
        schemaName: pgSchemaName(backend.schemaPrefix, stackName),
      });
      // cdktf requires connStr; terraform then takes the connection string from PG_CONN_STR.
      pg.addOverride("conn_str", undefined);
      return;
    }
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        region: backend.region,
        key: `${backend.keyPrefix ?? STATE_DEFAULTS.prefix}/${stackName}.tfstate`,
        ...(backend.endpoint === undefined
          ? { encrypt: true }
          : {
              // An S3-compatible store (MinIO, Ceph): path-style URLs and none of AWS's own checks.
              endpoints: { s3: backend.endpoint },
              usePathStyle: true,
              skipCredentialsValidation: true,
              skipRegionValidation: true,
              skipRequestingAccountId: true,
              skipMetadataApiCheck: true,
            }),
      });
      // Locking with a lock object beside the state (terraform ≥ 1.10); cdktf 0.21 predates it.
      s3.addOverride("use_lockfile", true);
      return;
    }
    case "http": {
      // GitLab-managed state: the state at <base>/<stack>, its lock at <base>/<stack>/lock.
      const address = `${backend.address.replace(/\/+$/, "")}/${stackName}`;
      new HttpBackend(stack, {
        address,
        lockAddress: `${address}/lock`,
        unlockAddress: `${address}/lock`,
        lockMethod: "POST",
        unlockMethod: "DELETE",
        retryWaitMin: 5,
      });
      return;
    }
  }
}

/**
 * Relative to the stack's working directory `<out>/stacks/<stack>`, so `../../../` is the output
 * directory's parent. Never absolute: synthesized output must not depend on the machine.
 */
export function localStatePath(directory: string, stackName: string): string {
  return posix.join("../../..", directory, `${stackName}.tfstate`);
}

/** `<prefix>_<stack>` with hyphens as underscores: a PostgreSQL identifier without quoting. */
export function pgSchemaName(prefix: string | undefined, stackName: string): string {
  return `${prefix ?? STATE_DEFAULTS.prefix}_${stackName.replaceAll("-", "_")}`;
}
