// Blocks and instances: for_each tables resolved per key, so a change shows as the attribute
// that changes on the real object.
import { describe, expect, it } from "vitest";
import { blocksOf, instanceAddress, resolveInstance } from "../../scripts/terraform-json/blocks.ts";
import { diffValues } from "../../scripts/diff/values.ts";

const tf = {
  resource: {
    vsphere_tag: {
      tags: {
        "//": { metadata: { path: "x/tags" } },
        for_each: { "zone/b": { name: "b", n: 2 }, "zone/a": { name: "a", n: 1 } },
        name: "${each.value.name}",
        description: "tag ${each.value.name} (${each.key})",
        category_id: "${vsphere_tag_category.c[each.value.name].id}",
        count_like: "${each.value.n}",
        missing: "${each.value.nothing}",
      },
    },
    vsphere_folder: { root: { path: "irvn", type: "vm" } },
    terraform_data: { names: { for_each: ["y", "x"], input: "${each.value}" } },
  },
  data: { vsphere_datacenter: { dc: { for_each: "${toset(var.dcs)}", name: "${each.key}" } } },
};

describe("blocks and instances", () => {
  const blocks = blocksOf(tf);

  it("lists resource and data blocks by address, sorted, without metadata", () => {
    expect([...blocks.keys()]).toEqual([
      "terraform_data.names",
      "vsphere_folder.root",
      "vsphere_tag.tags",
      "data.vsphere_datacenter.dc",
    ]);
    expect(blocks.get("vsphere_tag.tags")!.template).not.toHaveProperty("//");
  });

  it("expands literal for_each maps and string lists into sorted keys; expressions stay one instance", () => {
    expect([...blocks.get("vsphere_tag.tags")!.items.keys()]).toEqual(["zone/a", "zone/b"]);
    expect([...blocks.get("terraform_data.names")!.items.keys()]).toEqual(["x", "y"]);
    expect([...blocks.get("data.vsphere_datacenter.dc")!.items.keys()]).toEqual([null]);
    expect(resolveInstance(blocks.get("data.vsphere_datacenter.dc")!, null)).toEqual({
      for_each: "${toset(var.dcs)}",
      name: "${each.key}",
    });
  });

  it("resolves each.key and each.value whole, inside text and inside expressions", () => {
    expect(resolveInstance(blocks.get("vsphere_tag.tags")!, "zone/a")).toEqual({
      name: "a",
      description: "tag a (zone/a)",
      category_id: '${vsphere_tag_category.c["a"].id}',
      count_like: 1,
      missing: "${each.value.nothing}",
    });
    expect(resolveInstance(blocks.get("terraform_data.names")!, "x")).toEqual({ input: "x" });
  });

  it("makes a dynamic block over a list of the item into the blocks it stands for", () => {
    const vms = blocksOf({
      resource: {
        vsphere_virtual_machine: {
          vms: {
            for_each: { a: { disks: [{ label: "Hard disk 1", size: 80 }], nics: [{ pg: "irvn-x" }] } },
            dynamic: {
              disk: {
                for_each: "${each.value.disks}",
                content: { label: "${disk.value.label}", size: "${disk.value.size}" },
              },
              network_interface: {
                for_each: "${each.value.nics}",
                iterator: "nic",
                content: { network_id: "${data.vsphere_network.n[nic.value.pg].id}", key: "${nic.key}" },
              },
              cdrom: { for_each: "${var.cdroms}", content: { client_device: true } },
            },
          },
        },
      },
    }).get("vsphere_virtual_machine.vms")!;
    expect(resolveInstance(vms, "a")).toEqual({
      disk: [{ label: "Hard disk 1", size: 80 }],
      network_interface: [{ network_id: '${data.vsphere_network.n["irvn-x"].id}', key: "0" }],
      // a for_each the table does not hold stays a dynamic block
      dynamic: { cdrom: { for_each: "${var.cdroms}", content: { client_device: true } } },
    });
  });

  it("names instances the way Terraform does", () => {
    expect(instanceAddress("vsphere_tag.tags", "zone/a")).toBe('vsphere_tag.tags["zone/a"]');
    expect(instanceAddress("vsphere_folder.root", null)).toBe("vsphere_folder.root");
  });
});

describe("diffValues", () => {
  it("descends into objects and equal-length lists of blocks, reports other lists whole", () => {
    expect(
      diffValues(
        { a: 1, b: { c: [1, 2] }, d: [{ l: "x" }, { l: "y" }] },
        { a: 1, b: { c: [1, 3] }, d: [{ l: "x" }, { l: "z" }], e: true },
      ),
    ).toEqual([
      { path: "b.c", old: [1, 2], new: [1, 3] },
      { path: "d[1].l", old: "y", new: "z" },
      { path: "e", new: true },
    ]);
    expect(diffValues({ d: [{ l: "x" }] }, { d: [{ l: "x" }, { l: "y" }] })).toEqual([
      { path: "d", old: [{ l: "x" }], new: [{ l: "x" }, { l: "y" }] },
    ]);
  });

  it("ignores key order", () => {
    expect(diffValues({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
  });
});
