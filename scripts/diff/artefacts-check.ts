// `irvn diff --check`: the committed generated artefacts (the IPAM lock, documents the project
// commits) must be what the configuration generates now. Each artefact says how to generate
// itself; this compares, it never writes.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compare } from "../../stacks/model/index.ts";
import { lineDelta, linesOf } from "./documents.ts";

export interface Artefact {
  /** Path relative to the repository root, as committed. */
  readonly path: string;
  readonly generate: (configDir: string, cwd: string) => Promise<string>;
}

export interface StaleArtefact {
  readonly path: string;
  readonly status: "missing" | "stale";
  readonly linesAdded: number;
  readonly linesRemoved: number;
}

export async function staleArtefacts(
  artefacts: readonly Artefact[],
  configDir: string,
  cwd: string,
): Promise<StaleArtefact[]> {
  const results = await Promise.all(
    artefacts.map(async (a): Promise<StaleArtefact | undefined> => {
      const file = join(cwd, a.path);
      const expected = await a.generate(configDir, cwd);
      if (!existsSync(file))
        return { path: a.path, status: "missing", linesAdded: linesOf(expected).length, linesRemoved: 0 };
      const committed = readFileSync(file, "utf8");
      if (committed === expected) return undefined;
      const { added, removed } = lineDelta(linesOf(committed), linesOf(expected));
      return { path: a.path, status: "stale", linesAdded: added, linesRemoved: removed };
    }),
  );
  return results.filter((r): r is StaleArtefact => r !== undefined).sort((x, y) => compare(x.path, y.path));
}

export function staleReport(stale: readonly StaleArtefact[], checked: number): string {
  if (stale.length === 0)
    return `${checked} generated artefact${checked === 1 ? "" : "s"} up to date with the configuration\n`;
  const lines = stale.map((s) =>
    s.status === "missing"
      ? `${s.path}  missing: generate it and commit it`
      : `${s.path}  out of date with the configuration (+${s.linesAdded} -${s.linesRemoved} lines once regenerated): regenerate it and commit the result`,
  );
  return `${lines.join("\n")}\n${stale.length} of ${checked} generated artefacts out of date\n`;
}
