// Synthetic tenants for the larger configurations: each a copy of a reference municipality under
// a new id, name and code, with its staff varied, its applications' host parts redrawn and, where
// its source has legacy subnets that may overlap no one's, its legacy subnets moved into a /16 of
// its own, so that clones never collide with each other.
import { type InventoryConfig, type TenantConfig, vmHostname } from "../../stacks/model/index.ts";
import type { Random } from "./prng.ts";

export interface TenantFile {
  readonly id: string;
  readonly config: TenantConfig;
}

export interface CloneIdentity {
  readonly id: string;
  readonly name: string;
  readonly code: string;
}

// 24 × 24 = 576 names: enough for the 400-tenant size
const PREFIXES = [
  "Ooster",
  "Wester",
  "Noorder",
  "Zuider",
  "Hoog",
  "Laag",
  "Groot",
  "Klein",
  "Oud",
  "Nieuw",
  "Berg",
  "Dal",
  "Hazel",
  "Linde",
  "Eiken",
  "Wilgen",
  "Zand",
  "Heide",
  "Molen",
  "Kerk",
  "Brede",
  "Lange",
  "Riet",
  "Vos",
];
const ROOTS = [
  "beek",
  "dam",
  "dijk",
  "hoven",
  "wijk",
  "veen",
  "horst",
  "loo",
  "broek",
  "rode",
  "zande",
  "meer",
  "burg",
  "hout",
  "werd",
  "sloot",
  "kamp",
  "haar",
  "weerd",
  "hem",
  "drecht",
  "oord",
  "vliet",
  "heim",
];

/** `count` identities whose ids, names and codes differ from each other and from `taken`. */
export function cloneIdentities(
  count: number,
  taken: { ids: readonly string[]; codes: readonly string[] },
  random: Random,
): CloneIdentity[] {
  const names = random
    .shuffle(PREFIXES.flatMap((p) => ROOTS.map((r) => `${p}${r}`)))
    .filter((n) => !taken.ids.includes(n.toLowerCase()));
  if (names.length < count) throw new Error(`only ${names.length} synthetic tenant names for ${count}`);
  const codes = new Set(taken.codes);
  return names.slice(0, count).map((name) => {
    let code: string;
    do {
      const length = random.int(2, 4);
      code = name[0]!.toLowerCase();
      while (code.length < length) code += String.fromCharCode(97 + random.int(0, 25));
    } while (codes.has(code));
    codes.add(code);
    return { id: name.toLowerCase(), name, code };
  });
}

/** The same subnet with its first two octets replaced: 192.168.8.0/22 → 10.<second>.8.0/22. */
function movedSubnet(cidr: string, second: number): string {
  const [address, length] = cidr.split("/");
  const [, , c, d] = address!.split(".");
  return `10.${second}.${c}.${d}/${length}`;
}

export function cloneTenant(
  source: TenantFile,
  identity: CloneIdentity,
  /** 10.<this>.0.0/16 for the legacy subnets; undefined keeps the source's addresses. */
  legacySecondOctet: number | undefined,
  profileHostParts: readonly string[],
  random: Random,
): TenantFile {
  const t = source.config;
  // site and data-centre names carry the tenant's name ("Gemeentehuis Druten")
  const rename = <T extends { name: string }>(item: T): T => ({
    ...item,
    name: item.name.split(t.name).join(identity.name),
  });
  const scale = 0.8 + 0.4 * random.next();
  const used = new Set(profileHostParts);
  const applications = Object.fromEntries(
    Object.entries(t.applications).map(([id, app]) => {
      let part: string;
      do part = String.fromCharCode(97 + random.int(0, 25), 97 + random.int(0, 25));
      while (used.has(part));
      used.add(part);
      return [id, { ...app, hostPart: part }];
    }),
  );
  const subnets = Object.fromEntries(
    Object.entries(t.legacy?.subnets ?? {}).map(([id, s]) => [
      id,
      legacySecondOctet === undefined ? s : { ...s, cidr: movedSubnet(s.cidr, legacySecondOctet) },
    ]),
  );
  const sites = Object.fromEntries(Object.entries(t.sites).map(([id, site]) => [id, rename(site)]));
  const config: TenantConfig = {
    ...t,
    name: identity.name,
    code: identity.code,
    ...(t.inhabitants
      ? { inhabitants: { ...t.inhabitants, count: Math.round(t.inhabitants.count * scale) } }
      : {}),
    staff: {
      fte: Math.round(t.staff.fte * scale),
      people: Math.round(t.staff.people * scale),
      source: "estimate",
    },
    sites,
    ...(t.legacy ? { legacy: { dataCentre: rename(t.legacy.dataCentre), subnets } } : {}),
    applications,
  };
  return { id: identity.id, config };
}

/**
 * The clone's legacy vCenter: the source's VMs of the applications it adopts, under the clone's
 * host names (its code and host parts); port groups and datastores as they are.
 */
export function cloneInventory(
  source: TenantFile,
  clone: TenantFile,
  inventory: InventoryConfig,
): InventoryConfig {
  const vms: InventoryConfig["vms"] = {};
  for (const [id, app] of Object.entries(source.config.applications)) {
    if (app.adopt !== true) continue;
    const part = clone.config.applications[id]!.hostPart;
    for (let n = 1; n <= app.vms; n++) {
      const vm = inventory.vms[vmHostname(source.config.code, app.hostPart, n)];
      if (!vm) continue;
      const name = vmHostname(clone.config.code, part, n);
      vms[name] = { ...vm, path: `${vm.path.slice(0, vm.path.lastIndexOf("/"))}/${name}` };
    }
  }
  return { ...inventory, vms: Object.fromEntries(Object.entries(vms).sort(([a], [b]) => (a < b ? -1 : 1))) };
}
