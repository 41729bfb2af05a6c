// How many IPv4 addresses a tenant's segment needs, and so its prefix length: at a site, the
// devices of the staff working there; in the data centre, the NICs of the VMs on it; each with
// the catalogue's growth margin and reserved addresses. Pure functions of the configuration.
import { nicTarget } from "../adoption.ts";
import { vmHostname } from "../compute.ts";
import type { RawConfig } from "../load.ts";
import { allGroups, SHARED } from "../sizing.ts";
import { grouped } from "../problems.ts";

export interface Demand {
  /** At a site: the staff working there, and how that number came about. */
  readonly people?: {
    readonly count: number;
    readonly site: string;
    readonly share: number;
    readonly staff: number;
  };
  readonly devicesPerPerson?: number;
  /** Devices at the site (people × devices per person, rounded up). */
  readonly devices: number;
  /** In the data centre: VM NICs on the segment, per VM pool. */
  readonly vms?: readonly { readonly pool: string; readonly nics: number }[];
  readonly growth: number;
  readonly reserved: number;
  /** (devices + VM NICs) × (1 + growth), rounded up, + reserved. */
  readonly addresses: number;
  /** The longest prefix whose usable addresses (all but network and broadcast) hold them. */
  readonly ipv4Length: number;
}

/** Usable addresses of an IPv4 prefix: all but the network and broadcast addresses. */
export const usable = (length: number) => 2 ** (32 - length) - 2;

/** The longest IPv4 prefix with at least `addresses` usable addresses (at most a /30). */
export function lengthFor(addresses: number): number {
  let length = 30;
  while (length > 0 && usable(length) < addresses) length--;
  return length;
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** How the number of addresses was reached, in words: "1,238 staff at … × 2 devices = 2,476, …". */
export function describeDemand(d: Demand): string {
  const base = d.people
    ? `${grouped(d.people.count)} staff at ${d.people.site} (${percent(d.people.share)} of ${grouped(d.people.staff)}) × ${d.devicesPerPerson} devices = ${grouped(d.devices)}`
    : `${d.vms!.length === 0 ? "no VMs" : d.vms!.map((v) => `${grouped(v.nics)} on ${v.pool}`).join(" + ")} = ${grouped(vmNics(d))} VM NICs`;
  const grown = Math.ceil((d.devices + vmNics(d)) * (1 + d.growth) - 1e-9);
  return `${base}, + ${percent(d.growth)} growth = ${grouped(grown)}, + ${d.reserved} reserved = ${grouped(d.addresses)}`;
}

const vmNics = (d: Demand) => (d.vms ?? []).reduce((n, v) => n + v.nics, 0);

function demand(
  devices: number,
  vms: Demand["vms"],
  rule: { readonly growth: number; readonly reserved: number },
  site?: { readonly people: NonNullable<Demand["people"]>; readonly devicesPerPerson: number },
): Demand {
  const nics = (vms ?? []).reduce((n, v) => n + v.nics, 0);
  const addresses = Math.ceil((devices + nics) * (1 + rule.growth) - 1e-9) + rule.reserved;
  return {
    ...(site ?? {}),
    devices,
    ...(vms ? { vms } : {}),
    growth: rule.growth,
    reserved: rule.reserved,
    addresses,
    ipv4Length: lengthFor(addresses),
  };
}

/**
 * The VM NICs on each tenant segment type (`<tenant>/<type>`), per pool: every workplace pool
 * and application at its largest (any point in time), on its profile's segment and on an
 * application's further segments; an adopted VM's NICs where they move to (as adoption.ts); a
 * tenant's session-platform servers on their role's segment.
 */
function vmNicsBySegment(config: RawConfig): Map<string, { pool: string; nics: number }[]> {
  const out = new Map<string, { pool: string; nics: number }[]>();
  const add = (tenant: string, segment: string, pool: string, nics: number) => {
    const key = `${tenant}/${segment}`;
    const list = out.get(key) ?? [];
    const same = list.find((p) => p.pool === pool);
    if (same) same.nics += nics;
    else list.push({ pool, nics });
    out.set(key, list);
  };
  for (const g of allGroups(config)) {
    // the session platform's shared servers are on facilities, sized by the region
    if (g.tenant === SHARED) continue;
    if (g.kind === "platform") {
      add(g.tenant, config.catalog.platformRoles[g.id]!.network, g.id, g.vms);
      continue;
    }
    const t = config.tenants.find((x) => x.id === g.tenant)!;
    const app = g.kind === "applications" ? t.config.applications[g.id] : undefined;
    const inventory = config.inventories.find((i) => i.tenant === g.tenant)?.config;
    // an application's further segments (Suwinet, say) get a NIC each, after the profile's
    const further = app?.segments ?? [];
    if (app?.adopt === true && inventory) {
      for (let n = 1; n <= g.vms; n++) {
        const moved = new Set<string>();
        for (const nic of inventory.vms[vmHostname(t.config.code, app.hostPart, n)]?.nics ?? []) {
          const target = nicTarget(t, inventory, nic.network);
          if (!("problem" in target)) {
            add(g.tenant, target.segment, g.id, 1);
            moved.add(target.segment);
          }
        }
        // as the adopted VM gets them: only where none of its NICs moves to already
        for (const segment of further) if (!moved.has(segment)) add(g.tenant, segment, g.id, 1);
      }
    } else {
      for (const segment of [config.catalog.profiles[g.profile]!.segment!, ...further])
        add(g.tenant, segment, g.id, g.vms);
    }
  }
  return out;
}

/**
 * The demand of every tenant segment that has one: `<tenant>/<type>` (its port group: VMs) and
 * `<tenant>/<type>@<site>` (its subnet at a site: devices), keyed like the lock.
 */
export function demands(config: RawConfig): Map<string, Demand> {
  const out = new Map<string, Demand>();
  const vms = vmNicsBySegment(config);
  for (const { id: tenant, config: t } of config.tenants) {
    const linked = [...new Set(Object.values(t.fibreLinks).map((l) => l.site))];
    for (const segment of t.segments) {
      const type = config.catalog.segmentTypes[segment];
      if (!type) continue;
      if (type.vms)
        out.set(`${tenant}/${segment}`, demand(0, vms.get(`${tenant}/${segment}`) ?? [], type.demand));
      if (!type.sites) continue;
      for (const site of linked) {
        // one site with a fibre link: everyone works there, unless the file says otherwise
        const share = t.sites[site]!.staffShare ?? (linked.length === 1 ? 1 : 0);
        const count = Math.ceil(t.staff.people * share - 1e-9);
        const perPerson = type.demand.devicesPerPerson ?? 0;
        out.set(
          `${tenant}/${segment}@${site}`,
          demand(Math.ceil(count * perPerson - 1e-9), undefined, type.demand, {
            people: { count, site: t.sites[site]!.name, share, staff: t.staff.people },
            devicesPerPerson: perPerson,
          }),
        );
      }
    }
  }
  return out;
}
