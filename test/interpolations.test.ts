// Every `${…}` interpolation of every synthesized stack, before the first wave, after each wave
// and at the target, names only blocks, locals and variables its own stack holds: a construct id
// renamed (which moves state) or a lookup dropped fails here, not in a plan.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { steps } from "../scripts/migration/walk.ts";
import { buildApp } from "../stacks/app.ts";
import { loadModel, type PointInTime } from "../stacks/model/index.ts";
import { ROOT } from "./helpers/cli.ts";

type Blocks = Record<string, Record<string, unknown>>;
interface StackJson {
  resource?: Blocks;
  data?: Blocks;
  variable?: Record<string, unknown>;
  locals?: Record<string, unknown>;
}

/** The text of every `${…}` in a string (nested braces and quoted strings inside included). */
function interpolations(text: string): string[] {
  const out: string[] = [];
  for (let start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 1)) {
    if (text[start - 1] === "$") continue; // `$${` is a literal `${`
    let depth = 0;
    let quoted = false;
    for (let i = start + 1; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === "\\") i++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        out.push(text.slice(start + 2, i));
        break;
      }
    }
  }
  return out;
}

/** What an expression names: `data.T.N`, resources `vsphere_T.N`, `var.N` and `local.N`. */
function namesIn(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = [...code.matchAll(/(?<![\w.])(data\.\w+\.\w+|vsphere_\w+\.\w+|var\.\w+|local\.\w+)/g)];
  return names.map((m) => m[1]!);
}

/** Every name a stack's interpolations use that the stack does not hold, with where it is used. */
function danglingNames(stack: StackJson): string[] {
  return checkNames(stack).dangling;
}

function checkNames(stack: StackJson): { dangling: string[]; checked: number } {
  const holds = (name: string) => {
    const [first, second, third] = name.split(".") as [string, string, string?];
    if (first === "data") return Object.hasOwn(stack.data?.[second] ?? {}, third!);
    if (first === "var") return Object.hasOwn(stack.variable ?? {}, second);
    if (first === "local") return Object.hasOwn(stack.locals ?? {}, second);
    return Object.hasOwn(stack.resource?.[first] ?? {}, second);
  };
  const out: string[] = [];
  let checked = 0;
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") {
      for (const expression of interpolations(value))
        for (const name of namesIn(expression)) {
          checked++;
          if (!holds(name)) out.push(`${path}: ${name}`);
        }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}/${i}`));
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, `${path}/${k}`);
  };
  walk(stack, "");
  return { dangling: out, checked };
}

describe("the interpolations of every stack at every migration point", () => {
  const loaded = loadModel(join(ROOT, "config"), ROOT);
  if (!loaded.ok) throw new Error("the reference configuration does not validate");
  const points: [string, PointInTime][] = [
    ...steps(loaded.model).map((s) => [s.id, s.point] as [string, PointInTime]),
    ["target", loaded.model.point],
  ];
  const work = mkdtempSync(join(tmpdir(), "irvn-interpolations-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let named = 0;

  it.each(points)("%s: name only what their stack holds", (id, point) => {
    const dir = join(work, id);
    buildApp(loaded.modelAt(point), dir).synth();
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    const dangling: string[] = [];
    for (const [name, s] of Object.entries(manifest.stacks)) {
      const stack = JSON.parse(readFileSync(join(dir, s.synthesizedStackPath), "utf8")) as StackJson;
      const result = checkNames(stack);
      dangling.push(...result.dangling.map((d) => `${name} ${d}`));
      named += result.checked;
    }
    expect(dangling).toEqual([]);
  });

  it("found interpolations to check", () => {
    // the reference's stacks at its 12 points hold thousands of names; none would mean a blind scan
    expect(named).toBeGreaterThan(1000);
  });
});

describe("the interpolation check", () => {
  const stack: StackJson = {
    resource: {
      vsphere_tag: {
        tags: { for_each: {}, category_id: "${vsphere_tag_category.categories[each.value.c].id}" },
      },
      vsphere_tag_category: { categories: {} },
    },
    data: { vsphere_datacenter: { datacenter: {} } },
    variable: { vsphere_user: {} },
  };

  it("passes names the stack holds", () => {
    expect(danglingNames(stack)).toEqual([]);
  });

  it("fails on a renamed block, a missing data source, variable or local", () => {
    const broken = structuredClone(stack);
    broken.resource!.vsphere_tag_category = { tag_categories: {} };
    broken.resource!.vsphere_folder = {
      f: {
        datacenter_id: "${data.vsphere_datacenter.dc.id}",
        path: '${var.vsphere_password}/${local.prefix}/${[for k in each.value.x : "vsphere_tag.quoted"]}',
      },
    };
    expect(danglingNames(broken)).toEqual([
      "/resource/vsphere_tag/tags/category_id: vsphere_tag_category.categories",
      "/resource/vsphere_folder/f/datacenter_id: data.vsphere_datacenter.dc",
      "/resource/vsphere_folder/f/path: var.vsphere_password",
      "/resource/vsphere_folder/f/path: local.prefix",
    ]);
  });

  it("reads nested and escaped interpolations", () => {
    expect(interpolations('a ${[for k in x : y[k].id]} $${not} ${"}"} b')).toEqual([
      "[for k in x : y[k].id]",
      '"}"',
    ]);
  });
});
