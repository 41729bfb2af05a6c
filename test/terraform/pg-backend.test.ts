// The pg state backend for real: a PostgreSQL server started by the test holds the state of a
// stack whose backend configureBackend wrote, and its lock keeps a second apply out.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apply } from "../../scripts/commands/apply.ts";
import { plan } from "../../scripts/commands/plan.ts";
import { configureBackend } from "../../stacks/backend.ts";
import { App, TerraformStack } from "../../stacks/terraform/elements.ts";
import { fixtureProject, skipBecause, terraformMissing, type Project } from "./helpers.ts";
import { postgresMissing, sql, startPostgres, type Postgres } from "./postgres.ts";

/** The `terraform` block configureBackend gives a stack, as synth writes it. */
async function synthesizedBackend(project: Project, stackName: string): Promise<Record<string, unknown>> {
  const app = new App({ outdir: project.path("synth") });
  configureBackend(new TerraformStack(app, stackName), { type: "pg" }, stackName);
  app.synth();
  const file = join(project.path("synth"), "stacks", stackName, "cdk.tf.json");
  return (JSON.parse(await readFile(file, "utf8")) as { terraform: Record<string, unknown> }).terraform;
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const missing = terraformMissing() ?? postgresMissing();

describe.skipIf(skipBecause("pg state backend with PostgreSQL", missing))("pg state backend", () => {
  let pg: Postgres;
  let project: Project;
  let env: Record<string, string>;

  beforeAll(async () => {
    pg = await startPostgres();
    env = { PG_CONN_STR: pg.connStr };
  });
  afterAll(async () => pg?.stop());
  afterEach(async () => {
    await sql(pg, "drop schema if exists irvn_central cascade");
    await project?.remove();
  });

  it("keeps each stack's state in its own schema; a second plan finds it and has no changes", async () => {
    project = await fixtureProject("locking");
    const backend = await synthesizedBackend(project, "central");
    expect(backend).toEqual({ backend: { pg: { schema_name: "irvn_central" } } });
    await project.editStack("central", (json) => {
      json.terraform = backend;
      // This test needs no lock held for long.
      delete json.resource.terraform_data["datacenter"]!.provisioner;
    });
    // The connection string comes from the environment and stays there.
    expect(await readFile(project.stackFile("central"), "utf8")).not.toContain("postgres://");

    expect((await project.run(plan, ["--skip-synth"], env)).code).toBe(2);
    const applied = await project.run(apply, [], env);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);

    expect(await sql(pg, "select name from irvn_central.states")).toBe("default");
    const second = await project.run(plan, ["--skip-synth"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("[1/1] central: no changes");
  });

  it("lets one of two concurrent applies hold the lock; the other fails cleanly and the state stays intact", async () => {
    project = await fixtureProject("locking");
    const backend = await synthesizedBackend(project, "central");
    await project.editStack("central", (json) => (json.terraform = backend));
    expect((await project.run(plan, ["--skip-synth"], env)).code).toBe(2);

    const stackDir = project.path("cdktf.out", "stacks", "central");
    const first = project.run(apply, [], env);
    let second;
    try {
      // The first apply is inside its provisioner, holding the state lock until release.marker exists.
      await until(
        () => existsSync(join(stackDir, "apply-started.marker")),
        "the first apply to take the lock",
      );
      second = await project.run(apply, [], env);
    } finally {
      await writeFile(join(stackDir, "release.marker"), "");
    }
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("Error: Error acquiring the state lock");
    expect(second.stderr).toContain("The state of stack central is locked by another plan or apply");
    expect(second.stderr).toContain("irvn apply: stopped at central.");
    expect(second.stderr).not.toContain(pg.connStr);

    const firstResult = await first;
    expect(firstResult.stderr).toBe("");
    expect(firstResult.code).toBe(0);
    expect(firstResult.stdout).toContain("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");

    const state = JSON.parse(
      await sql(pg, "select data from irvn_central.states where name = 'default'"),
    ) as {
      resources: { type: string; name: string; instances: unknown[] }[];
    };
    expect(state.resources.map((r) => `${r.type}.${r.name}:${r.instances.length}`).sort()).toEqual([
      "terraform_data.cluster:1",
      "terraform_data.datacenter:1",
    ]);
    const after = await project.run(plan, ["--skip-synth"], env);
    expect(after.code).toBe(0);
    // The lock was released: nothing stops a later run.
    expect(await sql(pg, "select count(*) from pg_locks where locktype = 'advisory'")).toBe("0");
  });
});
