// configureBackend through the stacks' synth: one state per stack, relative paths, no credentials.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configureBackend, type StateBackendConfig } from "../../stacks/backend.ts";
import { App, TerraformStack } from "../../stacks/terraform/elements.ts";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function synthesizedBackend(backend: StateBackendConfig, stackName: string): Promise<unknown> {
  const outdir = await mkdtemp(join(tmpdir(), "irvn-backend-"));
  dirs.push(outdir);
  const app = new App({ outdir });
  configureBackend(new TerraformStack(app, stackName), backend, stackName);
  app.synth();
  const json = JSON.parse(await readFile(join(outdir, "stacks", stackName, "cdk.tf.json"), "utf8")) as {
    terraform: { backend: unknown };
  };
  return json.terraform.backend;
}

describe("configureBackend", () => {
  it.each<[string, StateBackendConfig, string, unknown]>([
    [
      "local, default directory",
      { type: "local" },
      "central",
      { local: { path: "../../../state/central.tfstate" } },
    ],
    [
      "local, own directory",
      { type: "local", directory: "./terraform/state/" },
      "workplace-berg-en-dal",
      { local: { path: "../../../terraform/state/workplace-berg-en-dal.tfstate" } },
    ],
    [
      "pg, default prefix",
      { type: "pg" },
      "network-mook-en-middelaar",
      { pg: { schema_name: "irvn_network_mook_en_middelaar" } },
    ],
    [
      "pg, own prefix",
      { type: "pg", schemaPrefix: "rvn" },
      "central",
      { pg: { schema_name: "rvn_central" } },
    ],
    [
      "s3 on AWS",
      { type: "s3", bucket: "irvn-state", region: "eu-west-1" },
      "network",
      {
        s3: {
          bucket: "irvn-state",
          key: "irvn/network.tfstate",
          region: "eu-west-1",
          encrypt: true,
          use_lockfile: true,
        },
      },
    ],
    [
      "s3-compatible",
      { type: "s3", bucket: "state", region: "nl-1", endpoint: "https://s3.irvn.example", keyPrefix: "iac" },
      "workplace-druten",
      {
        s3: {
          bucket: "state",
          key: "iac/workplace-druten.tfstate",
          region: "nl-1",
          endpoints: { s3: "https://s3.irvn.example" },
          use_path_style: true,
          skip_credentials_validation: true,
          skip_region_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          use_lockfile: true,
        },
      },
    ],
    [
      "http (GitLab)",
      { type: "http", address: "https://gitlab.example/api/v4/projects/42/terraform/state/" },
      "central",
      {
        http: {
          address: "https://gitlab.example/api/v4/projects/42/terraform/state/central",
          lock_address: "https://gitlab.example/api/v4/projects/42/terraform/state/central/lock",
          unlock_address: "https://gitlab.example/api/v4/projects/42/terraform/state/central/lock",
          lock_method: "POST",
          unlock_method: "DELETE",
          retry_wait_min: 5,
        },
      },
    ],
  ])("%s", async (_name, backend, stackName, expected) => {
    const synthesized = await synthesizedBackend(backend, stackName);
    expect(synthesized).toEqual(expected);
    // Credentials are read by terraform from the environment, never written.
    expect(JSON.stringify(synthesized)).not.toMatch(/conn_str|password|username|access_key|secret_key|token/);
  });
});
