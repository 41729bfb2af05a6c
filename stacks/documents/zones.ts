// Zone policy documents from the model: the policy at a glance (the matrix of allowed flows and
// the baseline in force), a document per zone (its classification, segments, the VMs attached,
// the flows in and out), and the rule table the firewall team imports. The views here hold
// every decision; the templates only lay them out.
import { render } from "../../templates/render.ts";
import { describeClassification } from "../model/classification.ts";
import { FACILITIES } from "../model/ipam/requests.ts";
import type { Model } from "../model/model.ts";
import { compare } from "../model/problems.ts";
import { type FlowModel, policySegments, type RuleRow, ruleTable } from "../model/zone-policy.ts";
import type { GeneratedFile } from "./files.ts";

export const ZONE_DOCS = "docs/zones";

/** The rule table's columns, in order: the contract with the firewall team's import. */
export const RULE_COLUMNS = [
  "rule",
  "flow",
  "from_zone",
  "from_segment",
  "from_ipv4",
  "from_ipv6",
  "to_zone",
  "to_segment",
  "to_ipv4",
  "to_ipv6",
  "services",
  "ports",
  "nat",
] as const;

function baselineView(model: Model) {
  return model.baseline ? { name: model.baseline.name, since: model.baseline.since } : null;
}

function endpointName(model: Model, id: string): string {
  const zone = model.zones.find((z) => z.id === id);
  if (zone) return `${id} (${describeClassification(zone.classification)})`;
  return `${id} (outside network)`;
}

function flowView(model: Model, flow: FlowModel, side: "from" | "to") {
  const registered = flow.to
    .map((t) => model.networks.find((n) => n.id === t)?.registeredAddresses)
    .filter((p) => p !== undefined);
  return {
    id: flow.id,
    endpoints: flow[side].map((e) => endpointName(model, e)).join("; "),
    services: flow.services.map((s) => `${s.name} ${s.ports.join(" ")}`).join("; "),
    nat: registered.length > 0 ? `source translated to ${registered.join(", ")}` : "",
    description: flow.description,
    reason: flow.reason ?? "",
  };
}

function zoneView(model: Model, zoneId: string, rules: readonly RuleRow[]) {
  const zone = model.zones.find((z) => z.id === zoneId)!;
  const segments = model.segments.filter((s) => s.zone === zoneId);
  const tenantName = (owner: string) =>
    owner === FACILITIES ? "all (facility)" : (model.tenants.find((t) => t.id === owner)?.name ?? owner);
  const portGroups = new Map(segments.map((s) => [s.portGroup, s]));
  return {
    zone: {
      id: zone.id,
      name: zone.name,
      description: zone.description,
      classification: describeClassification(zone.classification),
      untrusted: zone.untrusted,
      bbn: zone.bbn ?? null,
    },
    point: model.point.label,
    baseline: baselineView(model),
    segments: [
      ...segments.map((s) => ({
        key: s.key,
        name: s.name,
        owner: tenantName(s.owner),
        portGroup: s.portGroup,
        ipv4: s.ipv4,
        ipv6: s.ipv6 ?? "none (not routed)",
      })),
      // a subnet routed at a site: for the physical network, no port group
      ...model.siteSubnets
        .filter((s) => s.zone === zoneId)
        .map((s) => ({
          key: s.key,
          name: `${s.name} (${s.siteName})`,
          owner: tenantName(s.tenant),
          portGroup: "none (at the site)",
          ipv4: s.ipv4,
          ipv6: s.ipv6,
        })),
    ],
    pools: model.vmPools
      .filter((p) => p.portGroups.some((pg) => portGroups.has(pg)))
      .map((p) => ({
        tenant: tenantName(p.tenant),
        name: p.name,
        vms: p.vms.length,
        classification: describeClassification(p.classification),
        adapters: p.portGroups.join(", "),
      }))
      .sort((a, b) => compare(a.tenant, b.tenant) || compare(a.name, b.name)),
    outgoing: model.flows.filter((f) => f.from.includes(zoneId)).map((f) => flowView(model, f, "to")),
    incoming: model.flows.filter((f) => f.to.includes(zoneId)).map((f) => flowView(model, f, "from")),
    rules: rules.filter((r) => r.fromZone === zoneId || r.toZone === zoneId).length,
  };
}

function policyView(model: Model) {
  const ends = [...model.zones.map((z) => z.id), ...model.networks.map((n) => n.id)];
  const cell = (from: string, to: string) =>
    model.flows
      .filter((f) => f.from.includes(from) && f.to.includes(to))
      .map((f) => f.id)
      .join(", ") || "·";
  return {
    point: model.point.label,
    baseline: baselineView(model),
    zones: model.zones.map((z) => ({
      id: z.id,
      name: z.name,
      classification: describeClassification(z.classification),
      untrusted: z.untrusted,
      bbn: z.bbn ?? null,
      description: z.description,
    })),
    networks: model.networks.map((n) => ({
      id: n.id,
      name: n.name,
      registeredAddresses: n.registeredAddresses ?? "",
      description: n.description,
    })),
    columns: ends,
    matrix: ends.map((from) => ({ from, cells: ends.map((to) => cell(from, to)) })),
    flows: model.flows.map((f) => ({
      id: f.id,
      from: f.from.join(", "),
      to: f.to.join(", "),
      services: f.services.map((s) => s.id).join(", "),
      description: f.description,
      reason: f.reason ?? "",
    })),
    columnNames: RULE_COLUMNS.join(", "),
  };
}

export function zoneDocuments(model: Model): GeneratedFile[] {
  const rows = ruleTable(model, policySegments(model));
  return [
    { path: `${ZONE_DOCS}/policy.md`, text: render("zones/policy.md", policyView(model)) },
    {
      path: `${ZONE_DOCS}/rules.csv`,
      text: render("zones/rules.csv", { columns: RULE_COLUMNS.join(","), rows }),
    },
    ...model.zones.map((z) => ({
      path: `${ZONE_DOCS}/${z.id}.md`,
      text: render("zones/zone.md", zoneView(model, z.id, rows)),
    })),
  ];
}
