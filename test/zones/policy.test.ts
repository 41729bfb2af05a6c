// The zone policy of the reference configuration: validated as the rules say, expanded into the
// rule table the firewall team imports, and written as a document per zone. Expectations derive
// from config/zones.yaml and the model, not from copies of the output.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULE_COLUMNS, zoneDocuments } from "../../stacks/documents/zones.ts";
import { loadModel } from "../../stacks/model/index.ts";
import { FACILITIES } from "../../stacks/model/ipam/requests.ts";
import type { Model } from "../../stacks/model/model.ts";
import { formatProblem } from "../../stacks/model/problems.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { policySegments, ruleTable } from "../../stacks/model/zone-policy.ts";
import { ROOT, runCli } from "../helpers/cli.ts";
import { tempConfig } from "../helpers/temp-config.ts";

const reference = () => {
  const loaded = loadModel(join(ROOT, "config"), ROOT);
  if (!loaded.ok) throw new Error("the reference configuration does not validate");
  return loaded;
};

/** Problems of validate on a copy of config/ edited by `edit`. */
function problemsAfter(edit: (c: ReturnType<typeof tempConfig>) => void): string[] {
  const copy = tempConfig("irvn-zones-");
  try {
    edit(copy);
    return validateConfig(copy.config, copy.root).problems.map(formatProblem);
  } finally {
    copy.remove();
  }
}

describe("zone policy validation", () => {
  const guestToChain = (reason: string) => (c: ReturnType<typeof tempConfig>) =>
    c.edit(
      "zones.yaml",
      "    from: [guest]\n    to: [internet]\n",
      `    from: [guest]\n    to: [internet, chain]\n${reason}`,
    );

  it("refuses a flow from guest Wi-Fi to the Suwinet zone, with or without a reason", () => {
    for (const reason of ["", "    reason: visitors ask about their benefits\n"]) {
      const problems = problemsAfter(guestToChain(reason));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^config\/zones\.yaml:\d+:\d+  \/flows\/guests\/to\/1  zone guest is untrusted .* remove "chain" from `to`$/,
      );
    }
  });

  it("lets the reason decide once a zone is not untrusted: a flow up needs one, and passes with it", () => {
    const trusted = (c: ReturnType<typeof tempConfig>) => c.edit("zones.yaml", "    untrusted: true\n", "");
    const without = problemsAfter((c) => {
      trusted(c);
      guestToChain("")(c);
    });
    expect(without).toEqual([
      expect.stringMatching(
        /\/flows\/guests\/to\/1  zone chain \(C high, I high, A medium\) is classified above guest \(C low, I low, A low\) on confidentiality, integrity and availability: state why/,
      ),
    ]);
    const withReason = problemsAfter((c) => {
      trusted(c);
      guestToChain("    reason: visitors ask about their benefits\n")(c);
    });
    expect(withReason).toEqual([]);
  });

  it("holds a reason on every flow of the reference that goes up, and on no other", () => {
    const { model } = reference();
    const level = (id: string) => model.zones.find((z) => z.id === id)?.classification;
    const order = ["low", "medium", "high"];
    for (const flow of model.flows) {
      const up = flow.from.some((f) =>
        flow.to.some((t) => {
          const [a, b] = [level(f), level(t)];
          if (!b) return false;
          return (["confidentiality", "integrity", "availability"] as const).some(
            (x) => order.indexOf(b[x]) > order.indexOf(a?.[x] ?? "low"),
          );
        }),
      );
      expect(flow.reason !== undefined, flow.id).toBe(up);
    }
  });
});

describe("the rule table", () => {
  let model: Model;
  let rows: ReturnType<typeof ruleTable>;
  beforeAll(() => {
    model = reference().model;
    rows = ruleTable(model, policySegments(model));
  });

  it("allows only the pairs of zones a flow names, and every flow with segments on both sides has rules", () => {
    for (const r of rows) {
      const flow = model.flows.find((f) => f.id === r.flow)!;
      expect(flow.from, r.rule).toContain(r.fromZone);
      expect(flow.to, r.rule).toContain(r.toZone);
      expect(r.ports).toBe([...new Set(flow.services.flatMap((s) => s.ports))].join(" "));
    }
    const owners = (zone: string) =>
      model.networks.some((n) => n.id === zone) || policySegments(model).some((s) => s.zone === zone);
    for (const flow of model.flows) {
      if (flow.from.some(owners) && flow.to.some(owners))
        expect(
          rows.some((r) => r.flow === flow.id),
          flow.id,
        ).toBe(true);
    }
  });

  it("keeps tenants apart: a segment reaches its own tenant's, the facilities' and outside networks only", () => {
    const owner = (key: string) => (key === "" ? undefined : key.split("/")[0]);
    for (const r of rows) {
      const [a, b] = [owner(r.fromSegment), owner(r.toSegment)];
      if (a && b && a !== FACILITIES && b !== FACILITIES) expect(a, r.rule).toBe(b);
      expect(r.fromSegment === "" || r.fromSegment !== r.toSegment, r.rule).toBe(true);
    }
    expect(rows.some((r) => owner(r.fromSegment) === "druten" && owner(r.toSegment) === "nijmegen")).toBe(
      false,
    );
  });

  it("lets guest Wi-Fi reach the internet only, and translates Suwinet traffic to the registered addresses", () => {
    const guests = rows.filter((r) => r.fromZone === "guest");
    expect(new Set(guests.map((r) => r.toZone))).toEqual(new Set(["internet"]));
    // guest Wi-Fi is a subnet at each site, no port group
    const guestSubnets = model.siteSubnets.filter((s) => s.zone === "guest");
    expect(guestSubnets.length).toBeGreaterThan(0);
    expect(guests.map((r) => r.fromSegment).sort()).toEqual(guestSubnets.map((s) => s.key).sort());
    expect(rows.filter((r) => r.toZone === "guest")).toEqual([]);

    const registered = model.networks.find((n) => n.id === "diginetwerk")!.registeredAddresses!;
    const toDiginetwerk = rows.filter((r) => r.toZone === "diginetwerk");
    expect(toDiginetwerk.map((r) => r.fromSegment).sort()).toEqual(
      model.segments
        .filter((s) => s.item === "suwinet")
        .map((s) => s.key)
        .sort(),
    );
    for (const r of toDiginetwerk) expect(r.nat).toBe(`ipv4 source to ${registered}`);
    expect(rows.filter((r) => r.toZone !== "diginetwerk").every((r) => r.nat === "")).toBe(true);
  });

  it("lets a linked legacy network reach its own tenant's central segments while it coexists, not after", () => {
    const loaded = loadModel(join(ROOT, "config"), ROOT, "start-2015");
    if (!loaded.ok) throw new Error("no model at start-2015");
    const linked = ruleTable(loaded.model, policySegments(loaded.model)).filter(
      (r) => r.flow === "coexistence",
    );
    const transits = loaded.model.segments.filter((s) => s.zone === "transit");
    expect(transits.length).toBeGreaterThan(0);
    expect(new Set(linked.map((r) => r.fromSegment))).toEqual(new Set(transits.map((s) => s.key)));
    for (const r of linked)
      expect(r.toSegment.split("/")[0], r.rule).toMatch(
        new RegExp(`^(${r.fromSegment.split("/")[0]}|facilities)$`),
      );
    expect(rows.filter((r) => r.flow === "coexistence")).toEqual([]);
  });

  it("is written as rules.csv with the documented columns, one line per rule, the same on every run", () => {
    const csv = () => zoneDocuments(model).find((f) => f.path === "docs/zones/rules.csv")!.text;
    const lines = csv().trimEnd().split("\n");
    expect(lines[0]).toBe(RULE_COLUMNS.join(","));
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(rows.map((r) => r.rule));
    expect(lines.slice(1).every((l) => l.split(",").length === RULE_COLUMNS.length)).toBe(true);
    expect(csv()).toBe(csv());
  });
});

describe("zone documents written by synth", () => {
  let out: string;
  const doc = (name: string) => readFileSync(join(out, "docs", "zones", name), "utf8");
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "irvn-zones-"));
    const r = await runCli(["synth", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("writes the policy, a document per zone and the rule table", () => {
    const config = validateConfig(join(ROOT, "config"), ROOT).config!;
    for (const zone of Object.keys(config.zones.zones))
      expect(doc(`${zone}.md`)).toContain(`# Zone ${zone}:`);
    expect(doc("policy.md")).toContain(
      "| **guest** | · | · | · | · | · | · | · | · | · | · | · | · | · | guests |",
    );
    expect(doc("rules.csv").split("\n")[0]).toBe(RULE_COLUMNS.join(","));
  });

  it("places the servers that use Suwinet in the Suwinet zone, with their second adapter", () => {
    const chain = doc("chain.md");
    expect(chain).toContain(
      "| Nijmegen | Suite sociaal domein | 4 | C high, I high, A high | irvn-nijmegen-application, irvn-nijmegen-suwinet |",
    );
    expect(chain).toMatch(
      /\| suwinet \| diginetwerk \(outside network\) \| HTTPS tcp\/443 \| source translated to 198\.51\.100\.0\/28 \|/,
    );
    expect(doc("guest.md")).toContain("Untrusted: devices IRVN does not manage.");
  });

  it("names BIO2 at the target, and no BBN anywhere unless a zone states one", () => {
    expect(doc("policy.md")).toContain(
      "Security baseline in force: Baseline Informatiebeveiliging Overheid 2 (BIO2)",
    );
    const central = readFileSync(join(out, "stacks", "central", "cdk.tf.json"), "utf8");
    const network = readFileSync(join(out, "stacks", "network", "cdk.tf.json"), "utf8");
    for (const text of [central, network, doc("policy.md"), doc("chain.md")]) expect(text).not.toMatch(/BBN/);
    expect(central).toContain('"description": "Ketenkoppelingen (C high, I high, A medium)"');
  });
});

describe("a zone that states a BBN, and the baseline at a point in time", () => {
  it("tags and documents the BBN with its reason", async () => {
    const copy = tempConfig("irvn-zones-bbn-");
    const out = join(copy.root, "out");
    try {
      copy.edit(
        "zones.yaml",
        "    classification: { confidentiality: high, integrity: high, availability: medium }\n    description: closed government networks",
        "    classification: { confidentiality: high, integrity: high, availability: medium }\n    bbn:\n      level: 2\n      reason: the chain partner's connection standard still asks for BBN 2\n    description: closed government networks",
      );
      const r = await runCli(["synth", "--config", copy.config, "--out", out], copy.root);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(out, "stacks", "central", "cdk.tf.json"), "utf8")).toContain(
        '"description": "Ketenkoppelingen (C high, I high, A medium; BBN 2)"',
      );
      expect(readFileSync(join(out, "docs", "zones", "chain.md"), "utf8")).toContain(
        "- BBN 2 (BIO1), stated because: the chain partner's connection standard still asks for BBN 2.",
      );
    } finally {
      copy.remove();
    }
  });

  it("names the BIG for a wave of 2015-2019 and the BIO from 2020", () => {
    const at = (point: string) => {
      const loaded = loadModel(join(ROOT, "config"), ROOT, point);
      if (!loaded.ok) throw new Error(`no model at ${point}`);
      return loaded.model.baseline?.id;
    };
    expect(at("netwerk-a-2017")).toBe("big");
    expect(at("2019-12-31")).toBe("big");
    expect(at("uitfasering-2020")).toBe("bio");
    expect(at("2025-09-24")).toBe("bio2");
    expect(at("2013-01-01")).toBeUndefined();
  });
});
