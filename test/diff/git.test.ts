// The git helpers against real git in a temporary repository (no synth: fast).
import { execa } from "execa";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedFiles, GitError, repoRoot, resolveCommit, untrackedFiles } from "../../scripts/diff/git.ts";
import { withWorktree } from "../../scripts/diff/worktree.ts";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.org",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.org",
};
const git = (cwd: string, ...args: string[]) => execa("git", args, { cwd, env: GIT_ENV });

describe("git helpers", () => {
  let scratch: string;
  let repo: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "irvn-git-"));
    repo = join(scratch, "repo");
    mkdirSync(join(repo, "config", "municipalities"), { recursive: true });
    mkdirSync(join(repo, "node_modules", "some-package"), { recursive: true });
    writeFileSync(join(repo, "node_modules", "some-package", "index.js"), "shared\n");
    writeFileSync(join(repo, ".gitignore"), "node_modules\n");
    writeFileSync(join(repo, "config", "region.yaml"), "a: 1\n");
    writeFileSync(join(repo, "config", "municipalities", "druten.yaml"), "name: Druten\n");
    await git(repo, "init", "-q");
    await git(repo, "add", ".");
    await git(repo, "commit", "-qm", "base");
    writeFileSync(join(repo, "config", "municipalities", "druten.yaml"), "name: Druten\nstaff: 2\n");
    writeFileSync(join(repo, "README"), "outside config\n");
    await git(repo, "add", ".");
    await git(repo, "commit", "-qm", "druten");
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("finds the repository root from a subdirectory", async () => {
    expect(await repoRoot(join(repo, "config"))).toBe(repo);
  });

  it("resolves refs to commits, and says how to fix an unknown one", async () => {
    expect(await resolveCommit("HEAD~1", repo)).toMatch(/^[0-9a-f]{40}$/);
    const err = await resolveCommit("no-such-branch", repo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).message).toContain('"no-such-branch" is not a commit here');
  });

  it("lists config files changed between commits and in the working tree, untracked ones included", async () => {
    expect(await changedFiles(repo, "HEAD~1", "HEAD", "config/")).toEqual([
      "config/municipalities/druten.yaml",
    ]);
    await git(repo, "mv", "config/municipalities/druten.yaml", "config/municipalities/drüten.yaml");
    try {
      expect(await changedFiles(repo, "HEAD", undefined, "config/")).toEqual([
        "config/municipalities/druten.yaml",
        "config/municipalities/drüten.yaml",
      ]);
    } finally {
      await git(repo, "mv", "config/municipalities/drüten.yaml", "config/municipalities/druten.yaml");
    }
    writeFileSync(join(repo, "config", "region.yaml"), "a: 2\n");
    writeFileSync(join(repo, "config", "municipalities", "ooij.yaml"), "name: Ooij\n");
    try {
      expect(await changedFiles(repo, "HEAD", undefined, "config/")).toEqual(["config/region.yaml"]);
      expect(await untrackedFiles(repo, "config/")).toEqual(["config/municipalities/ooij.yaml"]);
    } finally {
      await git(repo, "checkout", "--", "config");
      rmSync(join(repo, "config", "municipalities", "ooij.yaml"));
    }
  });

  it("checks out a commit in a temporary worktree with the shared node_modules, and removes it afterwards", async () => {
    const dir = join(scratch, "wt-ok");
    const seen = await withWorktree(repo, "HEAD~1", dir, async (checkout) => ({
      druten: readFileSync(join(checkout, "config", "municipalities", "druten.yaml"), "utf8"),
      shared: readFileSync(join(checkout, "node_modules", "some-package", "index.js"), "utf8"),
    }));
    expect(seen).toEqual({ druten: "name: Druten\n", shared: "shared\n" });
    expect(existsSync(dir)).toBe(false);
    expect((await git(repo, "worktree", "list")).stdout.split("\n")).toHaveLength(1);
  });

  it("removes the worktree when the work fails, and leaves the shared node_modules alone", async () => {
    const dir = join(scratch, "wt-fail");
    await expect(
      withWorktree(repo, "HEAD", dir, async (checkout) => {
        writeFileSync(join(checkout, "scratch-output.txt"), "untracked\n");
        throw new Error("synth blew up");
      }),
    ).rejects.toThrow("synth blew up");
    expect(existsSync(dir)).toBe(false);
    expect((await git(repo, "worktree", "list")).stdout.split("\n")).toHaveLength(1);
    expect(readFileSync(join(repo, "node_modules", "some-package", "index.js"), "utf8")).toBe("shared\n");
  });
});
