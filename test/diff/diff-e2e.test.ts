// End to end, slow (each side is a real synth, ~2 s): a copy of the project in a temporary git
// repository, a change, and `irvn diff` between the refs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diff } from "../../scripts/commands/diff.ts";
import type { DiffReport } from "../../scripts/diff/types.ts";
import { projectRepo, type ProjectRepo } from "../helpers/project-repo.ts";
import { ROOT } from "../helpers/cli.ts";
import { TENANTS } from "./fixture.ts";

/** A municipality's name as its file states it: the review names municipalities so. */
const nameOf = (id: string) =>
  (parse(readFileSync(join(ROOT, "config", "municipalities", `${id}.yaml`), "utf8")) as { name: string })
    .name;

async function runDiff(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await diff(argv, {
    cwd,
    env: process.env,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("irvn diff between git refs", { timeout: 180_000 }, () => {
  let copy: ProjectRepo;
  let repo: string;
  const git = (...args: string[]) => copy.git(...args);
  const edit = (file: string, from: string | RegExp, to: string) => copy.edit(file, from, to);

  beforeAll(async () => {
    copy = await projectRepo("irvn-diff-e2e-");
    repo = copy.repo;
  });
  afterAll(() => copy.remove());

  it("names Druten when its staff doubles, and no change for the other municipalities", async () => {
    edit("config/municipalities/druten.yaml", /people: (\d+)/, "people: 310");
    // and its profile share with it: 264 session-host users' containers need 3,960 GiB
    edit("config/municipalities/druten.yaml", /profileShareGiB: \d+/, "profileShareGiB: 4608");
    try {
      const r = await runDiff(["--base", "HEAD", "--format", "md"], repo);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toMatch(/^### irvn diff: `HEAD \([0-9a-f]{7}\)` → `working tree`/);
      for (const t of TENANTS.filter((x) => x !== "druten"))
        expect(r.stdout).toContain(`- **${nameOf(t)}**: no change\n`);
      expect(r.stdout).toMatch(/^- \*\*Druten\*\*: .*office session VMs/m);
      expect(r.stdout).not.toContain("blast radius");
    } finally {
      await git("checkout", "--", "config");
    }
  });

  it("flags a cluster rename between two commits as a rename of a protected resource", async () => {
    edit("config/region.yaml", "name: IRVN-Werkplek", "name: IRVN-Werkplek-Nieuw");
    await git("commit", "-qam", "rename the workplace cluster");
    const r = await runDiff(["--base", "HEAD~1", "--head", "HEAD", "--format", "json"], repo);
    expect(r.code, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report.changedFiles).toEqual(["config/region.yaml"]);
    expect(report.risks).toContainEqual({
      kind: "rename",
      owner: "central",
      stack: "central",
      subject: 'vsphere_compute_cluster.clusters["werkplek"]',
      protected: true,
      message: expect.stringContaining('name "IRVN-Werkplek" → "IRVN-Werkplek-Nieuw"'),
    });
    expect(report.municipalities.find((m) => m.owner === "central")!.headline).toMatch(/1 cluster changed/);
    const worktrees = (await git("worktree", "list")).stdout.split("\n");
    expect(worktrees).toHaveLength(1);
  });

  it("fails with exit 1 and a hint on an unknown ref, before synthesizing anything", async () => {
    const r = await runDiff(["--base", "no-such-branch"], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"no-such-branch" is not a commit here');
  });

  // (staff would not do: the IP plans show each segment's demand, which counts staff and VMs
  // whenever they arrive)
  it("passes --at to synth on both sides: before the workplaces move, a session host's memory changes nothing", async () => {
    edit("config/catalog.yaml", "    memoryGiB: 48\n", "    memoryGiB: 40\n");
    try {
      const r = await runDiff(["--base", "HEAD", "--at", "start-2015"], repo);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain("- **Druten**: no change\n");
      expect(r.stdout).toContain("- **Nijmegen**: no change\n");
      expect(r.stdout).toContain("- **central**: no change\n");
      // without --at (the target state) the same edit changes Druten's session hosts
      const target = await runDiff(["--base", "HEAD"], repo);
      expect(target.stdout).toMatch(/^- \*\*Druten\*\*: .*office session VMs/m);
    } finally {
      await git("checkout", "--", "config");
    }
  }, 180_000);
});
