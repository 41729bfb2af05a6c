// Synthetic configurations for the benchmark, generated from the reference config/ and a seed:
// the reference as it is, more tenants (clones of the seven), or more workplace VMs (the seven
// with more staff). The pools and clusters grow with the demand so that every configuration
// validates; the lock comes from the real allocator. Same seed, same files.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import {
  type CatalogConfig,
  INVENTORY_DIR,
  type InventoryConfig,
  LOCK_FILE,
  type MigrationConfig,
  planLock,
  profileShareDemand,
  type RegionConfig,
  renderLock,
  type TenantConfig,
  type TenantInventory,
  validateConfig,
  workplaceGroups,
  type ZonesConfig,
} from "../../stacks/model/index.ts";
import { lockPlanReport, problemReport } from "../report.ts";
import { seeded } from "./prng.ts";
import { cloneIdentities, cloneInventory, cloneTenant, type TenantFile } from "./tenant-clones.ts";

export const REFERENCE_CONFIG = fileURLToPath(new URL("../../config", import.meta.url));
export const SEED = 20260401;

/**
 * The sizes: the three of issue 8 measured in full, then those only the size series of issue 17
 * needs. 300 tenants stand for the issue's 700, which is no valid configuration: its clones need
 * about 6,800 VLAN IDs on the one distributed switch (802.1Q has 4,094), and its files pass the
 * 500,000 YAML tokens a run reads (stacks/model/source.ts), as 400 tenants' already do.
 */
export const SIZES = [
  "reference",
  "tenants-70",
  "workplaces-10k",
  "tenants-300",
  "workplaces-1k",
  "workplaces-50k",
] as const;
export type SizeId = (typeof SIZES)[number];

type Shape = { readonly tenants: number } | { readonly workplaceVms: number };
/** How each synthetic size grows the reference: to this many tenants, or this many workplace VMs. */
export const SHAPES = {
  "tenants-70": { tenants: 70 },
  "tenants-300": { tenants: 300 },
  "workplaces-1k": { workplaceVms: 1_000 },
  "workplaces-10k": { workplaceVms: 10_000 },
  "workplaces-50k": { workplaceVms: 50_000 },
} as const satisfies Record<Exclude<SizeId, "reference">, Shape>;
/** Clusters and datastores get this much more than the scaled demand, as the reference has. */
const HEADROOM = 1.25;
/** The largest staff in fte the tenant schema allows. */
const MAX_FTE = 100_000;
/** The largest datastore the region schema allows. */
const MAX_DATASTORE_GIB = 10_000_000;
/** The clones' legacy networks that may not overlap go into 10.<octet>.0.0/16, one each. */
const LEGACY_FIRST_OCTET = 10;
const LEGACY_LAST_OCTET = 127;
/** Mixed into the seed for the clones' own random stream (the identities use the seed itself). */
const CLONE_STREAM = 0x5f3759df;

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

/**
 * Every cluster `factor` times its usable hosts (the HA reserve stays), VM datastores `factor`
 * times larger up to the schema's largest (the reference's datastores hold four times their VMs'
 * disks, so the cap leaves them room).
 */
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
      d.role === "vm"
        ? { ...d, capacityGiB: Math.min(Math.ceil(d.capacityGiB * factor), MAX_DATASTORE_GIB) }
        : d,
    ]),
  );
  return { ...region, clusters, datastores };
}

/**
 * A tenant whose staff was scaled provisions a profile share its session-host users' containers
 * fit in, as validate asks (never less than its source's).
 */
function withProfileShare(catalog: CatalogConfig, t: TenantConfig): TenantConfig {
  if (t.profileShareGiB === undefined) return t;
  return { ...t, profileShareGiB: Math.max(t.profileShareGiB, profileShareDemand(catalog, t)) };
}

const peopleOf = (tenants: readonly TenantFile[]) => tenants.reduce((n, t) => n + t.config.staff.people, 0);

/**
 * `count` tenants: the reference ones and clones of them (clone i copies reference tenant i mod 7),
 * each clone in the waves of its source. Clones come from their own random streams, so a larger
 * count adds tenants to a smaller one's and changes none of them.
 */
function withTenants(ref: Config, count: number, seed: number): Config {
  const identities = cloneIdentities(
    count - ref.tenants.length,
    { ids: ref.tenants.map((t) => t.id), codes: ref.tenants.map((t) => t.config.code) },
    seeded(seed),
  );
  const random = seeded(seed ^ CLONE_STREAM);
  const hostParts = Object.values(ref.catalog.profiles).map((p) => p.hostPart);
  let legacySpaces = 0;
  const clones = identities.map((identity, i) => {
    const source = ref.tenants[i % ref.tenants.length]!;
    // 10.10.0.0/16 upwards: clear of the reference's legacy networks, the supernet and the NAT pool
    const second = needsOwnLegacySpace(source) ? LEGACY_FIRST_OCTET + legacySpaces++ : undefined;
    if (second !== undefined && second > LEGACY_LAST_OCTET)
      throw new Error(
        `${count} tenants: more clones with legacy networks of their own than 10.10–10.127 holds`,
      );
    const clone = cloneTenant(source, identity, second, hostParts, random);
    return { source, clone: { ...clone, config: withProfileShare(ref.catalog, clone.config) } };
  });
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
  const { ipv4, ipv6, vlans } = region.addressing;
  return {
    ...ref,
    region: {
      ...region,
      addressing: {
        // 512 blocks of /18 (the facilities and 511 tenants), 1,024 owners of a /52, the shared
        // address space (RFC 6598) for the NAT prefixes, and every VLAN ID 802.1Q allows
        ipv4: { ...ipv4, supernet: "10.128.0.0/9", natPool: "100.64.0.0/10" },
        ipv6: { ...ipv6, block: "2a07:3502:1c0::/42" },
        vlans: { ...vlans, first: 2, last: 4094 },
      },
    },
    migration: { waves },
    tenants,
    inventories,
  };
}

/**
 * Whether a clone needs its legacy subnets moved: those without a `coexistence` may overlap no
 * other tenant's legacy subnet, as in the reference, where the others overlap each other.
 */
const needsOwnLegacySpace = (source: TenantFile) =>
  Object.values(source.config.legacy?.subnets ?? {}).some((s) => s.coexistence === undefined);

function workplaceVms(config: Config): number {
  return config.tenants
    .flatMap((t) => workplaceGroups(config.catalog, t.id, t.config))
    .reduce((n, g) => n + g.vms, 0);
}

/**
 * Staff times `factor`, rounded up per tenant: people (the workplace demand derives from it) and
 * fte, which nothing derives from, up to the schema's largest.
 */
function withStaff(config: Config, factor: number): Config {
  return {
    ...config,
    tenants: config.tenants.map((t) => ({
      id: t.id,
      config: withProfileShare(config.catalog, {
        ...t.config,
        staff: {
          ...t.config.staff,
          fte: Math.min(Math.ceil(t.config.staff.fte * factor), MAX_FTE),
          people: Math.ceil(t.config.staff.people * factor),
        },
      }),
    })),
  };
}

/**
 * The reference with every tenant's staff times the smallest factor (to 1/1000) that gives at
 * least `vms` workplace VMs, and the clusters and VM datastores grown by the same factor plus the
 * headroom (a pool's VM count is rounded up, so it may grow by a little more than the factor).
 */
function withWorkplaceVms(ref: Config, vms: number): { config: Config; factor: number } {
  const enough = (factor: number) => workplaceVms(withStaff(ref, factor / 1000)) >= vms;
  let high = 1000;
  while (!enough(high)) high *= 2;
  let low = 0; // the VM count grows with the factor: a search over whole thousandths
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (enough(mid)) high = mid;
    else low = mid;
  }
  const factor = high / 1000;
  return {
    config: { ...withStaff(ref, factor), region: scaleCapacity(ref.region, factor * HEADROOM) },
    factor,
  };
}

/**
 * Tenant blocks of /`length`. Segments are sized from demand, which grows with the staff: at
 * 10,000 VMs Nijmegen's need about 290,000 addresses, at 50,000 about 1.3 million. Eight blocks
 * (seven tenants and the facilities) of a /12 or smaller fit in 10.128.0.0/9, clear of the legacy
 * networks (10.1.x); of a /11 they take all of 10.0.0.0/8, where the legacy networks share the
 * first /11 with the facilities' block. The NAT pool is the shared address space (RFC 6598).
 */
function withTenantBlocks(config: Config, length: number): Config {
  const { addressing } = config.region;
  const supernet = length >= 12 ? "10.128.0.0/9" : "10.0.0.0/8";
  return {
    ...config,
    region: {
      ...config.region,
      addressing: {
        ...addressing,
        ipv4: { ...addressing.ipv4, supernet, tenantPrefixLength: length, natPool: "100.64.0.0/10" },
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
  const shape = SHAPES[size];
  if ("tenants" in shape) {
    writeConfig(withTenants(ref, shape.tenants, seed), dir, seed);
    return;
  }
  // the smallest tenant blocks the real allocator places every segment in, from about the
  // reference's shrunk by the staff factor down to a /11 (see withTenantBlocks)
  const { config, factor } = withWorkplaceVms(ref, shape.workplaceVms);
  const reference = ref.region.addressing.ipv4.tenantPrefixLength;
  const first = Math.min(reference, Math.ceil(reference - Math.log2(factor)));
  let report = "";
  for (let length = first; length >= 11; length--) {
    writeConfig(withTenantBlocks(config, length), dir, seed);
    const planned = planLock(dir, dir);
    if (planned.ok) return;
    report = lockPlanReport(planned);
  }
  throw new Error(`${size}: no tenant block from /${first} to /11 holds the segments:\n${report}`);
}

/** The same configuration with every tenant's staff grown by `percent`: the head side of a diff. */
export function growStaff(dir: string, percent: number): void {
  const catalog = readYaml<CatalogConfig>(join(dir, "catalog.yaml"));
  for (const file of readdirSync(join(dir, TENANT_DIR)).filter((f) => f.endsWith(".yaml"))) {
    const path = join(dir, TENANT_DIR, file);
    const t = readYaml<TenantConfig>(path);
    t.staff.people = Math.ceil(t.staff.people * (1 + percent / 100));
    writeFileSync(path, stringify(withProfileShare(catalog, t), YAML_OPTIONS));
  }
}

/** Allocates the lock from nothing with the real allocator (`irvn ipam`) and writes it. */
export function allocateLock(dir: string): void {
  const planned = planLock(dir, dir);
  if (!planned.ok) throw new Error(`irvn ipam failed on ${dir}:\n${lockPlanReport(planned)}`);
  writeFileSync(join(dir, LOCK_FILE), renderLock(planned.result.lock));
}

/** Throws with the validation report unless the configuration (lock included) is valid. */
export function assertValid(dir: string): void {
  const validated = validateConfig(dir, dir);
  if (validated.problems.length > 0)
    throw new Error(`synthetic configuration ${dir} is invalid:\n${problemReport(validated.problems)}`);
}
