// Small files that cost a lot (issue 13, item 5): thousands of duplicate legacy subnets, tens of
// thousands of unknown keys, megabytes of brackets, more configuration than any run needs. Every
// command finishes with a capped, counted report, its peak memory under 1 GB (the target; times
// are measured and reported, not asserted: only runs of minutes are stopped).
import { execa } from "execa";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN } from "../helpers/cli.ts";
import { SHOWN_PER_FILE } from "../../scripts/report.ts";
import { type Checkout, checkout } from "./helpers.ts";

const PEAK = join(import.meta.dirname, "peak-memory.mjs");

/** irvn, and its peak memory; a run that takes minutes is stopped after two. */
async function bounded(argv: string[], cwd: string) {
  const peakFile = join(cwd, "peak-kb");
  const r = await execa("node", ["--import", PEAK, BIN, ...argv], {
    cwd,
    env: { CHECKPOINT_DISABLE: "1", IRVN_TEST_PEAK: peakFile },
    reject: false,
    timeout: 120_000,
  });
  const peakKb = Number(readFileSync(peakFile, "utf8"));
  rmSync(peakFile);
  return { code: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr, peakKb };
}

/** The target: a gigabyte at most. */
const GIGABYTE_KB = 1024 * 1024;

const DRUTEN = "config/municipalities/druten.yaml";

describe("hostile sizes", { timeout: 300_000 }, () => {
  let c: Checkout;
  beforeEach(() => (c = checkout()));
  afterEach(() => c.remove());

  it("9,999 duplicate legacy subnets in one file: validate, ipam and synth finish with a capped, counted report", async () => {
    const subnets = Array.from(
      { length: 9_999 },
      (_, i) => `    d${i}: {cidr: 192.168.1.0/24, vlan: 10, purpose: server, coexistence: nat}`,
    );
    const text = readFileSync(join(c.root, DRUTEN), "utf8").replace(
      /  subnets:\n(    .*\n|      .*\n)+/,
      `  subnets:\n${subnets.join("\n")}\n`,
    );
    writeFileSync(join(c.root, DRUTEN), text);
    expect(text.length).toBeLessThan(800_000);
    for (const argv of [["validate"], ["ipam"], ["synth"]]) {
      const r = await bounded(argv, c.root);
      expect(r.code, `${argv[0]}: ${r.signal ?? ""} ${r.stderr.slice(-500)}`).toBe(1);
      expect(r.peakKb).toBeLessThan(GIGABYTE_KB);
      const lines = r.stderr.split("\n");
      expect(lines.length).toBeLessThanOrEqual(SHOWN_PER_FILE + 3);
      expect(r.stderr).toContain(`${DRUTEN}:`);
      expect(r.stderr).toMatch(/overlaps legacy subnet "d\d+" \(192\.168\.1\.0\/24\) of the same tenant/);
      expect(r.stderr).toMatch(new RegExp(`^${DRUTEN} {2}… and [\\d,]+ more problems in this file`, "m"));
      expect(r.stderr).toMatch(/^19,996 problems found \(100 shown\); nothing was written\.$/m);
    }
  });

  it("50,000 unknown keys in a megabyte: one located line each for the first hundred, and the count", async () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `u${i}: 1`).join("\n");
    writeFileSync(join(c.root, DRUTEN), `${readFileSync(join(c.root, DRUTEN), "utf8")}${keys}\n`);
    const r = await bounded(["validate"], c.root);
    expect(r.code, r.stderr.slice(-500)).toBe(1);
    expect(r.peakKb).toBeLessThan(GIGABYTE_KB);
    expect(r.stderr.split("\n").length).toBeLessThanOrEqual(SHOWN_PER_FILE + 3);
    expect(r.stderr).toMatch(/^config\/municipalities\/druten\.yaml:\d+:1 {2}\/u0 {2}unknown key/m);
    expect(r.stderr).toMatch(/^50,000 problems found \(100 shown\); nothing was written\.$/m);
  });

  it("ten files of a megabyte of [ : refused before parsing, one line each", async () => {
    for (let i = 0; i < 10; i++)
      writeFileSync(join(c.config, "municipalities", `b${i}.yaml`), "[".repeat(1024 * 1024));
    const r = await bounded(["validate"], c.root);
    expect(r.code, `${r.signal ?? ""} ${r.stderr.slice(-500)}`).toBe(1);
    expect(r.peakKb).toBeLessThan(GIGABYTE_KB);
    for (let i = 0; i < 10; i++) {
      expect(r.stderr).toContain(`config/municipalities/b${i}.yaml:1:25  nested more than 24 levels deep`);
    }
    expect(r.stderr).toMatch(/^10 problems found; nothing was written\.$/m);
  });

  it("more configuration than a run reads: the rest is refused by a total, not parsed for minutes", async () => {
    for (let i = 0; i < 10; i++) {
      writeFileSync(join(c.config, "municipalities", `h${i}.yaml`), "- \n".repeat(349_000));
    }
    const r = await bounded(["validate"], c.root);
    expect(r.code, `${r.signal ?? ""} ${r.stderr.slice(-500)}`).toBe(1);
    expect(r.peakKb).toBeLessThan(GIGABYTE_KB);
    expect(r.stderr).toContain("the configuration passes 500,000 YAML tokens in all by here, the limit");
  });
});
