// The Terraform JSON writer of the stacks (stacks/terraform/): its layout against
// json-stable-stringify (what cdktf 0.21 wrote the stacks with, kept as cdktf's dependency), and
// what a stack does with overrides, meta-arguments, outputs and duplicate names.
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { App, TerraformIterator, TerraformOutput, TerraformStack } from "../../stacks/terraform/elements.ts";
import { stableJson } from "../../stacks/terraform/stable-json.ts";
import {
  Datacenter,
  DataVsphereComputeCluster,
  DataVsphereResourcePool,
  Folder,
  VirtualMachine,
} from "../../stacks/terraform/vsphere.ts";
import { blocksOf, inlineTables } from "../../scripts/terraform-json/blocks.ts";

const fromCdktf = createRequire(createRequire(import.meta.url).resolve("cdktf"));
const stableStringify = fromCdktf("json-stable-stringify") as (
  value: unknown,
  opts: { space: number },
) => string;

describe("stableJson", () => {
  it("lays out any JSON value as json-stable-stringify does with two spaces", () => {
    // keys with odd characters and case (sorting by code unit), empty objects and arrays, nulls
    const key = fc.oneof(fc.string(), fc.constantFrom("//", "a", "B", "_", "é", "10", "9"));
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("json"), { maxLength: 4 }),
        fc.dictionary(key, tie("json"), { maxKeys: 5 }),
      ),
    })).json;
    fc.assert(
      fc.property(value, (v) => {
        expect(stableJson(v)).toBe(stableStringify(v, { space: 2 }));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves out undefined values and writes undefined array items as null", () => {
    expect(stableJson({ b: undefined, a: [undefined, 1] })).toBe('{\n  "a": [\n    null,\n    1\n  ]\n}');
  });
});

describe("TerraformStack", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("writes meta-arguments, snake_case attributes, map keys as given, tables as locals and overrides merged in", () => {
    const app = new App({ outdir: "unused" });
    const stack = new TerraformStack(app, "s");
    const dc = new Datacenter(stack, "dc", { name: "DC", lifecycle: { preventDestroy: true } });
    const table = TerraformIterator.fromMap({ "a/b": { name: "x" } });
    const vm = new VirtualMachine(stack, "vms", {
      forEach: table,
      name: table.getString("name"),
      resourcePoolId: dc.attribute("moid"),
      numCpus: table.getNumber("cpus"),
      extraConfig: { "guestinfo.userData": "v" },
      networkInterface: [{ networkId: "n", adapterType: "vmxnet3" }],
      dependsOn: [dc],
    });
    vm.addOverride("dynamic.disk", { for_each: "${each.value.disks}" });
    vm.addOverride("dynamic.disk.content", { size: "${disk.value.size}" });
    vm.addOverride("num_cpus", undefined);
    const tf = stack.toTerraform() as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    const body = tf.resource!.vsphere_virtual_machine!.vms!;
    expect(body).toEqual({
      "//": { metadata: { path: "s/vms", uniqueId: "vms" } },
      for_each: "${local.vms}",
      name: "${each.value.name}",
      resource_pool_id: "${vsphere_datacenter.dc.moid}",
      extra_config: { "guestinfo.userData": "v" },
      network_interface: [{ network_id: "n", adapter_type: "vmxnet3" }],
      depends_on: ["vsphere_datacenter.dc"],
      dynamic: { disk: { for_each: "${each.value.disks}", content: { size: "${disk.value.size}" } } },
    });
    expect(tf.resource!.vsphere_datacenter!.dc!.lifecycle).toEqual({ prevent_destroy: true });
    // the table is a local named after its first block
    expect(tf.locals).toEqual({ vms: { "a/b": { name: "x" } } });
    // the `//` metadata names each block type's overridden top-level keys, once each
    expect(tf["//"]).toEqual({
      metadata: {
        backend: "local",
        stackName: "s",
        version: "0.21.0",
        overrides: { vsphere_virtual_machine: ["dynamic", "num_cpus"] },
      },
      outputs: {},
    });
  });

  it("writes a table that blocks share once, as the local of the first, which reads back inline", () => {
    const stack = new TerraformStack(new App({ outdir: "unused" }), "s");
    const clusters = TerraformIterator.fromMap({ werkplek: { name: "W", pool: "W/Resources/x" } });
    new DataVsphereComputeCluster(stack, "clusters", { forEach: clusters, name: clusters.getString("name") });
    new DataVsphereResourcePool(stack, "pools", { forEach: clusters, name: clusters.getString("pool") });
    const tf = stack.toTerraform() as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    expect(Object.keys(tf.locals!)).toEqual(["clusters"]);
    expect(tf.data!.vsphere_resource_pool!.pools!.for_each).toBe("${local.clusters}");
    const inline = inlineTables(tf) as typeof tf;
    expect(inline.locals).toBeUndefined();
    expect(inline.data!.vsphere_resource_pool!.pools!.for_each).toEqual({
      werkplek: { name: "W", pool: "W/Resources/x" },
    });
    expect([...blocksOf(tf).get("data.vsphere_resource_pool.pools")!.items.keys()]).toEqual(["werkplek"]);
  });

  it("appends stack-level overrides and names outputs in the metadata", () => {
    const stack = new TerraformStack(new App({ outdir: "unused" }), "net");
    new TerraformOutput(stack, "nat", { description: "d", value: { a: { legacy: "10.0.0.0/24" } } });
    stack.addOverride("import", [{ to: "a.b", id: "x" }]);
    const tf = stack.toTerraform() as Record<string, unknown>;
    expect(tf.output).toEqual({ nat: { description: "d", value: { a: { legacy: "10.0.0.0/24" } } } });
    expect(tf.import).toEqual([{ to: "a.b", id: "x" }]);
    expect((tf["//"] as { outputs: unknown }).outputs).toEqual({ net: { nat: "nat" } });
  });

  it("refuses two elements of one name in a stack, and two stacks of one name", () => {
    const app = new App({ outdir: "unused" });
    const stack = new TerraformStack(app, "s");
    new Folder(stack, "f", { path: "a", type: "vm" });
    expect(() => new Folder(stack, "f", { path: "b", type: "vm" })).toThrow(
      /already holds an element named f/,
    );
    expect(() => new TerraformStack(app, "s")).toThrow(/two stacks named s/);
  });

  it("writes each stack and the manifest with its dependencies", () => {
    const outdir = mkdtempSync(join(tmpdir(), "irvn-elements-"));
    dirs.push(outdir);
    const app = new App({ outdir });
    const a = new TerraformStack(app, "a");
    const b = new TerraformStack(app, "b");
    b.addDependency(a);
    b.addDependency(a);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }>;
    };
    expect(manifest.stacks.b!.dependencies).toEqual(["a"]);
    expect(manifest.stacks.a!.synthesizedStackPath).toBe("stacks/a/cdk.tf.json");
    expect(readFileSync(join(outdir, "stacks", "b", "cdk.tf.json"), "utf8")).toContain('"stackName": "b"');
  });
});
