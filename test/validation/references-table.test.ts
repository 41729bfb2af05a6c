// The references table drives the reference rule: each entry reaches names in the reference
// configuration (a misspelt path would check nothing), and a name planted at each entry's first
// place is reported there, once, naming the entry's collection.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pointer } from "../../stacks/model/problems.ts";
import { namesAt, REFERENCES, references, TARGETS } from "../../stacks/model/rules/references.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { ROOT } from "../helpers/cli.ts";

const validated = validateConfig(join(ROOT, "config"), ROOT);
const config = validated.config!;
const { files } = validated;

type Where = (typeof REFERENCES)[number]["in"];
const documents = (c: typeof config, where: Where) =>
  where === "tenant"
    ? c.tenants.map((t) => ({ root: t.config as unknown, file: files.tenant(t.id) }))
    : [{ root: c[where] as unknown, file: files[where] }];

/** Replaces the name at `path` (a value, or the last key when `isKey`) with `name`, in place. */
function plant(root: unknown, path: readonly (string | number)[], isKey: boolean, name: string): void {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (isKey) {
    node[name] = node[last];
    delete node[last];
  } else node[last] = name;
}

describe("the references table", () => {
  it("holds no entry twice", () => {
    const keys = REFERENCES.map((r) => `${r.in} ${r.at}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(REFERENCES.map((r) => [`${r.in} ${r.at}`, r] as const))(
    "%s: reaches names, and a misspelt one is reported there",
    (_label, ref) => {
      const found = documents(config, ref.in).flatMap(({ root, file }) =>
        namesAt(root, ref.at).map((f) => ({ ...f, file })),
      );
      expect(found.length, "the reference configuration holds no such reference").toBeGreaterThan(0);
      const first = found[0]!;
      const copy = structuredClone(config);
      const doc = documents(copy, ref.in).find((d) => d.file === first.file)!;
      plant(doc.root, first.path, first.isKey, "zz-nowhere");
      const path = [...first.path.slice(0, -1), first.isKey ? "zz-nowhere" : first.path.at(-1)!];
      const findings = references.check({ config: copy, files, established: new Set() });
      expect(findings).toEqual([
        {
          file: first.file,
          pointer: pointer(...path),
          message: expect.stringMatching(
            new RegExp(
              `^"zz-nowhere" is not defined in ${TARGETS[ref.names].what.replace(/[`()]/g, "\\$&")}`,
            ),
          ),
          atKey: first.isKey,
        },
      ]);
    },
  );
});

describe("namesAt", () => {
  const doc = { a: { x: { b: "one", list: ["two", "three"] }, y: { list: [] } }, keys: { k1: 1, k2: 2 } };

  it("walks maps, lists and keys, with the path to each name", () => {
    expect(namesAt(doc, "a.*.b")).toEqual([{ path: ["a", "x", "b"], name: "one", isKey: false }]);
    expect(namesAt(doc, "a.*.list[]").map((f) => f.path)).toEqual([
      ["a", "x", "list", 0],
      ["a", "x", "list", 1],
    ]);
    expect(namesAt(doc, "keys.<key>")).toEqual([
      { path: ["keys", "k1"], name: "k1", isKey: true },
      { path: ["keys", "k2"], name: "k2", isKey: true },
    ]);
  });

  it("finds nothing through an absent optional key", () => {
    expect(namesAt(doc, "a.*.missing.b")).toEqual([]);
    expect(namesAt(doc, "nowhere[]")).toEqual([]);
  });
});
