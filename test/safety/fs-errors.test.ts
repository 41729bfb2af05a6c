// File-system failures (issue 13, item 6): a read-only or full file system, a directory irvn may
// not read or write, a path through a file, a directory where a file belongs. Each is one line
// naming the path and what to do, exit 1, never "internal error" or a stack trace; a failed synth
// leaves the previous output as it was and no temporary directory.
import { execaSync } from "execa";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSystemError } from "../../scripts/system-errors.ts";
import { runCli } from "../helpers/cli.ts";
import { type Checkout, checkout, digest, irvn, irvnLeftovers, tmpfs, unprivileged } from "./helpers.ts";

/** One line, exit 1, no trace. */
function expectOneLine(r: { code: number | undefined; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
}

describe("file-system errors on real file systems", { timeout: 120_000 }, () => {
  let c: Checkout;
  let mounts: string;
  const unmount: (() => void)[] = [];
  beforeAll(() => {
    c = checkout();
    mounts = mkdtempSync(join(tmpdir(), "irvn-mounts-"));
  });
  afterAll(() => {
    for (const u of unmount) u();
    rmSync(mounts, { recursive: true, force: true });
    c.remove();
  });

  /** A tmpfs, or a skipped test where this machine does not allow mounting one. */
  const mount = (name: string, options: string): string | undefined => {
    const dir = join(mounts, name);
    mkdirSync(dir);
    const u = tmpfs(dir, options);
    if (u === undefined) {
      console.log(`SKIPPED: a tmpfs (${options}) cannot be mounted here`);
      return undefined;
    }
    unmount.push(u);
    return dir;
  };

  it("EROFS: --out on a read-only file system", async (t) => {
    const ro = mount("ro", "size=1m,ro");
    if (ro === undefined) return t.skip();
    const r = await runCli(["synth", "--out", join(ro, "out")], c.root);
    expectOneLine(
      r,
      /^irvn synth: cannot create the lock file .*\/ro\/\.irvn-lock-out: the file system is read-only.* \(EROFS\)$/m,
    );
  });

  it("ENOSPC: a full disk keeps the previous output and leaves no temporary directory", async (t) => {
    const probe = join(c.root, "probe");
    expect((await runCli(["synth", "--out", probe], c.root)).code).toBe(0);
    const kib = Number(execaSync("du", ["-sk", probe]).stdout.split("\t")[0]);
    rmSync(probe, { recursive: true });
    // room for one output and a half: the second synth runs out of space while writing
    const small = mount("small", `size=${Math.ceil(kib * 1.5)}k`);
    if (small === undefined) return t.skip();
    const out = join(small, "out");
    expect((await runCli(["synth", "--out", out], c.root)).code).toBe(0);
    const before = digest(small);
    const r = await runCli(["synth", "--out", out], c.root);
    expectOneLine(
      r,
      /^irvn synth: cannot (write|open|create the directory) .*out.*: no space left on the device.* \(ENOSPC\)$/m,
    );
    expect(digest(small)).toEqual(before);
    expect(irvnLeftovers(small)).toEqual([]);
  });

  it("EACCES: a configuration directory irvn may not read, an output directory it may not write", async (t) => {
    const as = unprivileged();
    if ("reason" in as) {
      console.log(`SKIPPED: ${as.reason}`);
      return t.skip();
    }
    const { via } = as;
    chmodSync(c.root, 0o755);
    const locked = join(c.root, "locked");
    cpSync(c.config, join(locked, "config"), { recursive: true });
    chmodSync(join(locked, "config", "municipalities"), 0o000);
    const read = await irvn(["validate", "--config", join(locked, "config")], { cwd: c.root, via });
    expect(read.code, read.stderr).toBe(1);
    expect(read.stderr).toMatch(/municipalities.*permission denied/);
    expect(read.stderr).not.toMatch(/internal error|^\s+at /m);

    chmodSync(locked, 0o555);
    const write = await irvn(["synth", "--out", join(locked, "out")], { cwd: c.root, via });
    expectOneLine(write, /^irvn synth: cannot .*locked.*: permission denied.* \(EACCES\)$/m);
  });

  it("ENOTDIR: --out through a file", async () => {
    writeFileSync(join(c.root, "notes.txt"), "a file\n");
    const through = await runCli(["synth", "--out", "notes.txt/out"], c.root);
    expectOneLine(
      through,
      /^irvn synth: cannot .*notes\.txt\/out: a part of the path is a file.* \(ENOTDIR\)$/m,
    );
  });
});

describe("describeSystemError", () => {
  const error = (code: string, syscall: string, path?: string, dest?: string) =>
    Object.assign(new Error(`${code}: x`), { code, syscall, path, dest }) as NodeJS.ErrnoException;
  it.each([
    ["EROFS", "mkdir", "/p/out", "cannot create the directory out: the file system is read-only"],
    ["EACCES", "open", "/p/config/region.yaml", "cannot open config/region.yaml: permission denied"],
    ["ENOENT", "scandir", "/p/config", "cannot list the directory config: no such file or directory"],
    ["ENOSPC", "write", "/p/out", "cannot write out: no space left on the device"],
    ["ENOTEMPTY", "rmdir", "/p/.irvn/plans", "cannot remove .irvn/plans: the directory is not empty"],
    ["EISDIR", "open", "/p/plan.md", "cannot open plan.md: it is a directory, where a file was expected"],
    ["ENOTDIR", "mkdir", "/p/a/b", "cannot create the directory a/b: a part of the path is a file"],
  ])("%s", (code, syscall, path, start) => {
    const line = describeSystemError(error(code, syscall, path), "/p");
    expect(line.startsWith(start), line).toBe(true);
    expect(line.endsWith(`(${code})`)).toBe(true);
  });
});
