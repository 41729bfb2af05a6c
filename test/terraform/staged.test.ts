// A staged rollout with the real terraform: a stack that finds what its upstream stack creates
// waits while that stack has planned changes, and is planned in the next round, after the apply.
import { afterEach, describe, expect, it } from "vitest";
import { apply } from "../../scripts/commands/apply.ts";
import { plan } from "../../scripts/commands/plan.ts";
import type { PlanReport } from "../../scripts/terraform/plan-report.ts";
import { fixtureProject, skipBecause, terraformMissing, type Project } from "./helpers.ts";
import { readFile } from "node:fs/promises";

describe.skipIf(skipBecause("staged rollout with terraform", terraformMissing()))("a staged rollout", () => {
  let project: Project;
  afterEach(async () => project?.remove());

  it("without waiting, the dependent's plan fails: its lookup finds nothing yet", async () => {
    project = await fixtureProject("staged");
    const r = await project.run(plan, ["--skip-synth", "--stack", "workplace-druten"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/workplace-druten: FAILED/);
  });

  it("plans upstream first, applies it, then plans the dependents, and says which wait for which", async () => {
    project = await fixtureProject("staged");

    const first = await project.run(plan, [
      "--skip-synth",
      "--summary-json",
      "round1.json",
      "--summary-md",
      "round1.md",
    ]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(/^\[1\/2\] central: 1 to add/m);
    expect(first.stdout).toMatch(
      /^\[2\/2\] workplace-druten: waits for central \(outputs changed\): it looks up what the plan there changes \(apply, then plan again\)$/m,
    );
    expect(first.stdout).toContain(
      "irvn plan: 1 stack(s) wait for the changes above to be applied: workplace-druten.",
    );
    const report = JSON.parse(await readFile(project.path("round1.json"), "utf8")) as PlanReport;
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["central", "changes"],
      ["workplace-druten", "waiting"],
    ]);
    expect(await readFile(project.path("round1.md"), "utf8")).toContain(
      "**1 of 2 stacks change**, **1 wait for those changes to be applied**",
    );

    const applied = await project.run(apply, []);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/central: applied, 1 to add/);

    const second = await project.run(plan, ["--skip-synth"]);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(2);
    expect(second.stdout).toMatch(/^\[\d\/2\] central: no changes/m);
    expect(second.stdout).toMatch(/^\[\d\/2\] workplace-druten: 1 to add/m);
    expect((await project.run(apply, [])).code).toBe(0);

    const third = await project.run(plan, ["--skip-synth"]);
    expect(third.code).toBe(0);
  });
});
