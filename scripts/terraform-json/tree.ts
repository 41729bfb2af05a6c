// Reading what synth wrote, for the diff (one tree a side), the migration walk and the fork check:
// the synthesized stacks (through cdktf's manifest), the rendered documents under docs/, and from
// the checkout's config the tenant ids and the IPAM lock.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { compare } from "../../stacks/model/index.ts";
import { inlineTables, type TerraformJson } from "./blocks.ts";

/** Everything one synth generated, read from disk once. */
export interface GeneratedTree {
  /** Stack name → its cdk.tf.json. */
  readonly stacks: Readonly<Record<string, TerraformJson>>;
  /** Path under the output directory (`docs/…`) → text of a rendered document. */
  readonly documents: Readonly<Record<string, string>>;
  /** Parsed config/ipam.lock.yaml, when that side has one. */
  readonly ipamLock?: unknown;
  /** Tenant ids: the file names in config/municipalities/. */
  readonly tenants: readonly string[];
  /** Each tenant's `name` where its file states one (for people; the ids stay the keys). */
  readonly tenantNames: Readonly<Record<string, string>>;
}

export const IPAM_LOCK = join("config", "ipam.lock.yaml");
const MUNICIPALITIES = join("config", "municipalities");

/** `outDir` holds what synth wrote; `checkoutDir` is the tree the configuration came from. */
export function readGeneratedTree(outDir: string, checkoutDir: string): GeneratedTree {
  const lockPath = join(checkoutDir, IPAM_LOCK);
  const tenants = readTenants(join(checkoutDir, MUNICIPALITIES));
  return {
    stacks: readStacks(outDir),
    documents: readDocuments(join(outDir, "docs")),
    tenants,
    tenantNames: readTenantNames(join(checkoutDir, MUNICIPALITIES), tenants),
    ...(existsSync(lockPath) ? { ipamLock: parse(readFileSync(lockPath, "utf8")) as unknown } : {}),
  };
}

function readStacks(outDir: string): Record<string, TerraformJson> {
  const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const out: Record<string, TerraformJson> = {};
  for (const name of Object.keys(manifest.stacks).sort(compare)) {
    // tables read as part of their blocks: a tree written with them inline compares equal
    out[name] = inlineTables(
      JSON.parse(
        readFileSync(join(outDir, manifest.stacks[name]!.synthesizedStackPath), "utf8"),
      ) as TerraformJson,
    );
  }
  return out;
}

/** Every file under docs/, keyed by its path relative to the output directory (`docs/…`). */
function readDocuments(docsDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort(compare)) {
      const path = join(dir, name);
      const rel = `${prefix}/${name}`;
      if (statSync(path).isDirectory()) walk(path, rel);
      else out[rel] = readFileSync(path, "utf8");
    }
  };
  if (existsSync(docsDir)) walk(docsDir, "docs");
  return out;
}

function readTenants(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ""))
    .sort(compare);
}

/** The `name` of each tenant file that parses and states one; the id stands for the others. */
function readTenantNames(dir: string, tenants: readonly string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const id of tenants) {
    const file = ["yaml", "yml"].map((ext) => join(dir, `${id}.${ext}`)).find(existsSync);
    try {
      const name = (parse(readFileSync(file!, "utf8")) as { name?: unknown } | null)?.name;
      if (typeof name === "string" && name.trim() !== "") names[id] = name;
    } catch {
      // an unreadable file shows as its id; validate says what is wrong with it
    }
  }
  return names;
}
