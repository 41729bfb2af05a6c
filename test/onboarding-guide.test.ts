// The operators' guide's "Onboarding a municipality" (scripts/README.md), followed as written on a copy of the project in a
// temporary git repository (origin/main is the reference): its shell commands run in a shell, the
// keys of its first YAML block are set in the copied tenant file, its waves appended to
// migration.yaml. Slow: migrate test walks every wave, diff and plan --changed synthesize twice.
import { execa } from "execa";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.ts";
import { projectRepo, type ProjectRepo } from "./helpers/project-repo.ts";

/** The guide's code blocks, in order, with their info strings. */
function guideBlocks(): { lang: string; text: string }[] {
  const readme = readFileSync(join(ROOT, "scripts", "README.md"), "utf8");
  const start = readme.indexOf("### Onboarding a municipality\n");
  const end = readme.slice(start + 1).search(/\n#{2,4} /) + start + 1;
  expect(start, "scripts/README.md has the section").toBeGreaterThan(0);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** The commands of a sh block, one a line, without their trailing comments. */
const commands = (text: string) =>
  text
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);

describe("the onboarding guide, followed as written", { timeout: 600_000 }, () => {
  let project: ProjectRepo;
  let repo: string;
  let lockBefore: string[];
  const results = new Map<string, { exitCode: number; stdout: string; stderr: string }>();

  beforeAll(async () => {
    project = await projectRepo("irvn-onboarding-", [".irvn/", "migration-plan/"]);
    repo = project.repo;
    const git = project.git;
    await git("update-ref", "refs/remotes/origin/main", "HEAD");
    lockBefore = readFileSync(join(repo, "config", "ipam.lock.yaml"), "utf8").split("\n");

    const [copy, tenant, waves, run, ...rest] = guideBlocks();
    expect([copy?.lang, tenant?.lang, waves?.lang, run?.lang, rest.length]).toEqual([
      "sh",
      "yaml",
      "yaml",
      "sh",
      0,
    ]);
    const sh = (command: string) =>
      execa("bash", ["-c", command], { cwd: repo, env: { CHECKPOINT_DISABLE: "1" }, reject: false });

    // 1. copy
    for (const c of commands(copy!.text)) expect((await sh(c)).exitCode, c).toBe(0);
    // 2. the keys, as written in the guide, set in the copy
    const [fileLine, ...body] = tenant!.text.split("\n");
    const tenantFile = join(repo, fileLine!.replace(/^#\s*/, ""));
    const doc = parseDocument(readFileSync(tenantFile, "utf8"));
    for (const [key, value] of Object.entries(parse(body.join("\n")) as Record<string, unknown>))
      doc.set(key, value);
    writeFileSync(tenantFile, doc.toString());
    // 3. the waves, appended
    const [, ...waveLines] = waves!.text.split("\n");
    const migration = join(repo, "config", "migration.yaml");
    writeFileSync(migration, readFileSync(migration, "utf8") + waveLines.join("\n"));
    // 4. the commands, in order
    for (const c of commands(run!.text)) {
      const r = await sh(c);
      results.set(c.replace(/^npx irvn /, "").split(" ")[0]!, {
        exitCode: r.exitCode ?? -1,
        stdout: r.stdout,
        stderr: r.stderr,
      });
    }
  });
  afterAll(() => project.remove());

  const result = (command: string) => {
    const r = results.get(command);
    expect(r, `the guide runs irvn ${command}`).toBeDefined();
    return r!;
  };

  it("irvn ipam allocates for Overbetuwe, only adding lines to the lock", () => {
    const r = result("ipam");
    expect(r.exitCode, r.stderr).toBe(0);
    const lockAfter = readFileSync(join(repo, "config", "ipam.lock.yaml"), "utf8").split("\n");
    expect(lockBefore.filter((l) => !lockAfter.includes(l))).toEqual([]);
    const added = lockAfter.filter((l) => !lockBefore.includes(l));
    expect(added.length).toBeGreaterThan(5);
    expect(added.every((l) => l.startsWith("  overbetuwe"))).toBe(true);
  });

  it("irvn validate finds nothing wrong", () => {
    const r = result("validate");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("config: valid (8 tenants)");
  });

  it("irvn migrate test proves every state, the new waves included", () => {
    const r = result("migrate");
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/walked 16 states/);
  });

  it("irvn diff shows Overbetuwe's additions, central's new tags and documents, and no other change", () => {
    const r = result("diff");
    expect(r.exitCode, r.stderr).toBe(2);
    // the review names municipalities as their files do
    for (const name of [
      "Beuningen",
      "Berg en Dal",
      "Druten",
      "Heumen",
      "Mook en Middelaar",
      "Nijmegen",
      "Wijchen",
    ])
      expect(r.stdout).toContain(`- **${name}**: no change\n`);
    const line = (owner: string) => r.stdout.split("\n").find((l) => l.startsWith(`- **${owner}**: `))!;
    expect(line("Overbetuwe")).toMatch(
      /^- \*\*Overbetuwe\*\*: \+2 stacks, (\+\d+ [A-Za-z -]+, )+\+5 documents$/,
    );
    // its tenant tag and four wave tags; the region-wide documents (IP plan, inputs, zones) now count eight
    expect(line("central")).toMatch(/^- \*\*central\*\*: \+5 tags, \d+ documents changed$/);
    expect(r.stdout).not.toMatch(/removed|replaced|Risks/);
  });

  it("irvn plan --changed --list names central and Overbetuwe's own stacks", () => {
    const r = result("plan");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(["central", "network-overbetuwe", "workplace-overbetuwe"]);
  });
});
