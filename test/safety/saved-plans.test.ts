// Saved plans on a bad day (issue 13, items 4, 6 and 8): a plan record removed, null or with a
// date that is not one; the plans directory or a summary file where nothing can be written.
// apply refuses, everything is one line with exit 1, and nothing is applied.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../scripts/cli.ts";
import { fixtureProject, skipBecause, terraformMissing, type Project } from "../terraform/helpers.ts";
import { tmpfs } from "./helpers.ts";

/** Through the command line's own error handling, as a user runs it. */
async function irvnIn(project: Project, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd: project.dir,
    env: project.env,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

const applied = (project: Project) => existsSync(project.path("apply-order.log"));

describe.skipIf(skipBecause("saved plans with terraform", terraformMissing()))(
  "saved plans",
  { timeout: 120_000 },
  () => {
    let project: Project;
    afterEach(async () => project?.remove());

    it("a removed plan record: its dependents are refused, nothing is applied", async () => {
      project = await fixtureProject("basic");
      expect((await irvnIn(project, ["plan", "--skip-synth"])).code).toBe(2);
      rmSync(project.path(".irvn/plans/central.json"));
      const r = await irvnIn(project, ["apply"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("irvn apply: refused, nothing was applied:\n");
      expect(r.stderr).toContain(
        "  - network: it depends on central, which the latest plan covered but whose saved plan is gone. Run `irvn plan` again.\n",
      );
      expect(applied(project)).toBe(false);
    });

    it("a null record and a record whose date is not one: refused as not irvn's, no NaN, no trace", async () => {
      project = await fixtureProject("basic");
      expect(
        (await irvnIn(project, ["plan", "--skip-synth", "--stack", "central", "--stack", "network"])).code,
      ).toBe(2);
      writeFileSync(project.path(".irvn/plans/central.json"), "null\n");
      const record = project.path(".irvn/plans/network.json");
      await writeFile(
        record,
        (await readFile(record, "utf8")).replace(/"createdAt": "[^"]*"/, '"createdAt": "yesterday"'),
      );
      const r = await irvnIn(project, ["apply"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "irvn apply: refused, nothing was applied:\n" +
          "  - central: the plan record .irvn/plans/central.json is not one irvn wrote. Run `irvn plan` again and review it.\n" +
          "  - network: the plan record .irvn/plans/network.json is not one irvn wrote. Run `irvn plan` again and review it.\n",
      );
      expect(applied(project)).toBe(false);
    });

    it("a plans directory and summary files that cannot be written: one line each, exit 1", async () => {
      project = await fixtureProject("basic");
      writeFileSync(project.path(".irvn"), "a file where the plans directory belongs\n");
      const plans = await irvnIn(project, ["plan", "--skip-synth", "--stack", "central"]);
      expect(plans.code).toBe(1);
      expect(plans.stderr).toMatch(
        /^irvn plan: cannot .*\.irvn\/plans: a part of the path is a file.* \(ENOTDIR\)\n$/,
      );

      rmSync(project.path(".irvn"));
      writeFileSync(project.path("notes.txt"), "a file\n");
      const summary = await irvnIn(project, [
        "plan",
        "--skip-synth",
        "--stack",
        "central",
        "--summary-md",
        "notes.txt/plan.md",
      ]);
      expect(summary.code).toBe(1);
      expect(summary.stderr).toMatch(
        /^irvn plan: cannot create the directory notes\.txt: a file of that name is in the way of the directory.* \(EEXIST\)\n$/,
      );

      const directory = await irvnIn(project, [
        "plan",
        "--skip-synth",
        "--stack",
        "central",
        "--summary-json",
        "cdktf.out",
      ]);
      expect(directory.code).toBe(1);
      expect(directory.stderr).toMatch(
        /^irvn plan: cannot open cdktf\.out: it is a directory, where a file was expected.* \(EISDIR\)\n$/,
      );
    });

    it("a summary on a read-only file system: one line, exit 1", async (t) => {
      project = await fixtureProject("basic");
      mkdirSync(project.path("ro"));
      const unmount = tmpfs(project.path("ro"), "size=64k,ro");
      if (unmount === undefined) {
        console.log("SKIPPED: a read-only tmpfs cannot be mounted here");
        return t.skip();
      }
      try {
        const r = await irvnIn(project, [
          "plan",
          "--skip-synth",
          "--stack",
          "central",
          "--summary-md",
          "ro/plan.md",
        ]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          /^irvn plan: cannot .*ro\/plan\.md: the file system is read-only.* \(EROFS\)\n$/,
        );
      } finally {
        unmount();
      }
    });
  },
);
