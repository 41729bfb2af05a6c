// `irvn plan --changed`: which stacks differ from a base and which find by name what changes there.
// The selection on hand-made stacks, the real terraform planning only the selection of a fixture,
// and the reference configuration in a temporary git repository compared with its own commit.
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { plan } from "../../scripts/commands/plan.ts";
import { selectChanged, type StackSide } from "../../scripts/terraform/changed-stacks.ts";
import type { Stack } from "../../scripts/terraform/manifest.ts";
import type { PlanReport } from "../../scripts/terraform/plan-report.ts";
import { PLANS_DIR } from "../../scripts/terraform/saved-plans.ts";
import { projectRepo, type ProjectRepo } from "../helpers/project-repo.ts";
import { FIXTURES, fixtureProject, Project, skipBecause, terraformMissing } from "./helpers.ts";

const stack = (name: string, ...dependencies: string[]): Stack => ({
  name,
  dependencies,
  dir: `/nowhere/${name}`,
  configFile: `/nowhere/${name}/cdk.tf.json`,
});
const side = (configs: Record<string, unknown>, locks: Record<string, string> = {}): StackSide =>
  new Map(Object.entries(configs).map(([name, config]) => [name, { config, lock: locks[name] }]));

const tags = (names: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  "//": { metadata: { version: "0.21.0" } },
  resource: {
    vsphere_tag: {
      tags: {
        for_each: Object.fromEntries(Object.entries(names).map(([k, name]) => [k, { name, ...extra }])),
        name: "${each.value.name}",
        category_id: "${vsphere_tag_category.tenant.id}",
        description: "${each.value.description}",
      },
    },
  },
});
const findsTag = (name: string, vms = 1) => ({
  data: { vsphere_tag: { tenant: { name, category_id: "x" } } },
  resource: { vsphere_virtual_machine: { vms: { count: vms } } },
});

describe("the stacks --changed selects", () => {
  const stacks = [
    stack("central"),
    stack("workplace-druten", "central"),
    stack("workplace-heumen", "central"),
  ];
  const base = side({
    central: tags({ druten: "tenant/druten", heumen: "tenant/heumen" }),
    "workplace-druten": findsTag("tenant/druten"),
    "workplace-heumen": findsTag("tenant/heumen"),
  });

  it("picks nothing when only key order, formatting and cdktf's metadata differ", () => {
    const reordered = JSON.parse(JSON.stringify(tags({ heumen: "tenant/heumen", druten: "tenant/druten" })));
    reordered["//"].metadata.version = "0.24.0";
    const head = side({
      central: reordered,
      "workplace-heumen": findsTag("tenant/heumen"),
      "workplace-druten": findsTag("tenant/druten"),
    });
    expect(selectChanged(stacks, base, head)).toEqual({
      picked: [],
      unchanged: ["central", "workplace-druten", "workplace-heumen"],
      removed: [],
    });
  });

  it("names the blocks that changed, and leaves a dependent alone when what it finds keeps its identity", () => {
    const head = side({
      central: tags({ druten: "tenant/druten", heumen: "tenant/heumen" }, { description: "new words" }),
      "workplace-druten": findsTag("tenant/druten", 2),
      "workplace-heumen": findsTag("tenant/heumen"),
    });
    expect(selectChanged(stacks, base, head).picked).toEqual([
      { stack: "central", reasons: ["changed: resource.vsphere_tag.tags"] },
      { stack: "workplace-druten", reasons: ["changed: resource.vsphere_virtual_machine.vms"] },
    ]);
  });

  it("picks the dependents that find a renamed or new object by its name, and only those", () => {
    const head = side({
      central: tags({ druten: "tenant/druten-2", heumen: "tenant/heumen", wijchen: "tenant/wijchen" }),
      "workplace-druten": findsTag("tenant/druten"),
      "workplace-heumen": findsTag("tenant/heumen"),
    });
    const { picked } = selectChanged(stacks, base, head);
    expect(picked.map((p) => p.stack)).toEqual(["central", "workplace-druten"]);
    expect(picked[1]!.reasons).toEqual(["finds what changes in central (vsphere_tag)"]);
  });

  it("follows a replacement through a reference: a new category id replaces every tag in it", () => {
    const head = side({
      central: {
        ...tags({ druten: "tenant/druten", heumen: "tenant/heumen" }),
        resource: {
          ...tags({ druten: "tenant/druten", heumen: "tenant/heumen" }).resource,
          vsphere_tag_category: { tenant: { name: "gemeente", cardinality: "SINGLE" } },
        },
      },
      "workplace-druten": findsTag("tenant/druten"),
      "workplace-heumen": findsTag("tenant/heumen"),
    });
    const base2 = side({
      ...Object.fromEntries([...base].map(([k, v]) => [k, v.config])),
      central: {
        ...tags({ druten: "tenant/druten", heumen: "tenant/heumen" }),
        resource: {
          ...tags({ druten: "tenant/druten", heumen: "tenant/heumen" }).resource,
          vsphere_tag_category: { tenant: { name: "tenant", cardinality: "SINGLE" } },
        },
      },
    });
    expect(selectChanged(stacks, base2, head).picked.map((p) => p.stack)).toEqual([
      "central",
      "workplace-druten",
      "workplace-heumen",
    ]);
  });

  it("picks a changed provider lock, a new stack and its dependents, and names a removed stack", () => {
    const withNew = [
      ...stacks,
      stack("network-wijchen", "central"),
      stack("workplace-wijchen", "network-wijchen"),
    ];
    const configs = Object.fromEntries([...base].map(([k, v]) => [k, v.config]));
    const head = side(
      { ...configs, "network-wijchen": { resource: {} }, "workplace-wijchen": findsTag("tenant/wijchen") },
      { "workplace-heumen": "provider vsphere 2.15.1" },
    );
    const before = side(
      { ...configs, "network-oldtown": { resource: {} } },
      { "workplace-heumen": "provider vsphere 2.15.0" },
    );
    expect(selectChanged(withNew, before, head)).toEqual({
      picked: [
        { stack: "workplace-heumen", reasons: ["provider lock file changed"] },
        { stack: "network-wijchen", reasons: ["new since the base"] },
        {
          stack: "workplace-wijchen",
          reasons: ["new since the base", "finds what changes in network-wijchen (new)"],
        },
      ],
      unchanged: ["central", "workplace-druten"],
      removed: ["network-oldtown"],
    });
  });
});

describe.skipIf(skipBecause("irvn plan --changed with terraform", terraformMissing()))(
  "irvn plan --changed with the real terraform",
  () => {
    let project: Project;
    afterEach(async () => project?.remove());

    it("plans only the stack that differs from the base output directory, and saves only its plan", async () => {
      project = await fixtureProject("basic");
      await cp(join(FIXTURES, "basic"), project.path("main-out"), { recursive: true });
      await project.editStack("workplace-druten", (json) => {
        (json.resource.terraform_data.vm!.for_each as Record<string, unknown>)["druten/ws-03"] = { cpu: 2 };
      });

      const r = await project.run(plan, [
        "--skip-synth",
        "--changed",
        "--base-out",
        "main-out",
        "--summary-json",
        "s.json",
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(
        "irvn plan --changed: 1 of 5 stack(s) differ from main-out or find by name what changes there " +
          "(provider lock files not compared: the base is an output directory):\n" +
          "  workplace-druten: changed: resource.terraform_data.vm\n" +
          "  unchanged, not planned: central, network, network-nijmegen, workplace-nijmegen\n",
      );
      expect(r.stdout).toMatch(/^\[1\/1\] workplace-druten: \d+ to add/m);
      expect(await readdir(project.path(PLANS_DIR))).toContain("workplace-druten.tfplan");
      expect((await readdir(project.path(PLANS_DIR))).filter((f) => f.endsWith(".tfplan"))).toEqual([
        "workplace-druten.tfplan",
      ]);
      const report = JSON.parse(readFileSync(project.path("s.json"), "utf8")) as PlanReport;
      expect(report.stacks.map((s) => s.stack)).toEqual(["workplace-druten"]);
      expect(report.changedSince?.unchanged).toHaveLength(4);
    });

    it("plans a dependent that reads the outputs an upstream change alters", async () => {
      project = await fixtureProject("staged");
      await cp(join(FIXTURES, "staged"), project.path("main-out"), { recursive: true });
      const file = project.stackFile("central");
      const json = JSON.parse(readFileSync(file, "utf8"));
      json.output.tag_count = { value: 1 };
      writeFileSync(file, JSON.stringify(json));

      const r = await project.run(plan, ["--skip-synth", "--changed", "--base-out", "main-out"]);
      expect(r.stdout).toContain("  central: changed: output.tag_count\n");
      expect(r.stdout).toContain("  workplace-druten: finds what changes in central (outputs)\n");
      expect(r.stdout).toMatch(/^\[2\/2\] workplace-druten: waits for central/m);
    });

    it("plans nothing and exits 0 when no stack differs, leaving no saved plan to apply", async () => {
      project = await fixtureProject("basic");
      await cp(join(FIXTURES, "basic"), project.path("main-out"), { recursive: true });
      const r = await project.run(plan, ["--skip-synth", "--changed", "--base-out", "main-out"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("irvn plan: nothing to plan.");
      const saved = existsSync(project.path(PLANS_DIR)) ? await readdir(project.path(PLANS_DIR)) : [];
      expect(saved.filter((f) => f.endsWith(".tfplan"))).toEqual([]);
    });
  },
);

describe("irvn plan --changed --base on the reference configuration", { timeout: 120_000 }, () => {
  let copy: ProjectRepo;
  let repo: string;
  const git = (...args: string[]) => copy.git(...args);
  const list = async () => {
    const project = new Project(repo);
    const r = await project.run(plan, ["--changed", "--base", "HEAD", "--list"]);
    expect(r.code, r.stderr).toBe(0);
    return { names: r.stdout.split("\n").filter(Boolean), why: r.stderr };
  };
  const edit = (file: string, from: string | RegExp, to: string) => copy.edit(file, from, to);

  beforeAll(async () => {
    copy = await projectRepo("irvn-changed-");
    repo = copy.repo;
  });
  afterEach(async () => {
    await git("checkout", "--", ".");
    await git("clean", "-qfd", "providers");
  });
  afterAll(() => copy.remove());

  it("after a staff change in Druten: Druten's workplaces, and central whose pool shares follow tenant size", async () => {
    // 190 people: 162 session-host users, 12 session hosts instead of 10; their profile
    // containers still fit Druten's provisioned profile share
    edit("config/municipalities/druten.yaml", /people: \d+/, "people: 190");
    const { names, why } = await list();
    expect(names).toEqual(["central", "workplace-druten"]);
    expect(why).toContain("  central: changed: resource.vsphere_resource_pool.tenant_pools\n");
  });

  it("after a change that reaches only the documents: none", async () => {
    edit("config/catalog.yaml", "work and income for the seven municipalities", "work and income");
    const { names, why } = await list();
    expect(names).toEqual([]);
    expect(why).toContain("0 of 19 stack(s) differ from HEAD");
  });

  it("after a new provider lock for one stack: that stack", async () => {
    await mkdir(join(repo, "providers", "locks"), { recursive: true });
    await writeFile(
      join(repo, "providers", "locks", "network-heumen.terraform.lock.hcl"),
      "# provider lock\n",
    );
    const { names, why } = await list();
    expect(names).toEqual(["network-heumen"]);
    expect(why).toContain("  network-heumen: provider lock file changed\n");
  });

  it("refuses --changed without a base, and a base that is no commit", async () => {
    const project = new Project(repo);
    await expect(project.run(plan, ["--changed"])).rejects.toThrow(/--changed needs one base/);
    const r = await project.run(plan, ["--changed", "--base", "no-such-ref", "--list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"no-such-ref" is not a commit here/);
    await rm(join(repo, "cdktf.out"), { recursive: true, force: true });
  });
});
