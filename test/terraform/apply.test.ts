// `irvn apply` from plans saved by `irvn plan`, against the real terraform on the `basic` fixture.
import { execa } from "execa";
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { apply } from "../../scripts/commands/apply.ts";
import { plan } from "../../scripts/commands/plan.ts";
import type { PlanReport } from "../../scripts/terraform/plan-report.ts";
import { FIXTURE_PASSWORD, fixtureProject, skipBecause, terraformMissing, type Project } from "./helpers.ts";

async function planned(project: Project, ...argv: string[]) {
  const r = await project.run(plan, ["--skip-synth", ...argv]);
  expect(r.stderr).toBe("");
  return r;
}

async function appliedOrder(project: Project): Promise<string[]> {
  const log = project.path("apply-order.log");
  if (!existsSync(log)) return [];
  return [...new Set((await readFile(log, "utf8")).split("\n").filter(Boolean))];
}

async function stateList(project: Project, stack: string): Promise<string[]> {
  const r = await execa("terraform", ["state", "list"], {
    cwd: project.path("cdktf.out", "stacks", stack),
    env: { CHECKPOINT_DISABLE: "1" },
  });
  return r.stdout.split("\n").filter(Boolean);
}

describe.skipIf(skipBecause("irvn apply with terraform", terraformMissing()))("irvn apply", () => {
  let project: Project;
  afterEach(async () => project?.remove());

  it("applies the saved plans in dependency order; the next plan has no changes and exits 0", async () => {
    project = await fixtureProject("basic");
    expect((await planned(project)).code).toBe(2);

    const r = await project.run(apply, []);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await appliedOrder(project)).toEqual([
      "central",
      "network",
      "network-nijmegen",
      "workplace-druten",
      "workplace-nijmegen",
    ]);
    expect(r.stdout).toMatch(/^\[1\/5\] central: applied, 4 to add/m);
    expect(r.stdout).toContain("Apply complete! Resources: 4 added, 0 changed, 0 destroyed.");
    expect(r.stdout).toContain(
      "irvn apply: applied 5 stack(s): central, network, network-nijmegen, workplace-druten, workplace-nijmegen.",
    );
    expect(r.stdout).not.toContain(FIXTURE_PASSWORD);
    // An applied plan is used up.
    expect(existsSync(project.path(".irvn/plans/central.tfplan"))).toBe(false);
    // Local state holds every attribute in clear: only its owner may read it.
    expect(statSync(project.path("state")).mode & 0o777).toBe(0o700);
    const stateFiles = readdirSync(project.path("state")).filter((f) => f.endsWith(".tfstate"));
    expect(stateFiles).toHaveLength(5);
    for (const f of stateFiles) expect(statSync(project.path("state", f)).mode & 0o777).toBe(0o600);

    const again = await planned(project, "--summary-json", "plan.json");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^\[\d\/5\] workplace-nijmegen: no changes/m);
    const report = JSON.parse(await readFile(project.path("plan.json"), "utf8")) as PlanReport;
    expect(report.stacks.every((s) => s.status === "no-changes")).toBe(true);

    // Nothing to change: apply checks the plans and applies nothing.
    const noop = await project.run(apply, []);
    expect(noop.code).toBe(0);
    expect(noop.stdout).toContain("irvn apply: applied 0 stack(s); no changes in central, network,");
  });

  it("with no saved plan: nothing to apply, exit 0; a stack named with --stack must have one", async () => {
    project = await fixtureProject("basic");
    const r = await project.run(apply, []);
    expect(r).toMatchObject({
      code: 0,
      stdout: "irvn apply: nothing to apply: .irvn/plans/ holds no saved plan (`irvn plan` saves them).\n",
      stderr: "",
    });
    expect(await appliedOrder(project)).toEqual([]);
    const named = await project.run(apply, ["--stack", "central"]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain("no saved plans in .irvn/plans/: run `irvn plan` first.");
  });

  it("reports a changed sensitive attribute by name only", async () => {
    project = await fixtureProject("basic");
    await planned(project, "--stack", "central");
    expect((await project.run(apply, ["--stack", "central"])).code).toBe(0);
    const newPassword = "rotated-Pa55word-not-real";
    const r = await project.run(plan, ["--skip-synth", "--stack", "central", "--summary-md", "plan.md"], {
      TF_VAR_vsphere_password: newPassword,
    });
    expect(r.code).toBe(2);
    const markdown = await readFile(project.path("plan.md"), "utf8");
    expect(markdown).toContain("- `~` `terraform_data.vcenter_login` (input (sensitive), output)");
    for (const text of [r.stdout, r.stderr, markdown]) {
      expect(text).not.toContain(newPassword);
      expect(text).not.toContain(FIXTURE_PASSWORD);
    }
  });

  it("refuses a plan whose stack configuration changed after the plan, applying nothing", async () => {
    project = await fixtureProject("basic");
    await planned(project);
    await project.editStack("workplace-druten", (json) => {
      json.resource.terraform_data["vm"]!.for_each!["druten/werkplek-0002"] = { cpu: 4, memory_mib: 16384 };
    });
    const r = await project.run(apply, []);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "irvn apply: refused, nothing was applied:\n" +
        "  - workplace-druten: the stack configuration (cdktf.out/stacks/workplace-druten/cdk.tf.json) " +
        "changed since the plan. Run `irvn plan` again and review it.\n",
    );
    expect(await appliedOrder(project)).toEqual([]);
    expect(readdirSync(project.path("state")).filter((f) => f.endsWith(".tfstate"))).toEqual([]);
  });

  it("refuses a plan older than --max-plan-age and a named stack without a saved plan", async () => {
    project = await fixtureProject("basic");
    await planned(project, "--stack", "central", "--stack", "network");
    const record = project.path(".irvn/plans/central.json");
    const saved = JSON.parse(await readFile(record, "utf8")) as { createdAt: string };
    saved.createdAt = new Date(Date.now() - 3 * 60 * 60_000).toISOString();
    await writeFile(record, JSON.stringify(saved));

    const r = await project.run(apply, [
      "--max-plan-age",
      "60",
      "--stack",
      "central",
      "--stack",
      "network-*",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "irvn apply: refused, nothing was applied:\n" +
        "  - central: the plan is 180 minutes old, older than the limit of 60 (--max-plan-age). " +
        "Run `irvn plan` again and review it.\n" +
        "  - network-nijmegen: no saved plan (.irvn/plans/network-nijmegen.tfplan): run `irvn plan` first.\n",
    );
    expect(await appliedOrder(project)).toEqual([]);

    // Within the limit, and without --stack: the stacks of the latest plan.
    const ok = await project.run(apply, ["--max-plan-age", "240"]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe(
      "irvn apply: note: not in the latest plan, left alone: network-nijmegen, workplace-druten, workplace-nijmegen\n",
    );
    expect(await appliedOrder(project)).toEqual(["central", "network"]);
  });

  it("refuses to destroy or replace protected resources unless --allow-destroy names each", async () => {
    project = await fixtureProject("basic");
    const stacks = ["--stack", "central", "--stack", "network-nijmegen"];
    await planned(project, ...stacks);
    expect((await project.run(apply, stacks)).code).toBe(0);

    await project.editStack("network-nijmegen", (json) => {
      delete json.resource.terraform_data["port_group"]!.for_each!["nijmegen/beheer"];
    });
    await project.editStack("central", (json) => {
      Object.assign(json.resource.terraform_data["datacenter"]!, { triggers_replace: "new-datacenter" });
    });
    const p = await project.run(plan, ["--skip-synth", ...stacks, "--summary-md", "plan.md"]);
    expect(p.code).toBe(2);
    const markdown = await readFile(project.path("plan.md"), "utf8");
    expect(markdown).toContain("**2 protected resources would be destroyed or replaced.**");
    expect(markdown).toContain(
      '> - network-nijmegen: `terraform_data.port_group["nijmegen/beheer"]` (destroy)',
    );
    expect(markdown).toContain(
      "- `-/+` `terraform_data.datacenter` (forced by triggers_replace) **protected**",
    );

    const portGroup = 'terraform_data.port_group["nijmegen/beheer"]';
    const refused = await project.run(apply, [...stacks, "--allow-destroy", portGroup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "irvn apply: refused, nothing was applied:\n" +
        "  - central: the plan would replace the protected resource terraform_data.datacenter; " +
        "if that is intended, add --allow-destroy 'terraform_data.datacenter'\n",
    );
    expect(await stateList(project, "network-nijmegen")).toContain(portGroup);

    const allowed = await project.run(apply, [
      ...stacks,
      "--allow-destroy",
      portGroup,
      "--allow-destroy",
      "terraform_data.datacenter",
    ]);
    expect(allowed.stderr).toBe("");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("Apply complete! Resources: 0 added, 0 changed, 1 destroyed.");
    expect(await stateList(project, "network-nijmegen")).toEqual([
      'terraform_data.port_group["nijmegen/werkplek"]',
    ]);
  });

  it("stops at the first failing stack and reports what was applied and what not", async () => {
    project = await fixtureProject("basic");
    await project.editStack("network-nijmegen", (json) => {
      json.resource.terraform_data["broken"] = {
        input: "fails on create",
        provisioner: [{ "local-exec": { command: "echo 'vCenter said no' >&2; exit 3" } }],
      } as never;
    });
    await planned(project);
    const r = await project.run(apply, []);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[3/5] network-nijmegen: FAILED");
    expect(r.stderr).toContain("Error: local-exec provisioner error");
    expect(r.stderr).toContain(
      [
        "irvn apply: stopped at network-nijmegen.",
        "  applied:     central, network",
        "  failed:      network-nijmegen",
        "  not applied: workplace-druten, workplace-nijmegen",
      ].join("\n"),
    );
    expect(await appliedOrder(project)).toEqual(["central", "network", "network-nijmegen"]);
    // The plans not applied stay for a later run.
    expect(existsSync(project.path(".irvn/plans/workplace-druten.tfplan"))).toBe(true);
  });
});
