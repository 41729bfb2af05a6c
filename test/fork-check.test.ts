// The fork check's comparison: equivalent trees give nothing, any semantic difference (an
// attribute, a for_each key, lifecycle, a stack setting, a stack or a document) is listed.
// `npm run check:fork` (in .ci/run) applies it to the pinned cdktf and the community fork.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../scripts/synthesize.ts";
import { readGeneratedTree } from "../scripts/terraform-json/tree.ts";
import type { GeneratedTree } from "../scripts/terraform-json/tree.ts";
import { semanticDifferences } from "../scripts/fork-check.ts";
import { loadModel } from "../stacks/model/index.ts";
import { ROOT } from "./helpers/cli.ts";

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

describe("the fork check's semantic comparison", () => {
  const out = mkdtempSync(join(tmpdir(), "irvn-fork-test-"));
  let tree: GeneratedTree;
  beforeAll(() => {
    const loaded = loadModel(join(ROOT, "config"), ROOT);
    if (!loaded.ok) throw new Error("the reference configuration does not validate");
    generate(loaded.model, out);
    tree = readGeneratedTree(out, ROOT);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const planted = (edit: (stacks: Record<string, Json>, docs: Record<string, string>) => void) => {
    const copy = structuredClone(tree) as unknown as {
      stacks: Record<string, Json>;
      documents: Record<string, string>;
    };
    edit(copy.stacks, copy.documents);
    return copy as unknown as GeneratedTree;
  };

  it("finds nothing between two copies, whatever cdktf's metadata says", () => {
    const relabelled = planted((s) => {
      (s.central as unknown as Record<string, { metadata: { version: string } }>)["//"]!.metadata.version =
        "0.24.0";
    });
    expect(semanticDifferences(tree, relabelled)).toEqual([]);
  });

  it("lists a changed attribute, a lost for_each key, a lifecycle change, a setting, a stack and a document", () => {
    const fork = planted((s, docs) => {
      s.central!.resource!.vsphere_datacenter!.datacenter!.name = "Elders";
      delete (
        s["network-druten"]!.resource!.vsphere_distributed_port_group!.port_groups!.for_each as Record<
          string,
          unknown
        >
      )["druten/server"];
      delete s.library!.resource!.vsphere_content_library!.content_library!.lifecycle;
      (s.central!.terraform!.backend as Record<string, { path: string }>).local!.path = "elders.tfstate";
      delete s["workplace-wijchen"];
      docs["docs/network/ip-plan.md"] += "\nextra";
    });
    const lines = semanticDifferences(tree, fork);
    expect(lines).toEqual(
      expect.arrayContaining([
        'central vsphere_datacenter.datacenter name: "IRVN Centraal Datacentrum" → "Elders"',
        'network-druten vsphere_distributed_port_group.port_groups["druten/server"]: missing with the fork',
        expect.stringMatching(/^library vsphere_content_library\.content_library lifecycle/),
        expect.stringMatching(/^central terraform\.backend\.local\.path: /),
        "stack workplace-wijchen: missing with the fork",
        "document docs/network/ip-plan.md: changed",
      ]),
    );
  });
});
