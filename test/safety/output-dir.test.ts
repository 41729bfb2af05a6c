// Output directories (issue 13, items 1 and 4): no --out value replaces the checkout, the
// configuration, .git, a file or a directory irvn did not write; a synth killed or interrupted at
// any step of the replacement leaves the previous or the new output, never a mix or nothing for
// good, and whatever it left is settled by the next run and ignored by git meanwhile.
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { skipBecause, terraformMissing } from "../terraform/helpers.ts";
import { type Checkout, checkout, digest, irvn, irvnLeftovers } from "./helpers.ts";

const REFUSED = [
  ["", /--out "" is empty/],
  [".", /--out "\." is the checkout/],
  ["./", /--out "\.\/" is the checkout/],
  ["..", /--out "\.\." holds the checkout/],
  ["config", /--out "config" is the configuration directory/],
  ["config/municipalities", /is inside the configuration directory/],
  ["config/new", /is inside the configuration directory/],
  [".git", /--out "\.git" is \.git/],
  [".git/objects", /is inside \.git/],
  ["notes.txt", /exists and is not a directory/],
  ["foreign", /holds files irvn did not write/],
  ["link-out", /is a symbolic link/],
] as const;

const COMMANDS = [["synth"], ["migrate", "plan"], ["plan"], ["providers", "lock"]];

describe("--out values that are refused", () => {
  let c: Checkout;
  beforeAll(() => {
    c = checkout();
    writeFileSync(join(c.root, "notes.txt"), "keep me\n");
    mkdirSync(join(c.root, "foreign"));
    writeFileSync(join(c.root, "foreign", "report.md"), "keep me too\n");
    symlinkSync("foreign", join(c.root, "link-out"));
  });
  afterAll(() => c.remove());

  for (const command of COMMANDS) {
    it(`irvn ${command.join(" ")} exits 2 and changes nothing`, async () => {
      for (const [out, message] of REFUSED) {
        const before = digest(c.root);
        const r = await runCli([...command, "--out", out], c.root);
        expect(r.code, `--out "${out}": ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(digest(c.root), `--out "${out}"`).toEqual(before);
      }
    });
  }

  it("refuses the configuration directory given elsewhere than the working directory", async () => {
    const r = await runCli(["synth", "--config", c.config, "--out", join(c.config, "..", "config")], "/");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is the configuration directory");
  });
});

describe("the directories synth replaces", () => {
  let c: Checkout;
  beforeAll(() => (c = checkout()));
  afterAll(() => c.remove());

  it("writes a marker, replaces a directory with it or an older irvn's output, and an empty one", async () => {
    const out = join(c.root, "out");
    expect((await runCli(["synth", "--out", out], c.root)).code).toBe(0);
    expect(existsSync(join(out, ".irvn-output"))).toBe(true);
    writeFileSync(join(out, "stray.txt"), "written by hand\n");
    expect((await runCli(["synth", "--out", out], c.root)).code).toBe(0);
    expect(existsSync(join(out, "stray.txt"))).toBe(false);

    rmSync(join(out, ".irvn-output")); // as an earlier irvn left it: manifest.json, stacks, docs
    expect((await runCli(["synth", "--out", out], c.root)).code).toBe(0);

    const empty = join(c.root, "empty");
    mkdirSync(empty);
    expect((await runCli(["synth", "--out", empty], c.root)).code).toBe(0);
    expect(irvnLeftovers(c.root)).toEqual([]);
  });
});

/** Terraform's working state in a stack, which a new output must carry over. */
function fakeTerraformState(out: string): void {
  mkdirSync(join(out, "stacks", "central", ".terraform"), { recursive: true });
  writeFileSync(join(out, "stacks", "central", ".terraform", "state"), "init\n");
}

describe("a synth killed or interrupted while it replaces the output", { timeout: 180_000 }, () => {
  let c: Checkout;
  let previous: Record<string, string>;
  let next: Record<string, string>;
  const out = () => join(c.root, "cdktf.out");
  /** The output as synth wrote it, without the terraform state carried over. */
  const synthesized = () =>
    Object.fromEntries(Object.entries(digest(out())).filter(([p]) => !p.includes(".terraform")));
  const untracked = () => c.git("status", "--porcelain", "--untracked-files=all");

  beforeAll(async () => {
    c = checkout();
    expect((await runCli(["synth", "--out", join(c.root, "next")], c.root)).code).toBe(0);
    c.edit("config/municipalities/druten.yaml", /people: \d+/, "people: 310");
    expect((await runCli(["synth", "--out", join(c.root, "next")], c.root)).code).toBe(0);
    next = digest(join(c.root, "next"));
    rmSync(join(c.root, "next"), { recursive: true });
    c.git("stash", "-q");
    expect((await runCli(["synth"], c.root)).code).toBe(0);
    previous = { ...synthesized() };
    c.git("stash", "pop", "-q");
  });
  afterAll(() => c.remove());

  // the next synth writes `next`; after a kill at each point the output is the previous one, the
  // new one, or (between the two renames) set aside until the next command puts it back
  const KILLED = [
    ["output.written", "previous"],
    ["output.carried-over", "previous"],
    ["output.set-aside", "set aside"],
    ["output.swapped", "next"],
  ] as const;

  for (const [point, left] of KILLED) {
    it(`killed at ${point}: the ${left} output, nothing for git to see, and the next run settles it`, async () => {
      c.git("stash", "-q");
      expect((await runCli(["synth"], c.root)).code).toBe(0);
      c.git("stash", "pop", "-q");
      fakeTerraformState(out());

      const killed = await irvn(["synth"], { cwd: c.root, fault: point });
      expect(killed.signal).toBe("SIGKILL");
      expect(untracked()).toBe(" M config/municipalities/druten.yaml");
      if (left === "previous") expect(synthesized()).toEqual(previous);
      if (left === "next") expect(synthesized()).toEqual(next);
      if (left === "set aside") expect(existsSync(out())).toBe(false);

      const again = await runCli(["synth"], c.root);
      expect(again.code, again.stderr).toBe(0);
      expect(synthesized()).toEqual(next);
      expect(existsSync(join(out(), "stacks", "central", ".terraform", "state"))).toBe(true);
      expect(irvnLeftovers(c.root)).toEqual([]);
    });
  }

  it.skipIf(skipBecause("put back by apply", terraformMissing()))(
    "killed between the renames: the next plan or apply puts the previous output back",
    async () => {
      c.git("stash", "-q");
      expect((await runCli(["synth"], c.root)).code).toBe(0);
      c.git("stash", "pop", "-q");
      expect((await irvn(["synth"], { cwd: c.root, fault: "output.set-aside" })).signal).toBe("SIGKILL");
      const r = await runCli(["apply", "--stack", "nothing-matches"], c.root);
      expect(r.stderr).toContain("put back");
      expect(synthesized()).toEqual(previous);
      expect(irvnLeftovers(c.root)).toEqual([]);
    },
  );

  const INTERRUPTED = [
    ["output.written", "SIGTERM", 143, "previous"],
    ["output.set-aside", "SIGINT", 130, "next"],
  ] as const;

  for (const [point, signal, code, left] of INTERRUPTED) {
    it(`${signal} at ${point}: says so, exits ${code}, leaves the ${left} output and no temporary file`, async () => {
      c.git("stash", "-q");
      expect((await runCli(["synth"], c.root)).code).toBe(0);
      c.git("stash", "pop", "-q");
      const r = await irvn(["synth"], { cwd: c.root, fault: `${point}:${signal}` });
      expect(r.code).toBe(code);
      expect(r.stderr).toContain(`irvn synth: interrupted by ${signal}`);
      expect(synthesized()).toEqual(left === "previous" ? previous : next);
      expect(irvnLeftovers(c.root)).toEqual([]);
    });
  }
});
