// Legacy subnets collide only while both are in service: a municipality joining after another's
// legacy network was retired may reuse its addresses untranslated; one joining before may not,
// and is told which subnets it collides with and from when.
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";

/** Overbetuwe, copied from Heumen, whose clients use Nijmegen's legacy client range untranslated. */
function onboard(t: TempConfig, waveDate: string, subnet = "10.1.64.0/19") {
  t.write(
    "municipalities/overbetuwe.yaml",
    t
      .read("municipalities/heumen.yaml")
      .replace("\nname: Heumen\n", "\nname: Overbetuwe\n")
      .replace("\ncode: heu\n", "\ncode: obt\n")
      .replace(
        /\n {2}subnets:\n(?: {4}.*\n)+/,
        `\n  subnets:\n    clients: { cidr: ${subnet}, vlan: 20, purpose: workplace }\n`,
      ),
  );
  const wave = `  overbetuwe:\n    date: ${waveDate}\n    name: Overbetuwe joins\n    moves:\n      overbetuwe: { network: linked }\n`;
  const migration = t.read("migration.yaml");
  // waves are listed in date order: before the retirement of 2020, or after it
  t.write(
    "migration.yaml",
    waveDate < "2020-01-06"
      ? migration.replace("  uitfasering-2020:\n", `${wave}  uitfasering-2020:\n`)
      : migration + wave,
  );
}

/** irvn ipam (which checks the overlaps against what it allocates), then irvn validate. */
async function allocateAndValidate(t: TempConfig) {
  const ipam = await runCli(["ipam", "--config", t.config], t.root);
  if (ipam.code !== 0) return ipam;
  return runCli(["validate", "--config", t.config], t.root);
}

describe("legacy overlaps judged over the time both subnets are in service", () => {
  let t: TempConfig;
  afterEach(() => t.remove());

  it("joining in 2021, after Nijmegen's legacy network was retired (2020-01-06): no translation needed", async () => {
    t = tempConfig();
    onboard(t, "2021-03-01");
    const r = await allocateAndValidate(t);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("joining in 2019, while Nijmegen's legacy network is still linked: told so, with the date", async () => {
    t = tempConfig();
    onboard(t, "2019-03-01");
    const r = await allocateAndValidate(t);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^config\/municipalities\/overbetuwe\.yaml:\d+:\d+ {2}\/legacy\/subnets\/clients\/cidr {2}10\.1\.64\.0\/19 overlaps legacy subnet "clients" of Nijmegen \(10\.1\.64\.0\/19\), in service at the same time from 2019-03-01: set `coexistence: nat`/m,
    );
  });

  it("names every party it collides with, counting the rest past six", async () => {
    t = tempConfig();
    onboard(t, "2019-03-01", "10.1.0.0/16");
    const r = await allocateAndValidate(t);
    expect(r.code).toBe(1);
    const line = r.stderr.split("\n").find((l) => l.includes("/legacy/subnets/clients/cidr"))!;
    // Nijmegen's six, and four each of Beuningen, Berg en Dal and Heumen: 18
    expect(line).toContain(
      '10.1.0.0/16 overlaps legacy subnet "servers" of Berg en Dal (10.1.1.0/24), legacy subnet "servers" of Beuningen (10.1.1.0/24), legacy subnet "servers" of Heumen (10.1.1.0/24),',
    );
    expect(line).toContain(" and 13 more, in service at the same time from 2019-03-01: ");
  });
});
