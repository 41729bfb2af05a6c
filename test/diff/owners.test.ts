// Attribution of changes to municipalities by key, stack name and document path.
import { describe, expect, it } from "vitest";
import { municipalitiesInFiles, Owners } from "../../scripts/diff/owners.ts";
import { nounOf } from "../../scripts/diff/nouns.ts";
import { headline } from "../../scripts/diff/summary.ts";

const owners = new Owners(["berg-en-dal", "dal", "druten"]);

describe("owners", () => {
  it("takes a stack's tenant from its name suffix, the longest that matches", () => {
    expect(owners.ofStack("workplace-druten")).toBe("druten");
    expect(owners.ofStack("network-berg-en-dal")).toBe("berg-en-dal");
    expect(owners.ofStack("network")).toBe("central");
    expect(owners.ofStack("central")).toBe("central");
  });

  it("takes a key's tenant from its first segment, else the stack's owner", () => {
    expect(owners.ofKey("druten/office-session-003", "central")).toBe("druten");
    expect(owners.ofKey("druten", "central")).toBe("druten");
    expect(owners.ofKey("tenant/druten", "central")).toBe("central");
    expect(owners.ofKey("werkplek", "dal")).toBe("dal");
    expect(owners.ofKey(null, "dal")).toBe("dal");
  });

  it("takes a document's tenant from a directory or file name", () => {
    expect(owners.ofDocument("docs/network/druten/ip-plan.md")).toBe("druten");
    expect(owners.ofDocument("docs/runbooks/druten.md")).toBe("druten");
    expect(owners.ofDocument("docs/network/ip-plan.csv")).toBe("central");
  });

  it("finds the municipalities whose own file changed", () => {
    expect([
      ...municipalitiesInFiles([
        "config/region.yaml",
        "config/municipalities/druten.yaml",
        "config/municipalities/x/y.yaml",
      ]),
    ]).toEqual(["druten"]);
  });
});

describe("headline nouns", () => {
  it("names things by resource type, VMs by the kind their block holds", () => {
    const noun = (type: string, name: string, mode: "resource" | "data" = "resource") =>
      nounOf({ mode, type, name });
    expect(noun("vsphere_virtual_machine", "office_session_vms")).toEqual({
      singular: "office session VM",
      plural: "office session VMs",
    });
    expect(noun("vsphere_virtual_machine", "session_hosts")).toEqual({
      singular: "session host",
      plural: "session hosts",
    });
    expect(noun("vsphere_ha_vm_override", "office_session_ha")).toEqual({
      singular: "HA override",
      plural: "HA overrides",
    });
    expect(noun("vsphere_distributed_virtual_switch", "switch").plural).toBe("distributed switches");
    expect(noun("vsphere_tag_category", "categories").plural).toBe("tag categories");
    expect(noun("vsphere_datastore", "datastores", "data").plural).toBe("datastore lookups");
    expect(noun("terraform_data", "content_libraries")).toEqual({
      singular: "content library",
      plural: "content libraries",
    });
  });

  it("lists additions, removals, replacements, then changes, singular for one", () => {
    expect(
      headline([
        { noun: "port groups", singular: "port group", added: 2, removed: 0, changed: 1, replaced: 0 },
        { noun: "session hosts", singular: "session host", added: 12, removed: 1, changed: 0, replaced: 3 },
      ]),
    ).toBe(
      "+2 port groups, +12 session hosts, -1 session host, 3 session hosts replaced, 1 port group changed",
    );
    expect(headline([])).toBe("no change");
  });
});
