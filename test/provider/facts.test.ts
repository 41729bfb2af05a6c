// The provider facts file and its queries: well-formed, every fact cited to the provider's
// source, malformed documents refused with one error, and the most specific path winning.
import { describe, expect, it } from "vitest";
import raw from "../../scripts/provider/vsphere-2.15.0.facts.json" with { type: "json" };
import {
  attributeFact,
  driftTraps,
  FACTS,
  forcesReplacement,
  isSensitive,
  parseFacts,
  typeFacts,
} from "../../scripts/provider/facts.ts";

const allFacts = () =>
  Object.entries(FACTS.types).flatMap(([type, t]) =>
    Object.entries(t.attributes).map(([path, fact]) => ({ type, path, fact })),
  );

describe("the provider facts file", () => {
  it("is well-formed, for the pinned provider version", () => {
    expect(() => parseFacts(structuredClone(raw), "facts")).not.toThrow();
    expect(FACTS.provider).toBe("registry.terraform.io/vmware/vsphere");
    expect(FACTS.version).toBe("2.15.0");
    expect(FACTS.source).toBe("https://github.com/vmware/terraform-provider-vsphere/blob/v2.15.0/");
  });

  it("cites a line of the provider's Go source for every fact", () => {
    const facts = allFacts();
    expect(facts.length).toBeGreaterThan(150);
    for (const { type, path, fact } of facts)
      expect(fact.cite, `${type} ${path}`).toMatch(/^vsphere\/.+\.go:[1-9]\d*$/);
  });

  it("keys data sources as Terraform addresses them, with kind data", () => {
    for (const [type, t] of Object.entries(FACTS.types))
      expect(t.kind).toBe(type.startsWith("data.") ? "data" : "resource");
    expect(typeFacts("data.vsphere_compute_cluster")?.kind).toBe("data");
    expect(typeFacts("vsphere_compute_cluster")?.kind).toBe("resource");
  });

  it("says why for every trap and marks every sensitive value that the state keeps in clear", () => {
    for (const { type, path, fact } of allFacts()) {
      if (fact.trap !== undefined) expect(fact.trap.length, `${type} ${path}`).toBeGreaterThan(20);
      if (fact.sensitive) expect(fact.stateInClear, `${type} ${path}`).toBe(true);
    }
  });
});

describe("parseFacts", () => {
  const valid = () => ({
    provider: "p",
    version: "1",
    source: "s",
    types: {
      vsphere_folder: {
        kind: "resource",
        attributes: { type: { update: "replace", cite: "vsphere/f.go:4" } },
      },
    },
  });

  it("accepts a minimal document", () => {
    expect(parseFacts(valid(), "x").types.vsphere_folder!.attributes.type!.update).toBe("replace");
  });

  it("refuses a malformed document with one error naming every problem", () => {
    const doc = valid() as Record<string, unknown> & { types: Record<string, unknown> };
    doc.types.vsphere_folder = {
      kind: "data",
      attributes: {
        type: { update: "maybe", cite: "resource_vsphere_folder.go" },
        "path[0]": { update: "in-place", cite: "vsphere/f.go:1", sensitive: "yes", why: "?" },
      },
    };
    doc.types["data.vsphere_tag"] = {
      kind: "data",
      attributes: { name: { update: "in-place", cite: "vsphere/t.go:0" } },
    };
    delete doc.version;
    let message = "";
    try {
      parseFacts(doc, "broken.json");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "broken.json: malformed provider facts (8):",
      "  version must be a non-empty string",
      '  types.vsphere_folder.kind must be "resource"',
      '  types.vsphere_folder.attributes["type"].update must be one of in-place, replace, computed',
      '  types.vsphere_folder.attributes["type"].cite must be vsphere/<file>.go:<line>',
      '  types.vsphere_folder.attributes["path[0]"]: not an attribute path',
      '  types.vsphere_folder.attributes["path[0]"].sensitive must be true when present',
      '  types.vsphere_folder.attributes["path[0]"]: unknown key why',
      '  types.data.vsphere_tag.attributes["name"].cite must be vsphere/<file>.go:<line>',
    ]);
  });
});

describe("queries", () => {
  it("answers with the fact of the most specific recorded path", () => {
    expect(attributeFact("vsphere_virtual_machine", "clone")?.update).toBe("replace");
    expect(attributeFact("vsphere_virtual_machine", "clone.timeout")).toMatchObject({
      path: "clone.timeout",
      update: "in-place",
    });
    expect(attributeFact("vsphere_virtual_machine", "clone.customize.timeout")?.update).toBe("replace");
    expect(attributeFact("vsphere_virtual_machine", "extra_config.guestinfo.userdata")?.path).toBe(
      "extra_config",
    );
    expect(attributeFact("vsphere_virtual_machine", "no_such_attribute")).toBeUndefined();
    expect(attributeFact("vsphere_nothing", "name")).toBeUndefined();
  });

  it("tells what forces replacement", () => {
    expect(forcesReplacement("vsphere_datacenter", "name")).toBe(true);
    expect(forcesReplacement("vsphere_compute_cluster", "name")).toBe(false);
    expect(forcesReplacement("vsphere_tag_category", "cardinality")).toBe(false);
    expect(forcesReplacement("vsphere_virtual_machine", "clone.template_uuid")).toBe(true);
    expect(forcesReplacement("vsphere_virtual_machine", "clone.timeout")).toBe(false);
    expect(forcesReplacement("vsphere_virtual_machine", "disk.label")).toBe(false);
  });

  it("tells what is sensitive", () => {
    expect(isSensitive("vsphere_virtual_machine", "clone.customize.windows_sysprep_text")).toBe(true);
    expect(isSensitive("vsphere_virtual_machine", "clone.customize.windows_options.admin_password")).toBe(
      true,
    );
    expect(isSensitive("vsphere_virtual_machine", "clone.customize")).toBe(false);
    expect(isSensitive("vsphere_content_library", "publication.password")).toBe(false);
  });

  it("lists the drift traps of a type, sorted, each with its reason and citation", () => {
    const traps = driftTraps("vsphere_compute_cluster");
    expect(traps.map((t) => t.path)).toEqual([...traps.map((t) => t.path)].sort());
    expect(traps.map((t) => t.path)).toEqual(
      expect.arrayContaining(["host_system_ids", "vsan_enabled", "tags"]),
    );
    expect(traps.find((t) => t.path === "host_system_ids")).toMatchObject({
      cite: "vsphere/resource_vsphere_compute_cluster.go:157",
      trap: expect.stringContaining("Read sets it to the hosts in the cluster"),
    });
    expect(driftTraps("vsphere_distributed_virtual_switch").map((t) => t.path)).toContain("host");
    expect(driftTraps("vsphere_tag")).toEqual([]);
    expect(driftTraps("vsphere_nothing")).toEqual([]);
  });
});
