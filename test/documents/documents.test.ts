// The documents people read, at every point of the migration (before the first wave, after each
// wave, the target) and in the migration plan: no table without rows, VLAN tables in VLAN order,
// names where people expect names, the input report in the catalogue's inputs and units, a
// Gantt axis with each year once, and nothing that depends on the order of keys in the YAML.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { walk } from "../../scripts/migration/run.ts";
import { planDocuments } from "../../scripts/migration/report.ts";
import { steps } from "../../scripts/migration/walk.ts";
import { synthDocuments } from "../../stacks/documents/index.ts";
import { loadModel, type Model } from "../../stacks/model/index.ts";
import { TARGET } from "../../stacks/model/timeline.ts";
import { ROOT } from "../helpers/cli.ts";
import { reverseKeys } from "../helpers/reverse-keys.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";

function load(configDir: string, cwd: string) {
  const loaded = loadModel(configDir, cwd);
  if (!loaded.ok) throw new Error(`test setup: ${configDir} does not validate`);
  return loaded;
}

/** Every document at every point, keyed `<point>/<path>`, and the migration plan's under `migration-plan/`. */
function everyDocument(configDir: string, cwd: string, scratch: string) {
  const loaded = load(configDir, cwd);
  const docs = new Map<string, string>();
  const points = [...steps(loaded.model).map((s) => [s.id, s.point] as const), ["target", TARGET] as const];
  for (const [id, point] of points) {
    for (const d of synthDocuments(loaded.modelAt(point))) docs.set(`${id}/${d.path}`, d.text);
  }
  for (const d of planDocuments(loaded.model, walk(loaded, scratch)))
    docs.set(`migration-plan/${d.path}`, d.text);
  return { model: loaded.model, docs };
}

/** A file of the reference configuration as its YAML reads. */
const configFile = (file: string) => parse(readFileSync(join(ROOT, "config", file), "utf8"));

interface Table {
  readonly line: number;
  readonly header: string[];
  readonly rows: string[][];
}

const cells = (line: string) =>
  line
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());

/** The Markdown tables of a document (header, separator, rows), outside fenced blocks. */
function tables(text: string): Table[] {
  const lines = text.split("\n");
  const out: Table[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith("```")) fenced = !fenced;
    if (fenced || !lines[i]!.startsWith("|") || !/^\|(\s*:?-+:?\s*\|)+$/.test(lines[i + 1] ?? "")) continue;
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith("|"); j++) rows.push(cells(lines[j]!));
    out.push({ line: i + 1, header: cells(lines[i]!), rows });
    i = j - 1;
  }
  return out;
}

const markdown = (docs: Map<string, string>) => [...docs].filter(([path]) => path.endsWith(".md"));

describe("the documents at every point of the migration", () => {
  let scratch: string;
  let model: Model;
  let docs: Map<string, string>;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "irvn-docs-"));
    ({ model, docs } = everyDocument(join(ROOT, "config"), ROOT, join(scratch, "reference")));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("covers every point, the migration plan and its runbooks", () => {
    const points = new Set([...docs.keys()].map((k) => k.split("/")[0]));
    expect(points).toEqual(new Set(["before", ...model.waves.map((w) => w.id), "target", "migration-plan"]));
    expect([...docs.keys()].filter((k) => k.startsWith("migration-plan/runbooks/")).length).toBeGreaterThan(
      20,
    );
  });

  it("has no table with a header and no rows: an empty section says so in a sentence", () => {
    const empty = markdown(docs).flatMap(([path, text]) =>
      tables(text)
        .filter((t) => t.rows.length === 0)
        .map((t) => `${path}:${t.line} | ${t.header.join(" | ")} |`),
    );
    expect(empty).toEqual([]);
    // the cases that had one say none instead
    expect(docs.get("target/docs/network/nijmegen/ip-plan.md")).toContain(
      "No legacy subnets remain at this point.",
    );
    expect(docs.get("target/docs/network/druten/fibre-gemeentehuis.md")).toMatch(
      /## 3\. Legacy subnets carried during coexistence\n\nNo legacy subnets are carried at this point\.\n/,
    );
    expect(docs.get("target/docs/inputs/heumen.md")).toMatch(
      /## Hosted applications\n\nNo hosted applications at this point\.\n/,
    );
  });

  it("names only documents that exist at the same point", () => {
    const named = new Set<string>();
    const missing: string[] = [];
    for (const [key, text] of docs) {
      const point = key.split("/")[0]!;
      if (point === "migration-plan") continue; // its runbooks name the output of their wave's synth
      for (const [, path] of text.matchAll(/`(docs\/[^`<>]+\.md)`/g)) {
        named.add(path!);
        if (!docs.has(`${point}/${path}`)) missing.push(`${key} names ${path}, not written at ${point}`);
      }
    }
    expect(missing).toEqual([]);
    expect(named).toContain("docs/guest/customization-specs.md");
  });

  it("has no empty table either for a model with every list emptied (a tenant with nothing yet)", () => {
    const loaded = load(join(ROOT, "config"), ROOT);
    const full = loaded.model;
    const bare: Model = {
      ...full,
      tenants: full.tenants.map((t) => ({ ...t, groups: [] })),
      sharedGroups: [],
      segments: full.segments.filter((s) => s.kind === "facility"),
      siteSubnets: [],
      legacySubnets: [],
      vmPools: [],
      flows: [],
      networks: [],
      // a tenant's fibre link without a subnet at its site yet: its handover sheet's section 2
      fibreLinks: full.fibreLinks.slice(0, 1),
    };
    const empty = synthDocuments(bare)
      .filter((d) => d.path.endsWith(".md"))
      .flatMap((d) =>
        tables(d.text)
          .filter((t) => t.rows.length === 0)
          .map((t) => `${d.path}:${t.line}`),
      );
    expect(empty).toEqual([]);
  });

  it("lists VLANs in VLAN order (within each site where a table groups by site)", () => {
    let checked = 0;
    const unsorted: string[] = [];
    for (const [path, text] of markdown(docs)) {
      for (const t of tables(text)) {
        const vlan = t.header.findIndex((h) => /^(Legacy )?VLAN$/.test(h));
        if (vlan < 0 || t.rows.length < 2) continue;
        checked++;
        const site = t.header.indexOf("Site");
        t.rows.forEach((row, i) => {
          const prev = t.rows[i - 1];
          if (!prev || (site >= 0 && prev[site] !== row[site])) return;
          if (Number(row[vlan]) < Number(prev[vlan]))
            unsorted.push(`${path}:${t.line + 2 + i} VLAN ${row[vlan]}`);
        });
      }
    }
    expect(unsorted).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("names municipalities by name, not id, wherever a person reads (code, links and paths aside)", () => {
    const tenants = model.allTenants.filter((t) => t.id !== t.name);
    const ids = new RegExp(`(?<![\\w./-])(${tenants.map((t) => t.id).join("|")})(?![\\w/-])`, "g");
    const found: string[] = [];
    for (const [path, text] of markdown(docs)) {
      const prose = text
        .replace(/```[\s\S]*?```/g, "") // Mermaid: ids are node ids there
        .replace(/`[^`\n]*`/g, "") // code: port groups, addresses, commands
        .replace(/\]\([^)]*\)/g, "]"); // link targets (file names)
      for (const m of prose.matchAll(ids)) found.push(`${path}: ${m[0]}`);
    }
    expect(found).toEqual([]);
    expect(docs.get("target/docs/inputs/region.md")).toContain(
      "| Druten | Mobiele telefonie | held by Nijmegen |",
    );
    expect(docs.get("migration-plan/plan.md")).toContain("- Mook en Middelaar: network → linked");
  });

  it("reports the inputs as the catalogue defines them, with totals that add up", () => {
    const { inputs } = configFile("catalog.yaml") as {
      inputs: Record<string, { name: string; unit: string }>;
    };
    const rows = (path: string) =>
      docs
        .get(path)!
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => {
          const [tenant, input, item, quantity, unit] = l.split(",");
          return { tenant: tenant!, input: input!, item: item!, quantity: Number(quantity), unit: unit! };
        });
    for (const [path] of [...docs].filter(([p]) => /\/docs\/inputs\/[^/]+\.csv$/.test(p))) {
      for (const r of rows(path)) {
        expect(Object.keys(inputs), `${path}: ${r.input}`).toContain(r.input);
        expect(r.unit, `${path}: ${r.input}`).toBe(inputs[r.input]!.unit);
        expect(Number.isInteger(r.quantity), `${path}: ${r.input}`).toBe(true);
      }
    }
    const all = rows("target/docs/inputs/inputs.csv");
    const sum = (input: string, tenant?: string) =>
      all
        .filter((r) => r.input === input && (tenant === undefined || r.tenant === tenant))
        .reduce((n, r) => n + r.quantity, 0);

    // workplaces in workplaces, one per user: Berg en Dal's 258 users, not its 34 VMs
    const bergEnDal = tables(docs.get("target/docs/inputs/region.md")!)[0]!;
    const col = (name: string) => bergEnDal.header.indexOf(name);
    const row = (tenant: string) =>
      bergEnDal.rows.find((r) => r[0]!.startsWith(`[${tenant}]`) || r[0] === tenant)!;
    expect(sum("workplace", "berg-en-dal")).toBe(Number(row("Berg en Dal")[col("Workplaces")]));
    expect(sum("workplace", "berg-en-dal")).not.toBe(Number(row("Berg en Dal")[col("Workplace VMs")]));

    // mobile telephony per subscription, as each municipality states them
    for (const t of model.allTenants) {
      const file = configFile(`municipalities/${t.id}.yaml`) as {
        services: Record<string, { subscriptions?: number }>;
      };
      const stated = file.services["mobile-telephony"]?.subscriptions;
      expect(stated, t.id).toBeGreaterThan(0);
      expect(sum("subscription", t.id), t.id).toBe(stated);
    }
    expect(all.some((r) => r.input === "users")).toBe(false);

    // the region's row is the sum of the inputs
    const region = row("**Region**");
    const totals: [string, string][] = [
      ["workplace", "Workplaces"],
      ["vcpu", "vCPU"],
      ["memory", "RAM (GiB)"],
      ["storage", "Storage (GiB)"],
      ["segment", "Segments"],
      ["fibre-link", "Fibre links"],
      ["subscription", "Mobile subscriptions"],
      ["hours", "FM hours/month"],
    ];
    for (const [input, column] of totals) expect(sum(input), input).toBe(Number(region[col(column)]));

    // a municipality's own report prices the same quantities
    const own = tables(docs.get("target/docs/inputs/nijmegen.md")!).find((t) => t.header[0] === "Input")!;
    for (const [id, input] of Object.entries(inputs)) {
      const line = own.rows.find((r) => r[0] === input.name);
      if (!line) continue;
      expect(Number(line[1]), id).toBe(sum(id, "nijmegen"));
      expect(line[2], id).toBe(input.unit);
    }
  });

  it("draws the timeline's axis with each year once", () => {
    const gantt = /```mermaid\n(gantt[\s\S]*?)```/.exec(docs.get("migration-plan/plan.md")!)![1]!;
    expect(gantt).toMatch(/^ {2}axisFormat %Y$/m);
    // Mermaid's gantt renderer takes a tick interval of this form only (no years), and otherwise
    // picks its own ticks: with %Y, every quarter printed its year again
    const interval = /^ {2}tickInterval (\S+)$/m.exec(gantt)?.[1] ?? "";
    const m = /^([1-9]\d*)(millisecond|second|minute|hour|day|week|month)$/.exec(interval);
    expect(m, interval).not.toBeNull();
    expect(m![2]).toBe("month");
    expect(Number(m![1]) % 12).toBe(0);
  });
});

describe("documents do not follow the order of keys in the YAML", () => {
  let copy: TempConfig;
  let scratch: string;

  beforeAll(() => {
    copy = tempConfig("irvn-key-order-");
    scratch = mkdtempSync(join(tmpdir(), "irvn-key-order-walk-"));
  });
  afterAll(() => {
    copy.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("writes byte-identical documents at every point from a configuration with every map reversed", () => {
    const maps = reverseKeys(copy.config);
    expect(maps).toBeGreaterThan(100);
    // the copy reads differently: the municipalities' services, for one, come in reverse
    expect(Object.keys(parse(copy.read("municipalities/druten.yaml")).services)[0]).toBe("work-and-income");
    const reference = everyDocument(join(ROOT, "config"), ROOT, join(scratch, "a")).docs;
    const reversed = everyDocument(copy.config, copy.root, join(scratch, "b")).docs;
    expect([...reversed.keys()].sort()).toEqual([...reference.keys()].sort());
    const differ = [...reference].filter(([path, text]) => reversed.get(path) !== text).map(([path]) => path);
    expect(differ).toEqual([]);
  });
});
