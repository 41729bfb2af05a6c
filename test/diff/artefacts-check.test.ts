// `irvn diff --check`: committed artefacts compared with what the configuration generates.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Artefact, staleArtefacts, staleReport } from "../../scripts/diff/artefacts-check.ts";

const dir = mkdtempSync(join(tmpdir(), "irvn-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const artefact = (path: string, text: string): Artefact => ({ path, generate: async () => text });

describe("staleArtefacts", () => {
  it("passes artefacts that match, reports stale and missing ones with line counts", async () => {
    writeFileSync(join(dir, "same.yaml"), "a: 1\n");
    writeFileSync(join(dir, "stale.yaml"), "a: 1\nb: 2\n");
    const stale = await staleArtefacts(
      [
        artefact("stale.yaml", "a: 1\nb: 3\nc: 4\n"),
        artefact("same.yaml", "a: 1\n"),
        artefact("missing.md", "# x\n\ny\n"),
      ],
      "config",
      dir,
    );
    expect(stale).toEqual([
      { path: "missing.md", status: "missing", linesAdded: 3, linesRemoved: 0 },
      { path: "stale.yaml", status: "stale", linesAdded: 2, linesRemoved: 1 },
    ]);
    const report = staleReport(stale, 3);
    expect(report).toContain("stale.yaml  out of date with the configuration (+2 -1 lines once regenerated)");
    expect(report).toContain("2 of 3 generated artefacts out of date");
  });

  it("says all is well when nothing is stale", async () => {
    writeFileSync(join(dir, "ok.yaml"), "x\n");
    expect(staleReport(await staleArtefacts([artefact("ok.yaml", "x\n")], "config", dir), 1)).toBe(
      "1 generated artefact up to date with the configuration\n",
    );
  });
});
