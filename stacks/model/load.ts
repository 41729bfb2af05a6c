// Loading a configuration directory: which files exist, what kind each is, their parsed and
// shape-checked contents. Everything found wrong is collected; nothing is thrown.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { FORMATS } from "./formats.ts";
import { INVENTORY_DIR, readInventories, type TenantInventory } from "./inventory.ts";
import { LOCK_FILE } from "./ipam/lock-file.ts";
import { compare, escapeControls, type Finding, type Problem, suggestion } from "./problems.ts";
import type {
  CatalogConfig,
  FileKind,
  MigrationConfig,
  RegionConfig,
  TenantConfig,
  ZonesConfig,
} from "./schema/index.ts";
import { checkShape } from "./shape.ts";
import { locate, readBudget, readYaml, type SourceFile } from "./source.ts";

export const TOP_FILES = {
  region: "region.yaml",
  catalog: "catalog.yaml",
  zones: "zones.yaml",
  migration: "migration.yaml",
} as const;
export const TENANT_DIR = "municipalities";
/** Files in the configuration directory that are not configuration input. */
const OTHER_ENTRIES = new Set(["schema", LOCK_FILE, INVENTORY_DIR]);

/** The raw configuration: shape-valid, not yet checked for meaning. */
export interface RawConfig {
  readonly region: RegionConfig;
  readonly catalog: CatalogConfig;
  /** The zone policy. */
  readonly zones: ZonesConfig;
  readonly migration: MigrationConfig;
  /** Sorted by id. */
  readonly tenants: ReadonlyArray<{ readonly id: string; readonly config: TenantConfig }>;
  /** The legacy vCenter inventories in inventory/, sorted by tenant id. */
  readonly inventories: readonly TenantInventory[];
}

/** Where each part of the configuration came from, so that findings can be located. */
export interface ConfigFiles {
  readonly region: string;
  readonly catalog: string;
  readonly zones: string;
  readonly migration: string;
  readonly lock: string;
  tenant(id: string): string;
  inventory(tenant: string): string;
}

/**
 * Files present but left out of a partial configuration for their syntax or shape problems: what
 * they would hold is unknown, not missing (a reference to a left-out tenant is no error).
 */
export interface LeftOut {
  readonly tenants: ReadonlySet<string>;
  /** Tenants whose inventory file was left out; "all" when inventory/ itself is unreadable. */
  readonly inventories: ReadonlySet<string> | "all";
}

export interface Loaded {
  /** Present when every file is shape-valid. */
  readonly config?: RawConfig;
  /**
   * Otherwise, when region.yaml, catalog.yaml, zones.yaml and migration.yaml are (rules read them): the
   * files that are, so that the rules check those while the others are being fixed.
   */
  readonly partial?: { readonly config: RawConfig; readonly leftOut: LeftOut };
  readonly files: ConfigFiles;
  readonly problems: Problem[];
  /** Turns rule findings into located problems. */
  readonly locateAll: (findings: readonly Finding[]) => Problem[];
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === "" || rel.startsWith("..") ? path : rel;
  // a file name may hold a line break or a terminal escape: one report line per problem, shown as is
  return escapeControls(shown.split(sep).join("/"));
}

export function loadConfig(dir: string, cwd = process.cwd()): Loaded {
  const sources = new Map<string, SourceFile>();
  const problems: Problem[] = [];
  const show = (name: string) => displayPath(join(dir, name), cwd);
  const files = configFiles(show);
  const fileProblem = (file: string, message: string) =>
    problems.push({ file, line: 1, col: 1, pointer: "", message });

  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fileProblem(
      displayPath(dir, cwd),
      "configuration directory not found: pass --config DIR or run from the project root",
    );
    return { files, problems, locateAll: () => [] };
  }

  const data: Partial<Record<FileKind, unknown>> = {};
  const budget = readBudget();
  const read = (kind: FileKind, file: string, path: string): unknown => {
    const result = readYaml(path, file, dir, budget);
    problems.push(...result.problems);
    if (!result.source) return undefined;
    sources.set(file, result.source);
    const findings = checkShape(kind, file, result.source.data);
    problems.push(...locateWith(sources, findings));
    return findings.length === 0 ? result.source.data : undefined;
  };

  unexpectedEntries(dir, show, fileProblem);
  for (const [kind, name] of Object.entries(TOP_FILES) as [keyof typeof TOP_FILES, string][]) {
    const path = join(dir, name);
    if (!existsSync(path)) fileProblem(show(name), `missing: the configuration needs ${name}`);
    else data[kind] = read(kind, show(name), path);
  }

  const tenantsRead = readTenants(dir, show, (file, path) => read("tenant", file, path), fileProblem);
  const inventory = readInventories(dir, show, (file, path) => read("inventory", file, path), fileProblem);

  const locateAll = (findings: readonly Finding[]) => locateWith(sources, findings);
  if (
    data.region === undefined ||
    data.catalog === undefined ||
    data.zones === undefined ||
    data.migration === undefined
  ) {
    return { files, problems, locateAll };
  }
  const config: RawConfig = {
    region: data.region as RegionConfig,
    catalog: data.catalog as CatalogConfig,
    zones: data.zones as ZonesConfig,
    migration: data.migration as MigrationConfig,
    tenants: tenantsRead.tenants,
    inventories: inventory.inventories,
  };
  if (tenantsRead.ok && inventory.ok) return { config, files, problems, locateAll };
  const leftOut = { tenants: tenantsRead.leftOut, inventories: inventory.leftOut };
  return { partial: { config, leftOut }, files, problems, locateAll };
}

/** Entries of the configuration directory that are no part of it. */
function unexpectedEntries(
  dir: string,
  show: (name: string) => string,
  fileProblem: (file: string, message: string) => void,
): void {
  const expected = new Set<string>([...Object.values(TOP_FILES), TENANT_DIR, ...OTHER_ENTRIES]);
  for (const entry of readdirSync(dir).sort(compare)) {
    if (expected.has(entry) || entry.startsWith(".")) continue;
    fileProblem(
      show(entry),
      `unexpected file in the configuration directory${suggestion(entry, [...expected])}`,
    );
  }
}

/** Each file of the configuration as problems name it. */
function configFiles(show: (name: string) => string): ConfigFiles {
  return {
    region: show(TOP_FILES.region),
    catalog: show(TOP_FILES.catalog),
    zones: show(TOP_FILES.zones),
    migration: show(TOP_FILES.migration),
    lock: show(LOCK_FILE),
    tenant: (id) => show(`${TENANT_DIR}/${id}.yaml`),
    inventory: (tenant) => show(`${INVENTORY_DIR}/${tenant}.yaml`),
  };
}

/** The tenant files (municipalities/<id>.yaml): the shape-valid ones, and those left out for their problems. */
function readTenants(
  dir: string,
  show: (name: string) => string,
  read: (file: string, path: string) => unknown,
  fileProblem: (file: string, message: string) => void,
): { tenants: { id: string; config: TenantConfig }[]; leftOut: Set<string>; ok: boolean } {
  const tenants: { id: string; config: TenantConfig }[] = [];
  const leftOutTenants = new Set<string>();
  let tenantsOk = true;
  const tenantDir = join(dir, TENANT_DIR);
  const isDir = existsSync(tenantDir) && statSync(tenantDir).isDirectory();
  const entries = isDir ? readdirSync(tenantDir).sort(compare) : [];
  if (existsSync(tenantDir) && !isDir) {
    fileProblem(show(TENANT_DIR), `not a directory: ${TENANT_DIR} holds one <id>.yaml per municipality`);
  } else if (entries.length === 0) {
    fileProblem(show(TENANT_DIR), `no tenants: add ${TENANT_DIR}/<id>.yaml, one file per municipality`);
  }
  for (const entry of entries) {
    if (entry.startsWith(".")) continue;
    const file = show(`${TENANT_DIR}/${entry}`);
    const id = entry.replace(/\.yaml$/, "");
    if (!entry.endsWith(".yaml")) {
      fileProblem(
        file,
        entry.endsWith(".yml")
          ? `tenant files end in .yaml: rename it to ${entry.slice(0, -4)}.yaml`
          : `not a tenant file: ${TENANT_DIR} holds only <id>.yaml files, one per municipality; move it elsewhere`,
      );
      if (entry.endsWith(".yml")) leftOutTenants.add(entry.slice(0, -4));
      tenantsOk = false;
    } else if (!FORMATS.id!.check(id)) {
      fileProblem(
        file,
        `the file name is the tenant id and must be ${FORMATS.id!.expected}: rename the file`,
      );
      tenantsOk = false;
    } else {
      const config = read(file, join(tenantDir, entry));
      if (config === undefined) {
        tenantsOk = false;
        leftOutTenants.add(id);
      } else tenants.push({ id, config: config as TenantConfig });
    }
  }
  return { tenants, leftOut: leftOutTenants, ok: tenantsOk };
}

function locateWith(sources: ReadonlyMap<string, SourceFile>, findings: readonly Finding[]): Problem[] {
  return findings.map((f) => {
    const source = sources.get(f.file);
    const { line, col } = source ? locate(source, f) : { line: 1, col: 1 };
    return { file: f.file, line, col, pointer: f.pointer, message: f.message };
  });
}
