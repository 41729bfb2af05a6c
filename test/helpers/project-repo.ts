// A copy of the project in a temporary git repository, its reference configuration committed:
// for the end-to-end tests that compare git refs (irvn diff, plan --changed, the onboarding guide).
import { execa } from "execa";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { ROOT } from "./cli.ts";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.org",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.org",
};
/** What `irvn` needs to run in the copy; node_modules is shared through a symlink. */
const COPIED = ["config", "stacks", "scripts", "templates", "package.json", "tsconfig.json"];

export interface ProjectRepo {
  readonly repo: string;
  git(...args: string[]): Promise<{ readonly stdout: string }>;
  /** Replaces `from` in a file of the copy; fails the test when the file does not contain it. */
  edit(file: string, from: string | RegExp, to: string): void;
  remove(): void;
}

/** `ignored`: more .gitignore lines than node_modules and cdktf.out/. */
export async function projectRepo(prefix: string, ignored: readonly string[] = []): Promise<ProjectRepo> {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const repo = join(scratch, "repo");
  for (const entry of COPIED)
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(repo, entry), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"), "dir");
  writeFileSync(join(repo, ".gitignore"), ["node_modules", "cdktf.out/", ...ignored, ""].join("\n"));
  const git = (...args: string[]) => execa("git", args, { cwd: repo, env: GIT_ENV });
  await git("init", "-q");
  await git("add", ".");
  await git("commit", "-qm", "reference configuration");
  return {
    repo,
    git,
    edit: (file, from, to) => {
      const path = join(repo, file);
      const before = readFileSync(path, "utf8");
      const after = before.replace(from, to);
      expect(after, `${file} should contain ${String(from)}`).not.toBe(before);
      writeFileSync(path, after);
    },
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
