// Network documents from the model: the IP plan of the region and of each tenant (Markdown and
// CSV: port groups and site subnets), the topology (Mermaid) and a handover sheet per fibre link
// with the subnets routed at its site. The views hold every decision; the templates lay them out.
import { render } from "../../templates/render.ts";
import { shortClassification } from "../model/classification.ts";
import { formatAddress, parsePrefix } from "../model/ip.ts";
import { usable } from "../model/ipam/demand.ts";
import { FACILITIES } from "../model/ipam/requests.ts";
import { compare, grouped } from "../model/problems.ts";
import type {
  FibreLinkModel,
  LegacySubnetModel,
  Model,
  SegmentModel,
  SiteSubnetModel,
} from "../model/model.ts";
import type { GeneratedFile } from "./files.ts";

/** The facilities' block, named as the IP plan's section that lists their segments. */
const FACILITY_OWNER = "Generic facilities";

const ENCRYPTION: Record<FibreLinkModel["encryption"], string> = {
  macsec: "MACsec (IEEE 802.1AE) required",
  ipsec: "IPsec required",
  waived: "waived",
};

const ENCRYPTION_SHORT: Record<FibreLinkModel["encryption"], string> = {
  macsec: "MACsec",
  ipsec: "IPsec",
  waived: "unencrypted (waived)",
};

function bandwidth(mbps: number): string {
  return mbps >= 1000 && mbps % 1000 === 0 ? `${mbps / 1000} Gbit/s` : `${mbps} Mbit/s`;
}

/** A tenant segment's demand against its size: "3,105 of 4,094" in Markdown, both numbers in CSV. */
const demandOf = (s: { ipv4: string; addressesNeeded?: number }) => {
  const holds = usable(parsePrefix(s.ipv4).length);
  return {
    addresses: s.addressesNeeded === undefined ? "—" : `${grouped(s.addressesNeeded)} of ${grouped(holds)}`,
    addressesNeeded: s.addressesNeeded ?? "",
    addressesUsable: holds,
  };
};

// a segment that is not routed has no gateway and no IPv6: empty in CSV, said in words in Markdown
const segmentRow = (s: SegmentModel) => ({
  key: s.key,
  name: s.name,
  portGroup: s.portGroup,
  vlan: s.vlan,
  ipv4: s.ipv4,
  routed: s.routed,
  ipv4Gateway: s.ipv4Gateway ?? "",
  ipv6: s.ipv6 ?? "",
  ipv6Gateway: s.ipv6Gateway ?? "",
  zone: s.zone,
  classification: shortClassification(s.classification),
  ...s.classification,
  kind: s.kind,
  ...demandOf(s),
});

const siteSubnetRow = (s: SiteSubnetModel) => ({
  key: s.key,
  site: s.site,
  siteName: s.siteName,
  name: s.name,
  vlan: s.vlan,
  ipv4: s.ipv4,
  ipv4Gateway: s.ipv4Gateway,
  ipv6: s.ipv6,
  ipv6Gateway: s.ipv6Gateway,
  zone: s.zone,
  classification: shortClassification(s.classification),
  ...s.classification,
  ...demandOf(s),
});

/** Network people scan a table of VLANs by number. */
const byVlan = <T extends { vlan: number; key: string }>(a: T, b: T) =>
  a.vlan - b.vlan || compare(a.key, b.key);

/** A tenant's legacy subnets while its network is linked, by legacy VLAN. */
const legacyOf = (model: Model, tenant: string) =>
  model.legacySubnets
    .filter((l) => l.tenant === tenant && l.coexisting)
    .sort((a, b) => a.vlan - b.vlan || compare(a.id, b.id));

/** A tenant's fibre links, by id. */
const linksOf = (model: Model, tenant: string) =>
  model.fibreLinks.filter((f) => f.tenant === tenant).sort((a, b) => compare(a.id, b.id));

/** The rows of an IP plan's CSV: port groups (no site), then site subnets (no port group). */
const csvRows = (segments: readonly SegmentModel[], subnets: readonly SiteSubnetModel[]) => [
  ...segments.map((s) => ({ ...segmentRow(s), site: "" })),
  ...subnets.map((s) => ({ ...siteSubnetRow(s), portGroup: "" })),
];

function tenantView(model: Model, tenant: Model["tenants"][number]) {
  const segments = model.segments.filter((s) => s.owner === tenant.id);
  const subnets = model.siteSubnets
    .filter((s) => s.tenant === tenant.id)
    .sort((a, b) => compare(a.site, b.site) || compare(a.type, b.type));
  // where a legacy subnet's purpose lands: the port group's prefix, or the subnet at each site
  const target = (purpose: string) => {
    const segment = segments.find((s) => s.item === purpose);
    if (segment) return segment.ipv4;
    const atSites = subnets.filter((s) => s.type === purpose).map((s) => `${s.ipv4} (${s.siteName})`);
    return atSites.length > 0 ? atSites.join(", ") : "none";
  };
  return {
    tenant: { id: tenant.id, name: tenant.name },
    block: model.blocks[tenant.id]!,
    segments: [...segments].sort(byVlan).map(segmentRow),
    // grouped by site, as the engineer who configures a site's switches reads them
    siteSubnets: [...subnets].sort((a, b) => compare(a.site, b.site) || byVlan(a, b)).map(siteSubnetRow),
    csv: csvRows(segments, subnets),
    legacy: legacyOf(model, tenant.id).map((l) => ({
      id: l.id,
      cidr: l.cidr,
      vlan: l.vlan,
      purpose: l.purpose,
      target: target(l.purpose),
      coexistence: legacyTreatment(l),
    })),
    fibreLinks: linksOf(model, tenant.id).map((f) => ({
      id: f.id,
      site: f.site,
      bandwidth: bandwidth(f.bandwidthMbps),
      encryption: ENCRYPTION[f.encryption],
    })),
  };
}

function topologyView(model: Model) {
  const facilities = model.segments.filter((s) => s.owner === FACILITIES);
  const zones = [...new Set(facilities.map((s) => s.zone))].sort();
  return {
    datacenter: model.vcenter.datacenter,
    switchName: model.switch.name,
    zones: zones.map((zone) => ({
      id: `zone_${zone}`,
      zone,
      classification: shortClassification(facilities.find((s) => s.zone === zone)!.classification),
      segments: facilities
        .filter((s) => s.zone === zone)
        .sort(byVlan)
        .map((s) => ({ id: s.key, name: s.name, vlan: s.vlan, ipv4: s.ipv4 })),
    })),
    tenants: model.tenants.map((t) => {
      const links = linksOf(model, t.id);
      return {
        id: `tenant_${t.id}`,
        name: t.name,
        zones: [
          ...new Set([
            ...model.segments.filter((s) => s.owner === t.id).map((s) => s.zone),
            ...model.siteSubnets.filter((s) => s.tenant === t.id).map((s) => s.zone),
          ]),
        ]
          .sort()
          .join(", "),
        links: links.map((f) => ({
          id: `${t.id}/${f.id}`,
          site: f.site,
          label: `${bandwidth(f.bandwidthMbps)}, ${ENCRYPTION_SHORT[f.encryption]}`,
        })),
      };
    }),
  };
}

function transitRow(transit: SegmentModel) {
  const p = parsePrefix(transit.ipv4);
  return {
    ...segmentRow(transit),
    centralAddress: formatAddress(4, p.first + 1n),
    siteAddress: formatAddress(4, p.first + 2n),
  };
}

/** How a legacy subnet is handled while its network is linked. */
function legacyTreatment(l: LegacySubnetModel): string {
  if (l.coexistence === "nat") return `NAT to ${l.nat}`;
  if (l.coexistence === "renumber") return "as is until renumbered in the network's migration wave";
  return "as is (no conflict)";
}

function handoverView(model: Model, link: FibreLinkModel) {
  const tenant = model.tenants.find((t) => t.id === link.tenant)!;
  const transit = model.segments.find((s) => s.key === link.transit);
  const routed = model.siteSubnets.filter((s) => s.tenant === link.tenant && s.site === link.siteId);
  return {
    tenant: { id: tenant.id, name: tenant.name },
    link: {
      id: link.id,
      site: link.site,
      bandwidth: bandwidth(link.bandwidthMbps),
      encryption: ENCRYPTION[link.encryption],
      waived: link.encryption === "waived",
      waiverReason: link.waiverReason ?? "",
    },
    // the transit segment exists only while the legacy network hangs off the link
    transit: transit ? transitRow(transit) : null,
    routed: [...routed].sort(byVlan).map(siteSubnetRow),
    legacy: legacyOf(model, link.tenant).map((l) => ({
      id: l.id,
      cidr: l.cidr,
      vlan: l.vlan,
      translated: legacyTreatment(l),
    })),
  };
}

/** The address blocks of the facilities and of the tenants present, by name, in address order. */
function blockRows(model: Model) {
  const owners = new Map<string, string>([
    [FACILITIES, FACILITY_OWNER],
    ...model.tenants.map((t): [string, string] => [t.id, t.name]),
  ]);
  return Object.entries(model.blocks)
    .filter(([owner]) => owners.has(owner))
    .map(([owner, b]) => ({ owner: owners.get(owner)!, ipv4: b.ipv4, ipv6: b.ipv6 }))
    .sort((a, b) => {
      const [x, y] = [parsePrefix(a.ipv4).first, parsePrefix(b.ipv4).first];
      return x < y ? -1 : x > y ? 1 : 0;
    });
}

export function networkDocuments(model: Model): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const facilities = model.segments.filter((s) => s.owner === FACILITIES);
  const region = {
    organisation: model.organisation.name,
    blocks: blockRows(model),
    ipv6Categories: model.ipv6Categories,
    facilities: [...facilities].sort(byVlan).map(segmentRow),
    tenants: model.tenants.map((t) => ({
      id: t.id,
      name: t.name,
      segments: model.segments.filter((s) => s.owner === t.id).length,
      siteSubnets: model.siteSubnets.filter((s) => s.tenant === t.id).length,
    })),
    topology: topologyView(model),
  };
  files.push({ path: "docs/network/ip-plan.md", text: render("network/region-ip-plan.md", region) });
  files.push({
    path: "docs/network/ip-plan.csv",
    text: render("network/ip-plan.csv", { rows: csvRows(model.segments, model.siteSubnets) }),
  });
  for (const tenant of model.tenants) {
    const view = tenantView(model, tenant);
    files.push({
      path: `docs/network/${tenant.id}/ip-plan.md`,
      text: render("network/tenant-ip-plan.md", view),
    });
    files.push({
      path: `docs/network/${tenant.id}/ip-plan.csv`,
      text: render("network/ip-plan.csv", { rows: view.csv }),
    });
  }
  for (const link of model.fibreLinks) {
    files.push({
      path: `docs/network/${link.tenant}/fibre-${link.id}.md`,
      text: render("network/fibre-handover.md", handoverView(model, link)),
    });
  }
  return files;
}
