// The zone policy resolved (zones.yaml): zones, outside networks and flows for the model, the
// baseline in force at a point in time, and the rule table a firewall team imports: every flow
// expanded into the pairs of segments it allows, with their prefixes, ports and NAT.
import type { Classification } from "./classification.ts";
import { FACILITIES } from "./owners.ts";
import { compare } from "./problems.ts";
import type { ZonesConfig } from "./schema/index.ts";
import type { PointInTime } from "./timeline.ts";

export interface ZoneModel {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly classification: Classification;
  /** Devices IRVN does not manage: the zone reaches outside networks only. */
  readonly untrusted: boolean;
  /** A BIO1 level stated for the zone, with why (BIO2 has none). */
  readonly bbn?: { readonly level: number; readonly reason: string };
}

export interface NetworkModel {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Registered public IPv4 prefix that hosts reaching this network are translated to. */
  readonly registeredAddresses?: string;
}

export interface ServiceModel {
  readonly id: string;
  readonly name: string;
  readonly ports: readonly string[];
}

export interface FlowModel {
  readonly id: string;
  /** Zone or network ids. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly services: readonly ServiceModel[];
  readonly description: string;
  /** Why it goes into a zone classified above its source. */
  readonly reason?: string;
}

export interface BaselineModel {
  readonly id: string;
  readonly name: string;
  readonly since: string;
  readonly description: string;
}

export interface ZonePolicy {
  readonly zones: readonly ZoneModel[];
  readonly networks: readonly NetworkModel[];
  readonly flows: readonly FlowModel[];
  /** The security baseline in force at the point in time, if any was yet. */
  readonly baseline?: BaselineModel;
}

const byId = <T extends { id: string }>(a: T, b: T) => compare(a.id, b.id);

/** The baseline in force on the point's date; the latest for the target. */
export function baselineAt(zones: ZonesConfig, point: PointInTime): BaselineModel | undefined {
  const date = point.kind === "target" ? "9999-12-31" : point.date;
  const [id, b] =
    Object.entries(zones.baselines)
      .filter(([, b]) => b.since <= date)
      .sort(([, a], [, b]) => compare(a.since, b.since))
      .at(-1) ?? [];
  return id && b ? { id, name: b.name, since: b.since, description: b.description } : undefined;
}

export function resolveZonePolicy(zones: ZonesConfig, point: PointInTime): ZonePolicy {
  const baseline = baselineAt(zones, point);
  return {
    zones: Object.entries(zones.zones)
      .map(([id, z]) => ({
        id,
        name: z.name,
        description: z.description,
        classification: z.classification,
        untrusted: z.untrusted === true,
        ...(z.bbn ? { bbn: z.bbn } : {}),
      }))
      .sort(byId),
    networks: Object.entries(zones.networks)
      .map(([id, n]) => ({
        id,
        name: n.name,
        description: n.description,
        ...(n.registeredAddresses ? { registeredAddresses: n.registeredAddresses } : {}),
      }))
      .sort(byId),
    flows: Object.entries(zones.flows)
      .map(([id, f]) => ({
        id,
        from: f.from,
        to: f.to,
        services: f.services.map((s) => ({
          id: s,
          name: zones.services[s]!.name,
          ports: zones.services[s]!.ports,
        })),
        description: f.description,
        ...(f.reason ? { reason: f.reason } : {}),
      }))
      .sort(byId),
    ...(baseline ? { baseline } : {}),
  };
}

/** One allowed pair of segments (or a segment and an outside network) of a flow. */
export interface RuleRow {
  /** `<flow>:<from>><to>`, from and to a segment key or a network id: unique, stable. */
  readonly rule: string;
  readonly flow: string;
  readonly fromZone: string;
  readonly fromSegment: string;
  readonly fromIpv4: string;
  readonly fromIpv6: string;
  readonly toZone: string;
  readonly toSegment: string;
  readonly toIpv4: string;
  readonly toIpv6: string;
  readonly services: string;
  readonly ports: string;
  /** How the source is translated: to a network's registered addresses, or empty. */
  readonly nat: string;
}

interface Endpoint {
  readonly zone: string;
  /** Segment key, or the network id. */
  readonly key: string;
  /** Tenant id, FACILITIES, or undefined for an outside network. */
  readonly owner?: string;
  readonly ipv4: string;
  readonly ipv6: string;
}

interface PolicySegment {
  readonly key: string;
  readonly owner: string;
  readonly zone: string;
  readonly ipv4: string;
  /** Absent on a segment that is not routed (vMotion, storage): no flow reaches it. */
  readonly ipv6?: string | undefined;
}

/** Every network a rule can name: the port groups, and the subnets routed at the sites. */
export function policySegments(model: {
  readonly segments: readonly PolicySegment[];
  readonly siteSubnets: readonly { key: string; tenant: string; zone: string; ipv4: string; ipv6: string }[];
}): PolicySegment[] {
  return [
    ...model.segments,
    ...model.siteSubnets.map((s) => ({
      key: s.key,
      owner: s.tenant,
      zone: s.zone,
      ipv4: s.ipv4,
      ipv6: s.ipv6,
    })),
  ];
}

/**
 * Every flow as the pairs of segments it allows: a tenant's segments reach their own tenant's and
 * the shared facilities' (and an outside network), never another tenant's; a segment does not
 * pass the firewall to reach itself. Sorted by flow, then source, then destination.
 */
export function ruleTable(
  policy: Pick<ZonePolicy, "flows" | "networks">,
  segments: readonly PolicySegment[],
): RuleRow[] {
  const networks = new Map(policy.networks.map((n) => [n.id, n]));
  const endpoints = (id: string): Endpoint[] =>
    networks.has(id)
      ? [{ zone: id, key: id, ipv4: "any", ipv6: "any" }]
      : segments.flatMap((s) =>
          s.zone === id && s.ipv6 !== undefined
            ? [{ zone: id, key: s.key, owner: s.owner, ipv4: s.ipv4, ipv6: s.ipv6 }]
            : [],
        );
  const reaches = (a: Endpoint, b: Endpoint) =>
    a.key !== b.key &&
    (a.owner === undefined ||
      b.owner === undefined ||
      a.owner === b.owner ||
      a.owner === FACILITIES ||
      b.owner === FACILITIES);
  const rows: RuleRow[] = [];
  for (const flow of policy.flows) {
    const services = flow.services.map((s) => s.id).join(" ");
    const ports = [...new Set(flow.services.flatMap((s) => s.ports))].join(" ");
    const sources = flow.from.flatMap(endpoints).sort((a, b) => compare(a.key, b.key));
    const targets = flow.to.flatMap(endpoints).sort((a, b) => compare(a.key, b.key));
    for (const from of sources) {
      for (const to of targets) {
        if (!reaches(from, to)) continue;
        const registered = networks.get(to.key)?.registeredAddresses;
        rows.push({
          rule: `${flow.id}:${from.key}>${to.key}`,
          flow: flow.id,
          fromZone: from.zone,
          fromSegment: networks.has(from.key) ? "" : from.key,
          fromIpv4: from.ipv4,
          fromIpv6: from.ipv6,
          toZone: to.zone,
          toSegment: networks.has(to.key) ? "" : to.key,
          toIpv4: to.ipv4,
          toIpv6: to.ipv6,
          services,
          ports,
          nat: registered ? `ipv4 source to ${registered}` : "",
        });
      }
    }
  }
  return rows;
}
