// Where a segment type lives: a port group for the VMs on it (vms), a subnet routed at each site
// with a fibre link (sites), sized by the staff working there. VMs need the port group.
import { nicTarget } from "../adoption.ts";
import { vmHostname } from "../compute.ts";
import type { Finding } from "../problems.ts";
import { type Rule, entries, finding } from "./context.ts";

export const segmentPlacement: Rule = {
  id: "segment-placement",
  phase: "shape-valid",
  description:
    "a segment type has a port group (vms) or site subnets (sites); VM profiles attach to port groups; site segments need a fibre link",
  check: ({ config, files }) => {
    const { catalog, tenants } = config;
    const out: Finding[] = [];
    const types = catalog.segmentTypes;
    for (const [id, type] of entries(types)) {
      if (!type.vms && !type.sites)
        out.push(
          finding(
            files.catalog,
            ["segmentTypes", id, "vms"],
            `segment type ${id} is neither for VMs nor at the sites, so it is nowhere: set vms or sites to true`,
          ),
        );
    }
    for (const [id, profile] of entries(catalog.profiles)) {
      if (profile.segment !== undefined && types[profile.segment]?.vms === false)
        out.push(
          finding(
            files.catalog,
            ["profiles", id, "segment"],
            `profile ${id} puts VMs on segment type ${profile.segment}, which has no port group (vms: false): choose a segment type with vms: true`,
          ),
        );
    }
    for (const { id: tenant, config: t } of tenants) {
      if (Object.keys(t.fibreLinks).length > 0) continue;
      t.segments.forEach((segment, i) => {
        if (types[segment]?.sites && !types[segment]!.vms)
          out.push(
            finding(
              files.tenant(tenant),
              ["segments", i],
              `segment ${segment} is routed at the sites with a fibre link, and ${t.name} has none: add a fibre link (fibreLinks) or drop the segment`,
            ),
          );
      });
    }
    return out;
  },
};

export const siteDemand: Rule = {
  id: "site-demand",
  phase: "shape-valid",
  description:
    "segment types at the sites count devices per person; where several sites have a fibre link, each says which share of the staff works there",
  check: ({ config, files }) => {
    const { catalog, tenants } = config;
    const out: Finding[] = [];
    for (const [id, type] of entries(catalog.segmentTypes)) {
      const path = ["segmentTypes", id, "demand"];
      if (type.sites && type.demand.devicesPerPerson === undefined)
        out.push(
          finding(
            files.catalog,
            path,
            `segment type ${id} is at the sites: give demand.devicesPerPerson, the devices per staff member working there`,
          ),
        );
      if (!type.sites && type.demand.devicesPerPerson !== undefined)
        out.push(
          finding(
            files.catalog,
            [...path, "devicesPerPerson"],
            `has no effect: segment type ${id} is not at the sites (sites: false), so no staff count devices on it`,
          ),
        );
    }
    for (const { id: tenant, config: t } of tenants) {
      const linked = [...new Set(Object.values(t.fibreLinks).map((l) => l.site))];
      const atSites = t.segments.some((s) => catalog.segmentTypes[s]?.sites);
      if (linked.length > 1 && atSites) {
        for (const site of linked) {
          if (t.sites[site] && t.sites[site]!.staffShare === undefined)
            out.push(
              finding(
                files.tenant(tenant),
                ["sites", site],
                `${t.name} has ${linked.length} sites with a fibre link: give each a staffShare (the share of the staff working there), which sizes its subnets`,
              ),
            );
        }
      }
      const shared = entries(t.sites).filter(([, site]) => site.staffShare !== undefined);
      const total = shared.reduce((sum, [, site]) => sum + site.staffShare!, 0);
      if (total > 1 + 1e-9)
        out.push(
          finding(
            files.tenant(tenant),
            ["sites", shared.at(-1)![0], "staffShare"],
            `the staff shares of ${t.name}'s sites add up to ${Math.round(total * 1000) / 1000}: each person works at one site, so at most 1`,
          ),
        );
    }
    return out;
  },
};

/** Runs once every reference resolves: an adopted VM's NIC moves onto a port group. */
export const adoptedNicsOnPortGroups: Rule = {
  id: "adopted-nics-on-port-groups",
  phase: "resolved",
  independent: true,
  description: "every NIC of an adopted VM moves onto a segment that has a port group (vms: true)",
  check: ({ config, files }) => {
    const out: Finding[] = [];
    for (const { id: tenant, config: t } of config.tenants) {
      const inventory = config.inventories.find((i) => i.tenant === tenant)?.config;
      if (!inventory) continue;
      for (const [app, a] of entries(t.applications)) {
        if (a.adopt !== true) continue;
        for (let n = 1; n <= a.vms; n++) {
          const name = vmHostname(t.code, a.hostPart, n);
          inventory.vms[name]?.nics.forEach((nic, i) => {
            const target = nicTarget({ id: tenant, config: t }, inventory, nic.network);
            if ("problem" in target || config.catalog.segmentTypes[target.segment]!.vms) return;
            out.push(
              finding(
                files.inventory(tenant),
                ["vms", name, "nics", i, "network"],
                `${name} (${app}) has a NIC on legacy subnet ${target.subnet}, whose purpose ${target.segment} is routed at the sites and has no port group in the data centre: give the subnet the purpose of a segment type with vms: true`,
              ),
            );
          });
        }
      }
    }
    return out;
  },
};
