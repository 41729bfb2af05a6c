// The migration as a testable thing: the reference path passes every invariant, and one broken
// fixture per invariant proves that invariant trips, naming wave, municipality and invariant.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deterministic, INVARIANTS, noReplace } from "../../scripts/migration/invariants.ts";
import { transition } from "../../scripts/migration/changes.ts";
import { walk, type Walk } from "../../scripts/migration/run.ts";
import type { State } from "../../scripts/migration/walk.ts";
import { loadModel, validateConfig } from "../../stacks/model/index.ts";
import { ROOT, runBin, runCli } from "../helpers/cli.ts";
import { expectedViolations, materialiseMigrationCase, migrationCases } from "./fixtures.ts";

describe("irvn migrate on the reference configuration", () => {
  it("passes every invariant over every transition", async () => {
    const r = await runBin(["migrate", "test"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("walked 12 states (before the first wave, then 11 waves) and 11 transitions");
    for (const id of Object.keys(INVARIANTS)) expect(r.stdout).toMatch(new RegExp(`ok {4}${id} `));
  });

  it("plans every wave, Wijchen's included, with a Gantt chart and a runbook per wave and municipality", async () => {
    const out = mkdtempSync(join(tmpdir(), "irvn-plan-"));
    try {
      const r = await runCli(["migrate", "plan", "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("```mermaid\ngantt\n");
      expect(r.stdout).toMatch(
        /## functioneel-beheer-2016 → wijchen-2016: Wijchen joins IRVN \(2016-12-01\)\n\nSecurity baseline in force: Baseline Informatiebeveiliging Nederlandse Gemeenten \(BIG\)\.\n\n- Wijchen: network → linked\n/,
      );
      // the 2015-2019 waves fell under the BIG, the retirement in January 2020 under the BIO
      expect(r.stdout.match(/in force: [^\n]*\(BIG\)/g)).toHaveLength(10);
      expect(r.stdout).toMatch(
        /## servers-2019 → uitfasering-2020: .*\n\nSecurity baseline in force: Baseline Informatiebeveiliging Overheid \(BIO\)\.\n/,
      );
      expect(r.stdout).toMatch(/\| Wijchen \| network-wijchen \| \d+ \| 0 \| 0 \| 0 \|/);
      expect(r.stdout).toMatch(
        /## werkplek-2018-d → servers-2019: .*\n(.*\n)+\| Nijmegen \| applications-nijmegen \| \d+ \| 0 \| 0 \| 0 \|/,
      );
      const config = validateConfig(join(ROOT, "config")).config!;
      const expected = Object.entries(config.migration.waves).flatMap(([w, wave]) =>
        Object.keys(wave.moves).map((t) => `${w}/${t}.md`),
      );
      const written = readdirSync(join(out, "runbooks")).flatMap((w) =>
        readdirSync(join(out, "runbooks", w)).map((f) => `${w}/${f}`),
      );
      expect(written.sort()).toEqual(expected.sort());
      const runbook = readFileSync(join(out, "runbooks", "wijchen-2016", "wijchen.md"), "utf8");
      for (const heading of [
        "## 1. Preconditions",
        "## 2. Changes",
        "## 3. Plan and apply, in this order",
        "## 4. Checks after",
        "## 5. Rollback",
      ]) {
        expect(runbook).toContain(heading);
      }
      expect(runbook).toContain("npx irvn plan --at wijchen-2016 --stack central --stack network-wijchen");
      expect(runbook).toContain("`npx irvn plan --at functioneel-beheer-2016` shows no changes");
      expect(runbook).toContain("fibre-gemeentehuis.md");
      // the adoption wave says where each adopted VM goes and what its plan may show
      const adoption = readFileSync(join(out, "runbooks", "servers-2019", "nijmegen.md"), "utf8");
      expect(adoption).toContain(
        "| `nij-zs001` | `/DC-Stadhuis/vm/Applicaties/Zaaksysteem/nij-zs001` | `IRVN-Server/Resources/irvn-nijmegen`, `irvn/nijmegen`, `vsanDatastore-Server` | VL20-Applicaties → `irvn-nijmegen-application`; Beheer → `irvn-nijmegen-server` |",
      );
      expect(adoption).toContain("nothing but attaching irvn's tags");
      expect(readFileSync(join(out, "runbooks", "uitfasering-2020", "nijmegen.md"), "utf8")).not.toContain(
        "Move each adopted VM",
      );
      const json = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as {
        transitions: { to: string; counts: unknown[] }[];
      };
      expect(json.transitions.map((t) => t.to)).toContain("wijchen-2016");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("limits the plan to one wave, and refuses an unknown wave", async () => {
    const out = mkdtempSync(join(tmpdir(), "irvn-plan-"));
    try {
      const r = await runCli(["migrate", "plan", "--wave", "wijchen-2016", "--out", out]);
      expect(r.code).toBe(0);
      expect(r.stdout.match(/^## .+ → /gm)).toEqual(["## functioneel-beheer-2016 → "]);
      const bad = await runCli(["migrate", "plan", "--wave", "wave-9", "--out", out]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--wave "wave-9" is not a wave of migration.yaml');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("synthesizes 1 January 2016 without Wijchen, which joined in December 2016", async () => {
    const out = mkdtempSync(join(tmpdir(), "irvn-2016-"));
    try {
      const r = await runCli(["synth", "--at", "2016-01-01", "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(join(out, "stacks")).filter((s) => s.includes("wijchen"))).toEqual([]);
      const central = readFileSync(join(out, "stacks", "central", "cdk.tf.json"), "utf8");
      expect(central).not.toContain('"tenant/wijchen"');
      expect(central).not.toContain('"irvn/wijchen"');
      expect(central).toContain('"tenant/druten"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("broken migration fixtures (test/fixtures/migration)", () => {
  for (const name of migrationCases()) {
    it(`${name} trips, naming wave, municipality and invariant`, async () => {
      const copy = materialiseMigrationCase(name);
      try {
        expect((await runCli(["validate", "--config", copy.config], copy.root)).code).toBe(0);
        const r = await runCli(["migrate", "test", "--config", copy.config], copy.root);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(new RegExp(`FAIL  ${name} `));
        const lines = r.stderr.split("\n").filter((l) => l.includes(`  ${name}: `));
        expect(lines).toEqual(expectedViolations(name));
      } finally {
        copy.remove();
      }
    });
  }
});

describe("invariants that no valid configuration can break, on crafted states", () => {
  let scratch: string;
  let reference: Walk;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "irvn-walk-"));
    const loaded = loadModel(join(ROOT, "config"));
    if (!loaded.ok) throw new Error("the reference configuration does not validate");
    reference = walk(loaded, scratch);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** The last two states, the later one's central stack edited. */
  function edited(
    edit: (central: Record<string, Record<string, Record<string, Record<string, unknown>>>>) => void,
  ): State[] {
    const [a, b] = reference.states.slice(-2) as [State, State];
    const central = structuredClone(b.tree!.stacks.central) as Record<
      string,
      Record<string, Record<string, Record<string, unknown>>>
    >;
    edit(central);
    return [a, { ...b, tree: { ...b.tree!, stacks: { ...b.tree!.stacks, central } } }];
  }

  it("no-replace trips when an attribute forces replacement", () => {
    const states = edited((c) => {
      c.resource!.vsphere_folder!.root_folder!.type = "datastore";
    });
    const v = noReplace(states, [transition(states[0]!, states[1]!)]);
    expect(v.map((x) => [x.invariant, x.wave, x.owner])).toEqual([
      ["no-replace", "uitfasering-2020", "central"],
    ]);
    expect(v[0]!.message).toBe("replaces vsphere_folder.root_folder (central): change it in place instead");
  });

  it("no-replace trips when an item reappears under another key (a moved block would do)", () => {
    const states = edited((c) => {
      const each = c.resource!.vsphere_folder!.tenant_folders!.for_each as Record<string, unknown>;
      each["druten-old"] = each.druten;
      delete each.druten;
    });
    const v = noReplace(states, [transition(states[0]!, states[1]!)]);
    expect(v.map((x) => x.message)).toContain(
      'vsphere_folder.tenant_folders["druten"] (central) reappears unchanged as vsphere_folder.tenant_folders["druten-old"] (central): add a moved block instead of destroying and creating it',
    );
  });

  it("deterministic trips when a second run writes other bytes", () => {
    const state = reference.states.at(-1)!;
    const copy = join(scratch, "copy");
    cpSync(state.dir, copy, { recursive: true });
    expect(deterministic([state], [{ ...state, dir: copy }])).toEqual([]);
    writeFileSync(
      join(copy, "docs", "inputs", "druten.md"),
      readFileSync(join(copy, "docs", "inputs", "druten.md"), "utf8") + "generated at 12:00\n",
    );
    expect(deterministic([state], [{ ...state, dir: copy }])).toEqual([
      {
        invariant: "deterministic",
        wave: "uitfasering-2020",
        owner: "central",
        message: "docs/inputs/druten.md differs between two runs",
      },
    ]);
  });
});
