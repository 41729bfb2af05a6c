// The bin shim runs the dist/ bundle while it is fresh, and the TypeScript sources as soon as
// one is newer: an edited checkout never runs stale code.
import { execa } from "execa";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.ts";

describe("scripts/bin/irvn.js", () => {
  let copy: string;
  const irvn = (...args: string[]) =>
    execa("node", [join(copy, "scripts", "bin", "irvn.js"), ...args], { cwd: copy, reject: false });

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), "irvn-bin-"));
    for (const dir of ["scripts", "stacks", "templates", "config"])
      cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(copy, "package.json"));
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
    await execa("node", ["--import", "tsx", join(copy, "scripts", "build.ts")], { cwd: copy });
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("runs the bundle built by npm ci", async () => {
    const r = await irvn("validate");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("config: valid (7 tenants)");
  });

  it("runs the sources once one is newer than the bundle", async () => {
    const cli = join(copy, "scripts", "cli.ts");
    writeFileSync(
      cli,
      readFileSync(cli, "utf8").replace(
        "usage: irvn <command> [options]",
        "usage: irvn <command> [options] (edited)",
      ),
    );
    const later = new Date(Date.now() + 60_000);
    utimesSync(cli, later, later);
    const r = await irvn("--help");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("(edited)");
  });
});
