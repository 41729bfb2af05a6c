// Behaviour kept while the code moves: every file irvn synth writes for the reference
// configuration, at the target and at a few waves, and every file of irvn migrate plan (the
// model at every wave) hashes to the digest recorded before the
// refactoring of issue 16 (test/fixtures/synth-digest.json). A change that is meant to alter the
// output records the new digests with IRVN_RECORD_DIGEST=1 and says why in its commit.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";

const STORED = join(import.meta.dirname, "fixtures", "synth-digest.json");
const POINTS = ["target", "start-2015", "netwerk-a-2017", "werkplek-2018-b", "servers-2019", "2019-06-01"];

type Digest = { files: number; digest: string };

/** Per top-level entry of `dir` (stacks, docs, manifest.json…), one SHA-256 over every file's
 *  path and bytes in path order: a change to the documents alone leaves the stacks' digest. */
function treeDigest(dir: string): Record<string, Digest> {
  const paths: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else paths.push(relative(dir, p).split("\\").join("/"));
    }
  };
  walk(dir);
  paths.sort();
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const top = p.split("/")[0]!;
    groups.set(top, [...(groups.get(top) ?? []), p]);
  }
  const out: Record<string, Digest> = {};
  for (const [top, files] of groups) {
    const hash = createHash("sha256");
    for (const p of files)
      hash
        .update(`${p}\0`)
        .update(readFileSync(join(dir, p)))
        .update("\0");
    out[top] = { files: files.length, digest: hash.digest("hex") };
  }
  return out;
}

describe("irvn synth output is byte-identical to the stored digest", () => {
  const work = mkdtempSync(join(tmpdir(), "irvn-digest-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const stored = JSON.parse(readFileSync(STORED, "utf8")) as Record<string, Record<string, Digest>>;
  const seen: Record<string, Record<string, Digest>> = {};

  it.each(POINTS)("at %s", async (point) => {
    const out = join(work, point);
    const r = await runCli(["synth", "--out", out, ...(point === "target" ? [] : ["--at", point])]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    seen[point] = treeDigest(out);
    if (process.env.IRVN_RECORD_DIGEST) return;
    expect(seen[point]).toEqual(stored[point]);
  });

  // the migration plan is made from the model at every wave: its runbooks, Gantt chart and JSON
  it("of irvn migrate plan", async () => {
    const out = join(work, "migration-plan");
    const r = await runCli(["migrate", "plan", "--out", out]);
    expect(r.code).toBe(0);
    seen["migrate plan"] = treeDigest(out);
    if (process.env.IRVN_RECORD_DIGEST) return;
    expect(seen["migrate plan"]).toEqual(stored["migrate plan"]);
  });

  it("records the digests when asked", () => {
    if (process.env.IRVN_RECORD_DIGEST) writeFileSync(STORED, JSON.stringify(seen, null, 2) + "\n");
    expect(Object.keys(seen)).toEqual([...POINTS, "migrate plan"]);
  });
});
