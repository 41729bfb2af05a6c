// A configuration with the keys of every map in reverse order (the two maps whose order means
// something aside: migration waves and security baselines), to show that nothing generated follows
// the order of keys in the YAML.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { isScalar, parseDocument, visit } from "yaml";

/** Reverses the maps of every YAML file under `configDir` in place; returns how many it reversed. */
export function reverseKeys(configDir: string): number {
  const ordered: Record<string, string> = { "migration.yaml": "waves", "zones.yaml": "baselines" };
  let maps = 0;
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "schema" ? [] : files(path);
      return name.endsWith(".yaml") ? [path] : [];
    });
  for (const file of files(configDir)) {
    const doc = parseDocument(readFileSync(file, "utf8"));
    visit(doc, {
      Map(_, map, path) {
        const pair = path.at(-1) as { key?: unknown } | undefined;
        const key = pair && isScalar(pair.key) ? String(pair.key.value) : undefined;
        // the top-level map is path [document]; its waves or baselines map sits below a pair of it
        if (path.length === 3 && key === ordered[basename(file)]) return;
        if (map.items.length > 1) maps++;
        map.items.reverse();
      },
    });
    writeFileSync(file, doc.toString());
  }
  return maps;
}
