// Synthetic configurations for the benchmark, generated from the reference config/ and a seed:
// the reference as it is, ten times the tenants, and about 10,000 workplace VMs. The pools and
// clusters grow with the demand so that every configuration validates; the lock comes from the
// real allocator. Same seed, same files.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { planLock } from "../commands/ipam.ts";
import { LOCK_FILE, renderLock } from "../../stacks/model/ipam/lock-file.ts";
import { INVENTORY_DIR, type TenantInventory } from "../../stacks/model/inventory.ts";
import type {
  CatalogConfig,
  InventoryConfig,
  MigrationConfig,
  RegionConfig,
  TenantConfig,
  ZonesConfig,
} from "../../stacks/model/schema/index.ts";
import { workplaceGroups } from "../../stacks/model/sizing.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { problemReport } from "../report.ts";
import { seeded } from "./prng.ts";
import { cloneIdentities, cloneInventory, cloneTenant, type TenantFile } from "./tenant-clones.ts";

export const REFERENCE_CONFIG = fileURLToPath(new URL("../../config", import.meta.url));
export const SEED = 20260401;

export const SIZES = ["reference", "tenants-10x", "workplaces-10k"] as const;
export type SizeId = (typeof SIZES)[number];

/** What the issue names "10x the tenants (about 70)" and "about 10,000 VMs". */
const TENANTS_10X = 70;
const WORKPLACE_VMS = 10_000;
/** Clusters and datastores get this much more than the scaled demand, as the reference has. */
const HEADROOM = 1.25;

const TENANT_DIR = "municipalities";
const HEADER = (seed: number) =>
  `# Synthetic benchmark configuration (scripts/bench/generate.ts, seed ${seed}): not real data.\n`;

interface Config {
  region: RegionConfig;
  catalog: CatalogConfig;
  zones: ZonesConfig;
  migration: MigrationConfig;
  tenants: TenantFile[];
  /** Legacy vCenter inventories: a tenant that adopts VMs needs one. */
  inventories: TenantInventory[];
}

/** Shared objects written out in full: the configuration loader refuses anchors and aliases. */
const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;
const readYaml = <T>(path: string) => parse(readFileSync(path, "utf8")) as T;

function readReference(): Config {
  const dir = REFERENCE_CONFIG;
  return {
    region: readYaml(join(dir, "region.yaml")),
    catalog: readYaml(join(dir, "catalog.yaml")),
    zones: readYaml(join(dir, "zones.yaml")),
    migration: readYaml(join(dir, "migration.yaml")),
    tenants: readdirSync(join(dir, TENANT_DIR))
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => ({ id: f.slice(0, -5), config: readYaml<TenantConfig>(join(dir, TENANT_DIR, f)) })),
    inventories: readdirSync(join(dir, INVENTORY_DIR))
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => ({
        tenant: f.slice(0, -5),
        config: readYaml<InventoryConfig>(join(dir, INVENTORY_DIR, f)),
      })),
  };
}

/** Every cluster `factor` times its usable hosts (the HA reserve stays), VM datastores `factor` times larger. */
function scaleCapacity(region: RegionConfig, factor: number): RegionConfig {
  const clusters = Object.fromEntries(
    Object.entries(region.clusters).map(([id, c]) => [
      id,
      { ...c, hosts: Math.ceil((c.hosts - c.haHostFailures) * factor) + c.haHostFailures },
    ]),
  );
  const datastores = Object.fromEntries(
    Object.entries(region.datastores).map(([id, d]) => [
      id,
      d.role === "vm" ? { ...d, capacityGiB: Math.ceil(d.capacityGiB * factor) } : d,
    ]),
  );
  return { ...region, clusters, datastores };
}

const peopleOf = (tenants: readonly TenantFile[]) => tenants.reduce((n, t) => n + t.config.staff.people, 0);

/** About 70 tenants: the reference ones and clones of them, each clone in the waves of its source. */
function tenants10x(ref: Config, seed: number): Config {
  const random = seeded(seed);
  const identities = cloneIdentities(
    TENANTS_10X - ref.tenants.length,
    { ids: ref.tenants.map((t) => t.id), codes: ref.tenants.map((t) => t.config.code) },
    random,
  );
  const hostParts = Object.values(ref.catalog.profiles).map((p) => p.hostPart);
  const clones = identities.map((identity, i) => ({
    source: ref.tenants[i % ref.tenants.length]!,
    // 10.10.0.0/16 upwards: clear of the reference's legacy networks, the supernet and the NAT pool
    clone: cloneTenant(ref.tenants[i % ref.tenants.length]!, identity, 10 + i, hostParts, random),
  }));
  const waves = Object.fromEntries(
    Object.entries(ref.migration.waves).map(([id, wave]) => {
      const moves = { ...wave.moves };
      for (const { source, clone } of clones) {
        const move = wave.moves[source.id];
        if (move) moves[clone.id] = move;
      }
      return [id, { ...wave, moves }];
    }),
  );
  const tenants = [...ref.tenants, ...clones.map((c) => c.clone)];
  // a clone of a tenant that adopts VMs adopts its own, renamed: its inventory is the source's
  const inventories = [
    ...ref.inventories,
    ...clones.flatMap(({ source, clone }) => {
      const inv = ref.inventories.find((i) => i.tenant === source.id);
      return inv ? [{ tenant: clone.id, config: cloneInventory(source, clone, inv.config) }] : [];
    }),
  ];
  const growth = Math.max(tenants.length / ref.tenants.length, peopleOf(tenants) / peopleOf(ref.tenants));
  const region = scaleCapacity(ref.region, growth * HEADROOM);
  const { ipv4, ipv6 } = region.addressing;
  return {
    ...ref,
    region: {
      ...region,
      addressing: {
        ...region.addressing,
        // 128 tenant blocks of /18, a /52 for each of 256 owners (clear of the other IPv6
        // categories), room for ten times the NAT prefixes
        ipv4: { ...ipv4, supernet: "10.192.0.0/11", natPool: "10.128.0.0/12" },
        ipv6: { ...ipv6, block: "2a07:3502:1c0::/44" },
      },
    },
    migration: { waves },
    tenants,
    inventories,
  };
}

function workplaceVms(config: Config): number {
  return config.tenants
    .flatMap((t) => workplaceGroups(config.catalog, t.id, t.config))
    .reduce((n, g) => n + g.vms, 0);
}

function withStaff(config: Config, factor: number): Config {
  return {
    ...config,
    tenants: config.tenants.map((t) => ({
      id: t.id,
      config: {
        ...t.config,
        staff: {
          ...t.config.staff,
          fte: Math.ceil(t.config.staff.fte * factor),
          people: Math.ceil(t.config.staff.people * factor),
        },
      },
    })),
  };
}

/** Staff multiplied by the smallest whole factor that gives 10,000 workplace VMs; capacity by the same. */
function workplaces10k(ref: Config): Config {
  let factor = 1;
  while (workplaceVms(withStaff(ref, factor)) < WORKPLACE_VMS) factor += 1;
  // a whole factor never more than multiplies a pool's rounded-up VM count: the reference's headroom holds
  const region = scaleCapacity(ref.region, factor);
  const { ipv4 } = region.addressing;
  return {
    ...withStaff(ref, factor),
    region: {
      ...region,
      addressing: {
        ...region.addressing,
        // segments sized from demand grow with the staff: Nijmegen's then need about 290,000
        // addresses, so a /13 per tenant, from a supernet clear of the legacy networks (10.1.x)
        // and of the NAT pool
        ipv4: { ...ipv4, supernet: "10.128.0.0/9", tenantPrefixLength: 13, natPool: "10.64.0.0/16" },
      },
    },
  };
}

function writeConfig(config: Config, dir: string, seed: number): void {
  mkdirSync(join(dir, TENANT_DIR), { recursive: true });
  const write = (path: string, data: unknown) =>
    writeFileSync(join(dir, path), HEADER(seed) + stringify(data, YAML_OPTIONS));
  write("region.yaml", config.region);
  write("catalog.yaml", config.catalog);
  write("zones.yaml", config.zones);
  write("migration.yaml", config.migration);
  for (const t of config.tenants) write(join(TENANT_DIR, `${t.id}.yaml`), t.config);
  if (config.inventories.length > 0) mkdirSync(join(dir, INVENTORY_DIR), { recursive: true });
  for (const i of config.inventories) write(join(INVENTORY_DIR, `${i.tenant}.yaml`), i.config);
}

/**
 * Writes the configuration of a size into `dir` (created). The reference is copied as it is,
 * lock included; the synthetic sizes have no lock yet (see `allocateLock`).
 */
export function generateConfig(size: SizeId, dir: string, seed = SEED): void {
  if (size === "reference") {
    cpSync(REFERENCE_CONFIG, dir, { recursive: true });
    return;
  }
  const ref = readReference();
  writeConfig(size === "tenants-10x" ? tenants10x(ref, seed) : workplaces10k(ref), dir, seed);
}

/** The same configuration with every tenant's staff grown by `percent`: the head side of a diff. */
export function growStaff(dir: string, percent: number): void {
  for (const file of readdirSync(join(dir, TENANT_DIR)).filter((f) => f.endsWith(".yaml"))) {
    const path = join(dir, TENANT_DIR, file);
    const t = readYaml<TenantConfig>(path);
    t.staff.people = Math.ceil(t.staff.people * (1 + percent / 100));
    writeFileSync(path, stringify(t, YAML_OPTIONS));
  }
}

/** Allocates the lock from nothing with the real allocator (`irvn ipam`) and writes it. */
export function allocateLock(dir: string): void {
  const planned = planLock(dir, dir);
  if (!planned.ok) throw new Error(`irvn ipam failed on ${dir}:\n${planned.report}`);
  writeFileSync(join(dir, LOCK_FILE), renderLock(planned.result.lock));
}

/** Throws with the validation report unless the configuration (lock included) is valid. */
export function assertValid(dir: string): void {
  const validated = validateConfig(dir, dir);
  if (validated.problems.length > 0)
    throw new Error(`synthetic configuration ${dir} is invalid:\n${problemReport(validated.problems)}`);
}
