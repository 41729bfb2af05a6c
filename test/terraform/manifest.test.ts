// Reading cdktf's manifest, ordering stacks by dependency and selecting them by glob.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  ManifestError,
  orderStacks,
  readManifest,
  selectStacks,
  stackTenant,
  tenantsOf,
  type Stack,
} from "../../scripts/terraform/manifest.ts";
import { FIXTURES } from "./helpers.ts";

const stack = (name: string, ...dependencies: string[]): Stack => ({
  name,
  dependencies,
  dir: `/out/stacks/${name}`,
  configFile: `/out/stacks/${name}/cdk.tf.json`,
});

describe("readManifest", () => {
  let dir: string | undefined;
  afterEach(async () => dir && rm(dir, { recursive: true, force: true }));

  it("reads names, dependencies and absolute paths", async () => {
    const stacks = await readManifest(join(FIXTURES, "basic"));
    expect(stacks.map((s) => s.name)).toEqual([
      "central",
      "network",
      "network-nijmegen",
      "workplace-nijmegen",
      "workplace-druten",
    ]);
    expect(stacks[3]).toEqual({
      name: "workplace-nijmegen",
      dependencies: ["network-nijmegen"],
      dir: join(FIXTURES, "basic", "stacks", "workplace-nijmegen"),
      configFile: join(FIXTURES, "basic", "stacks", "workplace-nijmegen", "cdk.tf.json"),
    });
  });

  it.each([
    [undefined, /manifest\.json not found: synthesize first/],
    ["{", /is not valid JSON/],
    [`{"stacks": {}}`, /lists no stacks/],
    [
      `{"stacks": {"../x": {"workingDirectory": "stacks/x", "synthesizedStackPath": "stacks/x/cdk.tf.json"}}}`,
      /stack name "\.\.\/x" is not a plain name/,
    ],
    [
      `{"stacks": {"a": {"dependencies": "b", "workingDirectory": "w", "synthesizedStackPath": "s"}}}`,
      /list of stack names/,
    ],
    [`{"stacks": {"a": {}}}`, /stacks\.a lacks workingDirectory or synthesizedStackPath/],
  ])("rejects %s", async (text, message) => {
    dir = await mkdtemp(join(tmpdir(), "irvn-manifest-"));
    if (text !== undefined) await writeFile(join(dir, "manifest.json"), text);
    await expect(readManifest(dir)).rejects.toThrow(message);
  });
});

describe("orderStacks", () => {
  it("puts dependencies first and otherwise sorts by name", () => {
    const ordered = orderStacks([
      stack("workplace-wijchen", "network-wijchen"),
      stack("network-wijchen", "network"),
      stack("workplace-druten", "network"),
      stack("network", "central"),
      stack("central"),
      stack("network-druten", "network"),
    ]);
    expect(ordered.map((s) => s.name)).toEqual([
      "central",
      "network",
      "network-druten",
      "network-wijchen",
      "workplace-druten",
      "workplace-wijchen",
    ]);
  });

  it("names a dependency cycle", () => {
    expect(() =>
      orderStacks([stack("central"), stack("a", "c", "central"), stack("b", "a"), stack("c", "b")]),
    ).toThrow(new ManifestError("stack dependency cycle: a → c → b → a"));
  });

  it("names a dependency that is not in the manifest", () => {
    expect(() => orderStacks([stack("network", "centrall")])).toThrow(
      'stack "network" depends on "centrall", which is not in the manifest',
    );
  });
});

describe("selectStacks and tenants", () => {
  const all = [
    stack("central"),
    stack("network"),
    stack("network-berg-en-dal"),
    stack("workplace-berg-en-dal"),
  ];

  it("selects by glob, keeping the order, or everything without globs", () => {
    expect(selectStacks(all, ["*-berg-en-dal"]).map((s) => s.name)).toEqual([
      "network-berg-en-dal",
      "workplace-berg-en-dal",
    ]);
    expect(selectStacks(all, ["workplace-*", "central"]).map((s) => s.name)).toEqual([
      "central",
      "workplace-berg-en-dal",
    ]);
    expect(selectStacks(all, [])).toEqual(all);
  });

  it("rejects a glob that matches nothing, listing the stacks", () => {
    expect(() => selectStacks(all, ["werkplek-*"])).toThrow(
      "--stack werkplek-* matches no stack (stacks: central, network, network-berg-en-dal, workplace-berg-en-dal)",
    );
  });

  it("knows tenants from per-tenant stack names, hyphens included", () => {
    expect([...tenantsOf(all)]).toEqual(["berg-en-dal"]);
    expect(stackTenant("network")).toBeUndefined();
    expect(stackTenant("workplace-mook-en-middelaar")).toBe("mook-en-middelaar");
  });
});
