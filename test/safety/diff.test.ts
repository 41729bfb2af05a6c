// `irvn diff` on a bad day (issue 13, items 4, 7 and 8): its two worktrees are added one after the
// other (git races on its own files when two adds run at once); an interrupted run removes its
// worktrees and scratch directory, and what a killed run left is removed by the next; a base whose
// own code cannot synthesize is named as such, without relaying that code's stack trace.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execaSync } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Checkout, checkout, irvn, startIrvn } from "./helpers.ts";

const scratchOf = (pid: number | undefined) =>
  readdirSync(tmpdir()).filter((n) => n.startsWith(`irvn-diff-${pid}-`));

describe("irvn diff", { timeout: 180_000 }, () => {
  let c: Checkout;
  let shim: string;
  const worktrees = () => c.git("worktree", "list").split("\n");

  beforeAll(() => {
    c = checkout({ withCode: true });
    // a git that takes its time adding a worktree and logs when it starts and ends
    shim = mkdtempSync(join(tmpdir(), "irvn-git-shim-"));
    const real = execaSync("sh", ["-c", "command -v git"]).stdout;
    writeFileSync(
      join(shim, "git"),
      `#!/bin/sh\nif [ "$1" = worktree ] && [ "$2" = add ]; then\n  echo start >> "${shim}/log"; sleep 0.5\n  "${real}" "$@"; rc=$?\n  echo end >> "${shim}/log"; exit $rc\nfi\nexec "${real}" "$@"\n`,
    );
    chmodSync(join(shim, "git"), 0o755);
  });
  afterAll(() => {
    c.remove();
    rmSync(shim, { recursive: true, force: true });
  });

  it("adds the two worktrees one after the other, and removes them and its scratch directory", async () => {
    const run = startIrvn(["diff", "--base", "HEAD", "--head", "HEAD"], {
      cwd: c.root,
      env: { PATH: `${shim}:${process.env.PATH}` },
    });
    const r = await run;
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(readFileSync(join(shim, "log"), "utf8")).toBe("start\nend\nstart\nend\n");
    expect(worktrees()).toHaveLength(1);
    expect(scratchOf(run.pid)).toEqual([]);
  });

  it("interrupted: says so, exits 143, and leaves no worktree or scratch directory", async () => {
    const fault = { nth: 1, path: "node_modules$", signal: "SIGTERM" } as const;
    const run = startIrvn(["diff", "--base", "HEAD", "--head", "HEAD"], { cwd: c.root, fault });
    const r = await run;
    expect(r.exitCode, String(r.stderr)).toBe(143);
    expect(r.stderr).toContain("irvn diff: interrupted by SIGTERM");
    expect(worktrees()).toHaveLength(1);
    expect(scratchOf(run.pid)).toEqual([]);
  });

  it("killed: the next run removes the worktree and scratch directory it left, and succeeds", async () => {
    // killed once its base worktree is in place
    const killed = startIrvn(["diff", "--base", "HEAD", "--head", "HEAD"], {
      cwd: c.root,
      fault: { nth: 1, path: "node_modules$" },
    });
    expect((await killed).signal).toBe("SIGKILL");
    const pid = killed.pid;
    expect(worktrees().length).toBeGreaterThan(1);
    expect(scratchOf(pid)).not.toEqual([]);
    const next = await irvn(["diff", "--base", "HEAD", "--head", "HEAD"], { cwd: c.root });
    expect(next.code, next.stderr).toBe(0);
    expect(worktrees()).toHaveLength(1);
    expect(scratchOf(pid)).toEqual([]);
  });

  it("names a base whose own code cannot synthesize, without relaying its stack trace", async () => {
    c.git("rm", "-q", "scripts/commands/synth.ts");
    c.git("commit", "-qm", "a commit from before irvn synth");
    c.git("checkout", "-q", "HEAD~1", "--", "scripts/commands/synth.ts");
    c.git("commit", "-qm", "irvn synth");
    const r = await irvn(["diff", "--base", "HEAD~1"], { cwd: c.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^irvn diff: synth of HEAD~1 \([0-9a-f]{7}\) failed:\nthe code of that commit cannot synthesize as irvn diff asks \(its own `irvn synth --config config --out DIR` stopped with an internal error\): it predates a working irvn synth; compare against a later commit\.$/m,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(worktrees()).toHaveLength(1);
  });
});
