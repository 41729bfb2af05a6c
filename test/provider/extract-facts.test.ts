// The maintenance tool on a made-up provider tree: schema entries with their key paths and
// flags, the lines deciding things in code, and the check of a facts document's citations.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkFacts, decisionLines, goFiles, schemaEntries } from "../../scripts/provider/extract-facts.ts";
import type { ProviderFacts } from "../../scripts/provider/facts.ts";

// Shaped like a provider resource, written for this test.
const GO = `package vsphere

func resourceWidget() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{
			"label": {
				Type:        schema.TypeString,
				Required:    true,
				Description: "braces in text {like this} do not count",
			},
			"zone_id": {
				Type:     schema.TypeString,
				Required: true,
				ForceNew: true,
			},
			"secret": {Type: schema.TypeString, Optional: true, Sensitive: true},
			"part": {
				Type:     schema.TypeList,
				Optional: true,
				Elem: &schema.Resource{Schema: map[string]*schema.Schema{
					"size": {
						Type:     schema.TypeInt,
						Optional: true,
						Default:  1,
					},
				}},
			},
			"uuid": {
				Type:     schema.TypeString,
				Computed: true,
			},
		},
		CustomizeDiff: widgetDiff,
	}
}

func widgetDiff(d *schema.ResourceDiff) error {
	m := map[string]int{"label": 1}
	_ = m
	_ = d.ForceNew("part")
	return nil
}
`;

const FILE = "vsphere/resource_vsphere_widget.go";

describe("schemaEntries and decisionLines", () => {
  it("lists every schema entry with its key path, line and flags", () => {
    expect(schemaEntries(FILE, GO).map((e) => [e.line, e.path, [...e.flags].sort().join(" ")])).toEqual([
      [6, "label", "Required"],
      [11, "zone_id", "ForceNew Required"],
      [16, "secret", "Optional Sensitive"],
      [17, "part", "Optional"],
      [21, "part.size", "Default Optional"],
      [28, "uuid", "Computed"],
    ]);
  });

  it("lists the lines that force replacement or veto a change in code", () => {
    expect(decisionLines(FILE, GO)).toEqual([{ file: FILE, line: 40, code: '_ = d.ForceNew("part")' }]);
  });
});

describe("checkFacts", () => {
  const root = mkdtempSync(join(tmpdir(), "irvn-provider-"));
  mkdirSync(join(root, "vsphere", "internal"), { recursive: true });
  writeFileSync(join(root, FILE), GO);
  writeFileSync(join(root, "vsphere", "internal", "helper_test.go"), "package internal\n");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const facts = (attributes: ProviderFacts["types"][string]["attributes"]): ProviderFacts => ({
    provider: "p",
    version: "1",
    source: "s",
    types: { vsphere_widget: { kind: "resource", attributes } },
  });

  it("finds the provider's Go sources, tests excepted", () => {
    expect(goFiles(root)).toEqual([FILE]);
  });

  it("passes citations that hold", () => {
    expect(
      checkFacts(
        root,
        facts({
          label: { update: "in-place", cite: `${FILE}:6` },
          zone_id: { update: "replace", cite: `${FILE}:11` },
          secret: { update: "in-place", sensitive: true, stateInClear: true, cite: `${FILE}:16` },
          "part.size": { update: "in-place", cite: `${FILE}:21` },
          part: { update: "replace", cite: `${FILE}:40` },
          uuid: { update: "computed", cite: `${FILE}:28` },
        }),
      ),
    ).toEqual([]);
  });

  it("reports citations that moved or disagree with the source, and asks to verify the rest by hand", () => {
    expect(
      checkFacts(
        root,
        facts({
          label: { update: "replace", cite: `${FILE}:6` },
          zone_id: { update: "replace", cite: `${FILE}:16` },
          secret: { update: "in-place", sensitive: true, cite: `${FILE}:11` },
          part: { update: "in-place", cite: `${FILE}:40` },
          uuid: { update: "computed", cite: `${FILE}:99` },
          "part.size": { update: "in-place", cite: `${FILE}:41` },
        }),
      ),
    ).toEqual([
      `vsphere_widget label (${FILE}:6): update is replace but the entry is Required`,
      `vsphere_widget zone_id (${FILE}:16): cites the entry of secret`,
      `vsphere_widget zone_id (${FILE}:16): update is replace but the entry is Optional Sensitive`,
      `vsphere_widget secret (${FILE}:11): cites the entry of zone_id`,
      `vsphere_widget secret (${FILE}:11): update is in-place but the entry is Required ForceNew`,
      `vsphere_widget secret (${FILE}:11): the entry is not Sensitive`,
      `vsphere_widget part (${FILE}:40): cites a ForceNew call but update is in-place`,
      `vsphere_widget uuid (${FILE}:99): no such line`,
      `vsphere_widget part.size (${FILE}:41): verify by hand: return nil`,
    ]);
  });
});
