// Where each stack keeps its Terraform state, chosen by `stateBackend` in region.yaml: one state
// (file, schema or key) per stack. Credentials are never written here: terraform reads them from
// the environment (PG_CONN_STR, AWS_*, TF_HTTP_USERNAME/TF_HTTP_PASSWORD).
import { posix } from "node:path";
import { TerraformBackend, type TerraformStack } from "./terraform/elements.ts";
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
      new TerraformBackend(stack, "local", {
        path: localStatePath(backend.directory ?? STATE_DEFAULTS.directory, stackName),
      });
      return;
    case "pg":
      // no conn_str: terraform takes the connection string from PG_CONN_STR
      new TerraformBackend(stack, "pg", { schema_name: pgSchemaName(backend.schemaPrefix, stackName) });
      return;
    case "s3":
      new TerraformBackend(stack, "s3", {
        bucket: backend.bucket,
        region: backend.region,
        key: `${backend.keyPrefix ?? STATE_DEFAULTS.prefix}/${stackName}.tfstate`,
        // locking with a lock object beside the state (terraform ≥ 1.10)
        use_lockfile: true,
        ...(backend.endpoint === undefined
          ? { encrypt: true }
          : {
              // An S3-compatible store (MinIO, Ceph): path-style URLs and none of AWS's own checks.
              endpoints: { s3: backend.endpoint },
              use_path_style: true,
              skip_credentials_validation: true,
              skip_region_validation: true,
              skip_requesting_account_id: true,
              skip_metadata_api_check: true,
            }),
      });
      return;
    case "http": {
      // GitLab-managed state: the state at <base>/<stack>, its lock at <base>/<stack>/lock.
      const address = `${backend.address.replace(/\/+$/, "")}/${stackName}`;
      new TerraformBackend(stack, "http", {
        address,
        lock_address: `${address}/lock`,
        unlock_address: `${address}/lock`,
        lock_method: "POST",
        unlock_method: "DELETE",
        retry_wait_min: 5,
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
