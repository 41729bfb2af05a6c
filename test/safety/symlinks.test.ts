// Secrets (issue 13, item 3): a configuration file that is a symbolic link, committable in a merge
// request, to /proc/self/environ or to any file outside the configuration directory is refused
// unread; no command prints a value of the environment; and a secret quoted back from a file in a
// message is masked like every other output.
import { execa } from "execa";
import { mkdirSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN } from "../helpers/cli.ts";
import { terraformMissing } from "../terraform/helpers.ts";
import { type Checkout, checkout } from "./helpers.ts";

const SECRET = "S3cretPassw0rd-not-real";
const CANARY = "canary-value-of-issue-13";
/** First in the environment: what a leak of /proc/self/environ would show first. */
const ENV = {
  PG_CONN_STR: `postgres://irvn:${SECRET}@db.example.nl/terraform`,
  IRVN_CANARY: CANARY,
  TF_VAR_vsphere_password: SECRET,
};

async function run(argv: string[], cwd: string) {
  const r = await execa("node", [BIN, ...argv], {
    cwd,
    env: { ...ENV, ...process.env, CHECKPOINT_DISABLE: "1" },
    extendEnv: false,
    reject: false,
  });
  return { code: r.exitCode, output: `${r.stdout}\n${r.stderr}` };
}

const OUTSIDE =
  "config/municipalities/leak.yaml:1:1  a symbolic link to a file outside the configuration directory";

let c: Checkout;
beforeEach(() => (c = checkout({ withCode: true })));
afterEach(() => c.remove());

describe("a configuration file linked to /proc/self/environ", { timeout: 120_000 }, () => {
  it("is refused unread by every command that reads the configuration; no environment value is printed", async () => {
    symlinkSync("/proc/self/environ", join(c.config, "municipalities", "leak.yaml"));
    c.git("add", ".");
    c.git("commit", "-qm", "a merge request with a link");
    const commands = [
      ["validate"],
      ["ipam"],
      ["ipam", "--check"],
      ["synth", "--out", "out"],
      ["migrate", "plan"],
      ["diff", "--base", "HEAD"],
      ...(terraformMissing() === undefined ? [["plan"]] : []),
    ];
    for (const argv of commands) {
      const r = await run(argv, c.root);
      expect(r.code, `${argv.join(" ")}: ${r.output}`).toBe(1);
      expect(r.output, argv.join(" ")).toContain(OUTSIDE);
      for (const leak of [SECRET, CANARY, "PG_CONN_STR", "IRVN_CANARY"]) {
        expect(r.output, `${argv.join(" ")} printed ${leak}`).not.toContain(leak);
      }
    }
  });
});

describe("symbolic links in the configuration directory", () => {
  it("refuses a link to a file elsewhere, also for the lock, and reads a link that stays inside", async () => {
    renameSync(join(c.config, "municipalities", "druten.yaml"), join(c.root, "druten.yaml"));
    symlinkSync("../../druten.yaml", join(c.config, "municipalities", "druten.yaml"));
    renameSync(join(c.config, "ipam.lock.yaml"), join(c.root, "ipam.lock.yaml"));
    symlinkSync("../ipam.lock.yaml", join(c.config, "ipam.lock.yaml"));
    const outside = await run(["validate"], c.root);
    expect(outside.code).toBe(1);
    expect(outside.output).toContain(
      "config/municipalities/druten.yaml:1:1  a symbolic link to a file outside the configuration directory",
    );

    rmSync(join(c.config, "municipalities", "druten.yaml"));
    rmSync(join(c.config, "ipam.lock.yaml"));
    mkdirSync(join(c.config, ".shared"));
    renameSync(join(c.root, "druten.yaml"), join(c.config, ".shared", "druten.yaml"));
    symlinkSync("../.shared/druten.yaml", join(c.config, "municipalities", "druten.yaml"));
    renameSync(join(c.root, "ipam.lock.yaml"), join(c.config, "ipam.lock.yaml"));
    const inside = await run(["validate"], c.root);
    expect(inside.code, inside.output).toBe(0);
  });
});

describe("values quoted back in messages", () => {
  it("mask a secret of the environment", async () => {
    c.edit("config/municipalities/druten.yaml", /people: \d+/, `people: "${SECRET}"`);
    const r = await run(["validate"], c.root);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(
      /druten\.yaml:\d+:\d+ {2}\/staff\/people {2}must be an integer .*\(got "\*\*\*"\)/,
    );
    expect(r.output).not.toContain(SECRET);
  });
});
