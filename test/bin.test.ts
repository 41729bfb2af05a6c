// The bin shim runs the dist/ bundle while it is fresh, and the TypeScript sources as soon as
// one (or a template) is newer: an edited checkout never runs stale code. The bundle, with its
// precompiled templates, writes what the sources write.
import { execa } from "execa";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "./helpers/cli.ts";

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

  it("writes with the bundle, templates precompiled, what the sources write", async () => {
    const bundled = await irvn("synth", "--out", join(copy, "out-bundle"));
    expect(bundled.exitCode, bundled.stderr).toBe(0);
    // the same sources, run in-process through tsx as the tests run them
    const sources = await runCli(["synth", "--out", join(copy, "out-sources")], copy);
    expect(sources.code, sources.stderr).toBe(0);
    const files = (dir: string) =>
      readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => statSync(join(dir, f)).isFile())
        .sort()
        .map((f) => [f, readFileSync(join(dir, f), "utf8")]);
    // every template is in the bundle precompiled, so none is compiled (or read) at run time
    const chunks = files(join(copy, "dist"))
      .map(([, text]) => text!)
      .join("\n");
    const templates = readdirSync(join(copy, "templates"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".hbs"))
      .map((f) => f.slice(0, -".hbs".length));
    expect(templates.length).toBeGreaterThan(10);
    for (const name of templates) expect(chunks).toContain(`${JSON.stringify(name)}: {`);
    const written = files(join(copy, "out-bundle"));
    expect(written.filter(([f]) => f!.startsWith("docs/")).length).toBeGreaterThan(40);
    expect(written).toEqual(files(join(copy, "out-sources")));
  });

  it("runs the sources once a template is newer than the bundle", async () => {
    const template = join(copy, "templates", "network", "region-ip-plan.md.hbs");
    writeFileSync(template, readFileSync(template, "utf8").replace(/^# /m, "# (edited) "));
    const later = new Date(Date.now() + 60_000);
    utimesSync(template, later, later);
    const r = await irvn("synth", "--out", join(copy, "out-edited"));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(copy, "out-edited", "docs", "network", "ip-plan.md"), "utf8")).toMatch(
      /^# \(edited\) /m,
    );
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
