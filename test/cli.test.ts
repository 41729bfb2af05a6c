import { describe, expect, it } from "vitest";
import { runBin, runCli } from "./helpers/cli.ts";

describe("irvn command line", () => {
  it("lists the commands and exits 2 without a command", async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: irvn <command>/);
    expect(r.stderr).toMatch(/validate/);
  });

  it("exits 2 on an unknown command and on an unknown option, without a stack trace", async () => {
    const unknown = await runCli(["synthesise"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "synthesise"');
    const option = await runCli(["validate", "--konfig", "x"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--konfig'/);
    expect(option.stderr).not.toMatch(/^\s+at /m);
  });

  it("prints help for a command and exits 0", async () => {
    const r = await runCli(["synth", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: irvn synth/);
  });

  it("validates the reference configuration through the bin shim and reports headroom", async () => {
    const r = await runBin(["validate"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/config: valid \(7 tenants\)/);
    expect(r.stdout).toMatch(/werkplek +[\d,]+ vCPU \(\d+%\)/);
  });
});
