// `irvn ipam` as an engineer and a pipeline use it: check, allocate, orphans, release, and
// synth refusing a stale lock.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";

let t: TempConfig;
afterEach(() => t?.remove());

const lockOf = (dir: string) => readFileSync(join(dir, "ipam.lock.yaml"), "utf8");

describe("irvn ipam", () => {
  it("--check passes on the reference configuration and no prefix appears twice", async () => {
    const r = await runCli(["ipam", "--check"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const prefixes = [...lockOf(join(ROOT, "config")).matchAll(/ipv[46]: "?([0-9a-f.:]+\/\d+)/g)].map(
      (m) => m[1],
    );
    expect(prefixes.length).toBeGreaterThan(100);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("allocates a new segment without moving others; --check fails until then and synth refuses", async () => {
    t = tempConfig();
    t.edit("municipalities/heumen.yaml", "segments: [server,", "segments: [dmz, server,");
    const before = lockOf(t.config);

    const check = await runCli(["ipam", "--check", "--config", t.config], t.root);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("lacks 1 allocation(s):\n  heumen/dmz\nRun `irvn ipam`");

    const synth = await runCli(["synth", "--config", t.config, "--out", join(t.root, "out")], t.root);
    expect(synth.code).toBe(1);
    expect(synth.stderr).toMatch(
      /config\/ipam\.lock\.yaml:\d+:1 {2}lacks allocations for 1 item \(heumen\/dmz\): run `irvn ipam`/,
    );

    const ipam = await runCli(["ipam", "--config", t.config], t.root);
    expect(ipam.code).toBe(0);
    expect(ipam.stdout).toContain("allocated 1\n  heumen/dmz\n");
    const after = lockOf(t.config);
    const added = after.split("\n").filter((l) => !before.split("\n").includes(l));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^ {2}heumen\/dmz: \{ vlan: \d+, ipv4: 10\.201\.\d+\.\d+\/26, ipv6: /);
    expect(before.split("\n").filter((l) => !after.split("\n").includes(l))).toEqual([]);
    expect((await runCli(["ipam", "--check", "--config", t.config], t.root)).code).toBe(0);
  });

  it("keeps a removed segment's space until it is released", async () => {
    t = tempConfig();
    t.edit(
      "municipalities/druten.yaml",
      "segments: [server, workplace, printers, voip,",
      "segments: [server, workplace, printers,",
    );
    const ipam = await runCli(["ipam", "--config", t.config], t.root);
    expect(ipam.code).toBe(0);
    expect(ipam.stdout).toContain(
      "kept 1 entry whose item is gone (release with --release KEY):\n  druten/voip@gemeentehuis\n",
    );
    expect(lockOf(t.config)).toContain("druten/voip@gemeentehuis:");

    const check = await runCli(["ipam", "--check", "--config", t.config], t.root);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("irvn ipam --release druten/voip@gemeentehuis");

    const release = await runCli(
      ["ipam", "--config", t.config, "--release", "druten/voip@gemeentehuis"],
      t.root,
    );
    expect(release.code).toBe(0);
    expect(lockOf(t.config)).not.toContain("druten/voip@gemeentehuis:");
    expect((await runCli(["ipam", "--check", "--config", t.config], t.root)).code).toBe(0);
  });

  it("takes the IPv6 away from a facility that is no longer routed, with a reviewed step", async () => {
    t = tempConfig();
    t.edit(
      "region.yaml",
      /(    name: Back-up\n(?:    .*\n)*?    ipv4PrefixLength: 24\n)/,
      "$1    routed: false\n",
    );
    const before = lockOf(t.config);
    const entry = /facilities\/backup: \{ vlan: (\d+), ipv4: ([\d./]+), ipv6: "([^"]+)" \}/.exec(before)!;

    const validate = await runCli(["validate", "--config", t.config], t.root);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(
      `/segments/facilities/backup/ipv6  facilities/backup is not routed (\`routed: false\` in region.yaml), so it has no IPv6, but the lock gives it ${entry[3]}: take it away with \`irvn ipam --renumber-ipv6 facilities/backup\``,
    );
    // plain `irvn ipam` moves nothing: the step is explicit
    expect((await runCli(["ipam", "--config", t.config], t.root)).code).toBe(1);
    expect(lockOf(t.config)).toBe(before);

    const r = await runCli(["ipam", "--config", t.config, "--renumber-ipv6", "facilities/backup"], t.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("renumbered the IPv6 of facilities/backup, allocated 0");
    const after = lockOf(t.config);
    const changed = (a: string, b: string) => a.split("\n").filter((l) => !b.split("\n").includes(l));
    expect(changed(after, before)).toEqual([`  facilities/backup: { vlan: ${entry[1]}, ipv4: ${entry[2]} }`]);
    expect(changed(before, after)).toHaveLength(1);
    expect((await runCli(["validate", "--config", t.config], t.root)).code).toBe(0);

    // routed again: plain `irvn ipam` gives it a /64, as it allocates anything missing
    t.edit("region.yaml", "    routed: false\n    description: backup", "    description: backup");
    expect((await runCli(["ipam", "--check", "--config", t.config], t.root)).stderr).toContain(
      "lacks 1 allocation(s):\n  facilities/backup\n",
    );
    expect((await runCli(["ipam", "--config", t.config], t.root)).code).toBe(0);
    expect(lockOf(t.config)).toMatch(
      /facilities\/backup: \{ vlan: \d+, ipv4: [\d./]+, ipv6: "2a07:3502:1a4:/,
    );
  });

  it("moves the IPv6 of a category's segments when Logius assigns another block, nothing else", async () => {
    t = tempConfig();
    t.edit("region.yaml", "block: 2a07:3502:1b0::/46", "block: 2a07:3502:1c4::/46");
    const before = lockOf(t.config);
    const suwinet = [...before.matchAll(/^ {2}([a-z-]+\/suwinet): /gm)].map((m) => m[1]!);
    expect(suwinet).toHaveLength(7);
    const validate = await runCli(["validate", "--config", t.config], t.root);
    expect(validate.code).toBe(1);
    for (const key of suwinet)
      expect(validate.stderr).toMatch(
        new RegExp(
          `/segments/${key}/ipv6  \\S+ lies outside the IPv6 category diginetwerk \\(2a07:3502:1c4::/46\\) its segment type names: move it there with \`irvn ipam --renumber-ipv6 ${key}\``,
        ),
      );
    const r = await runCli(
      ["ipam", "--config", t.config, ...suwinet.flatMap((k) => ["--renumber-ipv6", k])],
      t.root,
    );
    expect(r.code, r.stderr).toBe(0);
    const after = lockOf(t.config);
    const gone = before.split("\n").filter((l) => !after.split("\n").includes(l));
    const added = after.split("\n").filter((l) => !before.split("\n").includes(l));
    expect(gone.map((l) => l.replace(/ipv6: "[^"]+"/, ""))).toEqual(
      added.map((l) => l.replace(/ipv6: "[^"]+"/, "")),
    );
    for (const line of added) expect(line).toMatch(/ipv6: "2a07:3502:1c4:[0-9a-f:]*\/64" \}$/);
    expect(added).toHaveLength(7);
    expect((await runCli(["validate", "--config", t.config], t.root)).code).toBe(0);
  });

  it("keeps a renamed site's subnets with --rekey: only the keys change", async () => {
    t = tempConfig();
    t.edit(
      "municipalities/druten.yaml",
      /\n {2}gemeentehuis:\n {4}name: Gemeentehuis Druten/,
      "\n  raadhuis:\n    name: Gemeentehuis Druten",
    );
    t.edit("municipalities/druten.yaml", /site: gemeentehuis/g, "site: raadhuis");
    const before = lockOf(t.config);
    const keys = ["guest-wifi", "printers", "voip", "workplace"].map((type) => `druten/${type}`);
    const rekey = keys.flatMap((k) => ["--rekey", `${k}@gemeentehuis=${k}@raadhuis`]);

    const r = await runCli(["ipam", "--config", t.config, ...rekey], t.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("config/ipam.lock.yaml: rekeyed 4, allocated 0\n");
    const after = lockOf(t.config);
    const lines = (text: string) => text.split("\n").sort();
    expect(lines(after)).toEqual(lines(before.replace(/(druten\/[a-z-]+)@gemeentehuis:/g, "$1@raadhuis:")));
    expect(after).not.toMatch(/druten\/[a-z-]+@gemeentehuis/);
    expect((await runCli(["validate", "--config", t.config], t.root)).code).toBe(0);

    // refused, naming why, and nothing written: a key in use, an unknown one, a malformed pair
    const refused = await runCli(
      [
        "ipam",
        "--config",
        t.config,
        "--rekey",
        "druten/server=druten/printers@raadhuis",
        "--rekey",
        "druten/nothing=druten/voip@raadhuis",
      ],
      t.root,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "--rekey druten/server=druten/printers@raadhuis: druten/server is still an item of the configuration",
    );
    expect(refused.stderr).toContain(
      "--rekey druten/nothing=druten/voip@raadhuis: no segment druten/nothing in the lock",
    );
    expect(lockOf(t.config)).toBe(after);
    const usage = await runCli(["ipam", "--config", t.config, "--rekey", "druten/voip"], t.root);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--rekey takes OLD=NEW (got "druten/voip")');
  });

  it("sizes a new segment from its demand: a municipality with 450 staff gets a /21 workplace subnet", async () => {
    t = tempConfig();
    t.write(
      "municipalities/overbetuwe.yaml",
      t
        .read("municipalities/heumen.yaml")
        .replace("\nname: Heumen\n", "\nname: Overbetuwe\n")
        .replace("\ncode: heu\n", "\ncode: obt\n")
        .replace(/\n {2}people: \d+\n/, "\n  people: 450\n")
        // greenfield: nothing legacy to move, so no wave
        .replace(/\nlegacy:\n(?: .*\n)+/, "\n")
        // its profile share with the staff: 383 session-host users' containers need 5,745 GiB
        .replace(/\nprofileShareGiB: \d+\n/, "\nprofileShareGiB: 6144\n"),
    );
    const r = await runCli(["ipam", "--config", t.config], t.root);
    expect(r.code, r.stderr).toBe(0);
    const entry = (key: string) =>
      new RegExp(`\n {2}${key}: \\{ vlan: \\d+, ipv4: [\\d.]+/(\\d+),`).exec(lockOf(t.config))![1];
    // 450 × 2 devices + 25% + 10 reserved = 1,135 addresses (a /22 holds 1,022); the catalogue's
    // lengths are the least a segment gets
    expect(entry("overbetuwe/workplace@gemeentehuis")).toBe("21");
    expect(entry("overbetuwe/voip@gemeentehuis")).toBe("23");
    expect(entry("overbetuwe/printers@gemeentehuis")).toBe("24");
    expect(entry("overbetuwe/server")).toBe("24");
    expect((await runCli(["validate", "--config", t.config], t.root)).code).toBe(0);
  });

  it("grows a segment too small for its demand only with --grow, naming the numbers until then", async () => {
    t = tempConfig();
    t.edit("municipalities/druten.yaml", "\n  people: 155\n", "\n  people: 420\n");
    // its profile share with the staff: 357 session-host users' containers need 5,355 GiB
    t.edit("municipalities/druten.yaml", "\nprofileShareGiB: 2560\n", "\nprofileShareGiB: 6144\n");
    const before = lockOf(t.config);

    const validate = await runCli(["validate", "--config", t.config], t.root);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(
      /config\/ipam\.lock\.yaml:\d+:\d+ {2}\/segments\/druten\/workplace@gemeentehuis\/ipv4 {2}10\.200\.204\.0\/22 holds 1,022 addresses; druten\/workplace@gemeentehuis needs 1,060: 420 staff at Gemeentehuis Druten \(100% of 420\) × 2 devices = 840, \+ 25% growth = 1,050, \+ 10 reserved = 1,060 .*`irvn ipam --grow druten\/workplace@gemeentehuis`/,
    );
    const plain = await runCli(["ipam", "--config", t.config], t.root);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("grow it to a /21 with `irvn ipam --grow druten/workplace@gemeentehuis`");
    expect(plain.stderr).toContain("grow it to a /23 with `irvn ipam --grow druten/voip@gemeentehuis`");
    expect(lockOf(t.config)).toBe(before);

    const keys = ["druten/workplace@gemeentehuis", "druten/voip@gemeentehuis"];
    const r = await runCli(["ipam", "--config", t.config, ...keys.flatMap((k) => ["--grow", k])], t.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`config/ipam.lock.yaml: grew ${keys.join(", ")}, allocated 0\n`);
    const after = lockOf(t.config);
    const changed = (a: string, b: string) => a.split("\n").filter((l) => !b.split("\n").includes(l));
    const fields = (line: string) =>
      /^ {2}(\S+): \{ vlan: (\d+), ipv4: ([\d./]+), ipv6: ("[^"]+") \}$/.exec(line)!.slice(1);
    const gone = changed(before, after).map(fields);
    const added = changed(after, before).map(fields);
    expect(added.map((f) => f[0])).toEqual([...keys].sort());
    // the same keys, VLANs and IPv6; only the IPv4 prefix, now of the size the demand asks
    expect(added.map(([k, vlan, , v6]) => [k, vlan, v6])).toEqual(
      gone.map(([k, vlan, , v6]) => [k, vlan, v6]),
    );
    expect(added.map((f) => f[2]!.split("/")[1])).toEqual(["23", "21"]);
    expect((await runCli(["validate", "--config", t.config], t.root)).code).toBe(0);
    expect((await runCli(["ipam", "--check", "--config", t.config], t.root)).code).toBe(0);
  });

  it("refuses a --renumber-ipv6 that has nothing to do", async () => {
    t = tempConfig();
    const before = lockOf(t.config);
    const r = await runCli(
      [
        "ipam",
        "--config",
        t.config,
        "--renumber-ipv6",
        "facilities/vmotion",
        "--renumber-ipv6",
        "druten/nothing",
      ],
      t.root,
    );
    expect(r.code).toBe(1);
    expect(lockOf(t.config)).toBe(before);
    expect(r.stderr).toContain("--renumber-ipv6 facilities/vmotion: it is not routed and has no IPv6");
    expect(r.stderr).toContain("--renumber-ipv6 druten/nothing: no such segment in the lock");
  });

  it("refuses to release an entry that does not exist", async () => {
    const r = await runCli(["ipam", "--release", "druten/nothing"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--release druten/nothing: no such entry");
  });

  it("names the pool and how much is missing when a tenant block is too small", async () => {
    t = tempConfig();
    t.edit("region.yaml", "tenantPrefixLength: 18", "tenantPrefixLength: 21");
    const r = await runCli(["ipam", "--config", t.config], t.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /config\/municipalities\/nijmegen\.yaml:\d+:1 {2}\/segments {2}the segments and transit links need \d+ addresses; a tenant block \(\/21\) holds 2048, \d+ too few/,
    );
  });

  it("reports a hand-edited lock with a duplicate VLAN and an overlap at the entry", async () => {
    t = tempConfig();
    const lock = t.read("ipam.lock.yaml");
    const druten = /druten\/voip@gemeentehuis: \{ vlan: (\d+), ipv4: ([\d./]+),/.exec(lock)!;
    t.edit(
      "ipam.lock.yaml",
      /(druten\/printers@gemeentehuis: \{ vlan: )\d+(, ipv4: )[\d./]+/,
      `$1${druten[1]}$2${druten[2]}`,
    );
    const r = await runCli(["validate", "--config", t.config], t.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /ipam\.lock\.yaml:\d+:\d+ {2}\/segments\/druten\/voip@gemeentehuis\/ipv4 {2}\S+ overlaps druten\/printers@gemeentehuis/,
    );
    expect(r.stderr).toMatch(
      /ipam\.lock\.yaml:\d+:\d+ {2}\/segments\/druten\/voip@gemeentehuis\/vlan {2}VLAN \d+ is also used by druten\/printers@gemeentehuis on the same switch/,
    );
  });
});

describe("coexistence rules", () => {
  it("requires a legacy subnet that overlaps another tenant's to say how it coexists", async () => {
    t = tempConfig();
    t.edit(
      "municipalities/wijchen.yaml",
      /(cidr: 192\.168\.1\.0\/24\n {6}vlan: 10\n {6}purpose: server\n) {6}coexistence: nat\n/,
      "$1",
    );
    const r = await runCli(["validate", "--config", t.config], t.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /wijchen\.yaml:\d+:13 {2}\/legacy\/subnets\/servers\/cidr {2}192\.168\.1\.0\/24 overlaps legacy subnet "servers" of Druten \(192\.168\.1\.0\/24\) and legacy subnet "servers" of Mook en Middelaar \(192\.168\.1\.0\/24\), in service at the same time from 2016-12-01: set `coexistence: nat`/,
    );
  });

  it("allows a VoIP segment only where mobile telephony is taken", async () => {
    t = tempConfig();
    t.edit("municipalities/heumen.yaml", /  mobile-telephony:\n(    .*\n)+?(?=  office-automation)/, "");
    const r = await runCli(["validate", "--config", t.config], t.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /heumen\.yaml:\d+:\d+ {2}\/segments\/3 {2}segment "voip" needs service "mobile-telephony", which Heumen does not take/,
    );
  });
});

describe("irvn diff --check", () => {
  it("passes on the repository and fails once the lock is stale", async () => {
    const ok = await runCli(["diff", "--check"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe("1 generated artefact up to date with the configuration\n");

    t = tempConfig();
    t.edit("municipalities/heumen.yaml", "segments: [server,", "segments: [dmz, server,");
    const stale = await runCli(["diff", "--check"], t.root);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("config/ipam.lock.yaml");
  });

  it("refuses --check with other options", async () => {
    const r = await runCli(["diff", "--check", "--base", "HEAD"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--check takes no other option");
  });
});
