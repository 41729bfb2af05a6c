// `irvn inventory` writes a committed file too (config/inventory/<tenant>.yaml): in one step, under
// a lock, and only over what the file held when the run started, so that of two readings of one
// tenant at once the second is refused instead of silently replacing the first.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.ts";
import { startVcsim, type Vcsim } from "../helpers/vcsim.ts";
import { type Checkout, checkout, irvnLeftovers, startIrvn, stopped } from "./helpers.ts";

const USER = "irvn-inventory@vsphere.local";
const PASSWORD = "not-a-real-password-13";
const INVENTORY = "config/inventory/nijmegen.yaml";

describe("irvn inventory", () => {
  let vcsim: Vcsim;
  let c: Checkout;
  beforeAll(async () => {
    vcsim = await startVcsim({
      estate: join(ROOT, "test", "fixtures", "vcsim", "nijmegen-legacy.json"),
      user: USER,
      password: PASSWORD,
    });
    c = checkout();
  }, 180_000);
  afterAll(async () => {
    await vcsim?.stop();
    c?.remove();
  });

  it("does not overwrite a reading written by another run meanwhile", { timeout: 60_000 }, async () => {
    const argv = [
      "inventory",
      "--vcenter",
      vcsim.url,
      "--datacenter",
      "DC-Stadhuis",
      "--tenant",
      "nijmegen",
      "--insecure",
    ];
    const run = startIrvn(argv, {
      cwd: c.root,
      env: { VSPHERE_USER: USER, VSPHERE_PASSWORD: PASSWORD },
      fault: { nth: 1, path: "tmp-nijmegen\\.yaml|nijmegen\\.yaml\\.tmp-", signal: "SIGSTOP" },
    });
    await stopped(run.pid!);
    const other = `${readFileSync(join(c.root, INVENTORY), "utf8")}# read again by another run\n`;
    writeFileSync(join(c.root, INVENTORY), other);
    process.kill(run.pid!, "SIGCONT");
    const r = await run;
    expect(r.exitCode, String(r.stderr)).toBe(1);
    expect(r.stderr).toContain(`irvn inventory: ${INVENTORY} changed while this run worked on it`);
    expect(readFileSync(join(c.root, INVENTORY), "utf8")).toBe(other);
    expect(irvnLeftovers(c.root)).toEqual([]);
  });
});
