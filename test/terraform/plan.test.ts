// `irvn plan` against the real terraform on the `basic` fixture (terraform_data only).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { plan } from "../../scripts/commands/plan.ts";
import type { PlanReport } from "../../scripts/terraform/plan-report.ts";
import { FIXTURE_PASSWORD, fixtureProject, skipBecause, terraformMissing, type Project } from "./helpers.ts";

const ORDER = ["central", "network", "network-nijmegen", "workplace-druten", "workplace-nijmegen"];
const DEPENDENCIES: Record<string, string[]> = {
  network: ["central"],
  "network-nijmegen": ["network"],
  "workplace-nijmegen": ["network-nijmegen"],
  "workplace-druten": ["network"],
};

describe.skipIf(skipBecause("irvn plan with terraform", terraformMissing()))("irvn plan", () => {
  let project: Project;
  afterEach(async () => project?.remove());

  it("plans every stack in parallel with grouped output, saves the plans and exits 2 on changes", async () => {
    project = await fixtureProject("basic");
    const r = await project.run(plan, [
      "--skip-synth",
      "--parallel",
      "3",
      "--summary-md",
      "summary/plan.md",
      "--summary-json",
      "summary/plan.json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);

    // One write per stack, holding that stack's progress line and its plan, nothing of another's.
    const blocks = r.stdoutWrites.filter((w) => /^\[\d\/5\] /.test(w));
    expect(blocks).toHaveLength(5);
    const finished = blocks.map((b) => /^\[\d\/5\] ([a-z-]+):/.exec(b)![1]!);
    expect([...finished].sort()).toEqual(ORDER);
    for (const block of blocks) {
      expect(block.match(/^\[\d\/5\] /gm)).toHaveLength(1);
      expect(block).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    }
    const blockOf = (stack: string) => blocks[finished.indexOf(stack)]!;
    expect(blockOf("network-nijmegen")).toContain(
      'terraform_data.port_group["nijmegen/beheer"] will be created',
    );
    expect(blockOf("network-nijmegen")).not.toContain("terraform_data.vm");
    expect(blockOf("workplace-druten")).toContain("1 to add, 0 to change, 0 to replace, 0 to destroy");
    // Dependencies finish before their dependents even when stacks run side by side.
    for (const [stack, deps] of Object.entries(DEPENDENCIES)) {
      for (const dep of deps) expect(finished.indexOf(dep)).toBeLessThan(finished.indexOf(stack));
    }

    expect(r.stdoutWrites.at(-1)).toBe(
      "\nirvn plan: 5 of 5 planned stack(s) with changes (10 to add, 0 to change, 0 to replace, 0 to destroy).\n",
    );

    const report = JSON.parse(await readFile(project.path("summary/plan.json"), "utf8")) as PlanReport;
    expect(report.totals).toEqual({ add: 10, change: 0, replace: 0, destroy: 0 });
    expect(report.byMunicipality).toEqual({
      central: { add: 5, change: 0, replace: 0, destroy: 0 },
      druten: { add: 1, change: 0, replace: 0, destroy: 0 },
      nijmegen: { add: 4, change: 0, replace: 0, destroy: 0 },
    });
    expect(report.byType).toEqual({ terraform_data: { add: 10, change: 0, replace: 0, destroy: 0 } });
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual(ORDER.map((s) => [s, "changes"]));

    const markdown = await readFile(project.path("summary/plan.md"), "utf8");
    expect(markdown).toContain(
      "**5 of 5 stacks change**: 10 to add, 0 to change, 0 to replace, 0 to destroy.",
    );
    expect(markdown).toContain("| nijmegen | 4 | 0 | 0 | 0 |");
    expect(markdown).toContain('- `+` `terraform_data.vm["druten/werkplek-0001"]`');

    for (const text of [r.stdout, markdown, JSON.stringify(report)])
      expect(text).not.toContain(FIXTURE_PASSWORD);
    for (const stack of ORDER) {
      expect(existsSync(project.path(".irvn/plans", `${stack}.tfplan`))).toBe(true);
      expect(existsSync(project.path(".irvn/plans", `${stack}.json`))).toBe(true);
    }
  });

  it("plans only the stacks --stack selects and keeps no plan of an earlier run", async () => {
    project = await fixtureProject("basic");
    expect((await project.run(plan, ["--skip-synth"])).code).toBe(2);
    expect(existsSync(project.path(".irvn/plans/network.tfplan"))).toBe(true);
    const r = await project.run(plan, ["--skip-synth", "--stack", "workplace-*", "--stack", "central"]);
    expect(r.code).toBe(2);
    const planned = [...r.stdout.matchAll(/^\[\d\/3\] ([a-z-]+):/gm)].map((m) => m[1]);
    expect([...planned].sort()).toEqual(["central", "workplace-druten", "workplace-nijmegen"]);
    expect(existsSync(project.path(".irvn/plans/network.tfplan"))).toBe(false);
  });

  it("names the failed stack with terraform's message, skips its dependents and exits 1", async () => {
    project = await fixtureProject("basic");
    await project.editStack("network", (json) => {
      json.resource.terraform_data["switch"]!.input = "${var.undeclared}";
    });
    const r = await project.run(plan, ["--skip-synth", "--summary-json", "plan.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[\d\/5\] network: FAILED/);
    expect(r.stderr).toContain("Error: Reference to undeclared input variable");
    expect(r.stderr).not.toMatch(/[│╷╵]/);
    for (const dependent of ["network-nijmegen", "workplace-druten", "workplace-nijmegen"]) {
      expect(r.stderr).toMatch(new RegExp(`${dependent}: not run: it depends on network`));
    }
    expect(r.stdout).toMatch(/\[1\/5\] central: 4 to add/);
    expect(r.stderr).toContain(
      "irvn plan: 4 of 5 stack(s) not planned: network, network-nijmegen, workplace-druten, workplace-nijmegen.",
    );
    const report = JSON.parse(await readFile(project.path("plan.json"), "utf8")) as PlanReport;
    expect(report.stacks.map((s) => s.status)).toEqual([
      "changes",
      "failed",
      "skipped",
      "skipped",
      "skipped",
    ]);
  });

  it("exits 2 for a usage error", async () => {
    project = await fixtureProject("basic");
    await expect(project.run(plan, ["--parallel", "0"])).rejects.toThrow(
      /--parallel must be a whole number ≥ 1/,
    );
    await expect(project.run(plan, ["--skip-synth", "--stack", "nope-*"])).rejects.toThrow(
      /--stack nope-\* matches no stack \(stacks: central, network, /,
    );
  });
});
