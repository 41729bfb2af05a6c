// The stacks write every for_each table as a local (`"for_each": "${local.vms}"`): real terraform
// plans such a stack with one instance per key, reads `each.value` from it, and lets two blocks
// share one table. Built-in terraform_data blocks stand in for the vSphere ones (no provider
// plugin can be downloaded here), written by the same writer.
import { execa } from "execa";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  App,
  type BlockConfig,
  TerraformIterator,
  TerraformResource,
  TerraformStack,
} from "../../stacks/terraform/elements.ts";
import { skipBecause, terraformMissing } from "./helpers.ts";

class TerraformData extends TerraformResource {
  constructor(stack: TerraformStack, id: string, config: BlockConfig) {
    super(stack, "terraform_data", id, config);
  }
}

const ENV = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

describe.skipIf(skipBecause("tables as locals with real terraform", terraformMissing()))(
  "a stack whose for_each tables are locals, planned by real terraform",
  { timeout: 120_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), "irvn-locals-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("plans one instance per key, with each.value read from the local", async () => {
      const app = new App({ outdir: dir });
      const stack = new TerraformStack(app, "s");
      const vms = TerraformIterator.fromMap({
        "druten/office-session-001": { hostname: "drt-os-001" },
        "druten/office-session-002": { hostname: "drt-os-002" },
      });
      new TerraformData(stack, "vms", { forEach: vms, input: vms.getString("hostname") });
      // a second block over the same table: the same local, not a copy
      new TerraformData(stack, "ha", { forEach: vms, input: "${terraform_data.vms[each.key].id}" });
      app.synth();
      const cwd = join(dir, "stacks", "s");
      const json = JSON.parse(readFileSync(join(cwd, "cdk.tf.json"), "utf8")) as { locals: object };
      expect(Object.keys(json.locals)).toEqual(["vms"]);

      await execa("terraform", ["init", "-input=false", "-backend=false"], { cwd, env: ENV });
      await execa("terraform", ["plan", "-input=false", "-out=plan"], { cwd, env: ENV });
      const show = await execa("terraform", ["show", "-json", "plan"], { cwd, env: ENV });
      const changes = (
        JSON.parse(show.stdout) as {
          resource_changes: { address: string; change: { actions: string[]; after: { input?: unknown } } }[];
        }
      ).resource_changes;
      expect(changes.map((c) => [c.address, c.change.actions]).sort()).toEqual([
        ['terraform_data.ha["druten/office-session-001"]', ["create"]],
        ['terraform_data.ha["druten/office-session-002"]', ["create"]],
        ['terraform_data.vms["druten/office-session-001"]', ["create"]],
        ['terraform_data.vms["druten/office-session-002"]', ["create"]],
      ]);
      const vm = changes.find((c) => c.address === 'terraform_data.vms["druten/office-session-002"]')!;
      expect(vm.change.after.input).toBe("drt-os-002");
    });
  },
);
