// The zone policy (zones.yaml) means what it says: a flow into a zone classified above its source
// states why, an untrusted zone reaches outside networks only, a network of registered addresses
// is reached only from segments translated to them, and the baselines are in date order.
import {
  type Aspect,
  aspectsAbove,
  type Classification,
  describeClassification,
  OUTSIDE,
} from "../classification.ts";
import type { Finding } from "../problems.ts";
import { and, type Rule, entries, finding } from "./context.ts";

export const zonePolicy: Rule = {
  id: "zone-policy",
  phase: "shape-valid",
  independent: true,
  description:
    "flows into a higher-classified zone state why; untrusted zones reach outside networks only; registered-address networks are reached from translated segments only",
  check: ({ config, files }) => {
    const { zones: policy, catalog, region } = config;
    const file = files.zones;
    const out: Finding[] = [];
    const zones = policy.zones;
    const isNetwork = (id: string) => Object.hasOwn(policy.networks, id);
    const level = (id: string): Classification | undefined =>
      isNetwork(id) ? OUTSIDE : zones[id]?.classification;
    const show = (id: string) =>
      isNetwork(id) ? `network ${id}` : `${id} (${describeClassification(zones[id]!.classification)})`;
    const outside = Object.keys(policy.networks).join(", ") || "none defined";

    for (const id of Object.keys(policy.networks)) {
      if (Object.hasOwn(zones, id)) {
        out.push(
          finding(
            file,
            ["networks", id],
            `"${id}" is both a zone and a network: flows could not tell them apart; rename the network`,
            true,
          ),
        );
      }
    }

    for (const [id, flow] of entries(policy.flows)) {
      // a flow that goes up, or one refused whatever its reason: either way the reason stays
      let upward = false;
      flow.to.forEach((to, i) => {
        const target = level(to);
        if (!target) return;
        const untrusted = flow.from.filter((f) => zones[f]?.untrusted === true);
        if (!isNetwork(to) && untrusted.length > 0) {
          out.push(
            finding(
              file,
              ["flows", id, "to", i],
              `zone ${and(untrusted)} is untrusted (devices IRVN does not manage) and reaches outside networks only (${outside}), whatever the reason: remove "${to}" from \`to\``,
            ),
          );
          upward = true;
          return;
        }
        const networks = flow.from.filter((f) => isNetwork(f));
        if (isNetwork(to) && networks.length > 0) {
          out.push(
            finding(
              file,
              ["flows", id, "to", i],
              `a flow from network ${and(networks)} to network ${to} passes no IRVN zone: remove "${to}" from \`to\` or the networks from \`from\``,
            ),
          );
          return;
        }
        const below = flow.from.flatMap((f) => {
          const source = level(f);
          const aspects: Aspect[] = source ? aspectsAbove(target, source) : [];
          return aspects.length > 0 ? [`${show(f)} on ${and(aspects)}`] : [];
        });
        if (below.length === 0) return;
        upward = true;
        if (flow.reason === undefined) {
          out.push(
            finding(
              file,
              ["flows", id, "to", i],
              `zone ${show(to)} is classified above ${and(below)}: state why the flow goes up under \`reason\`, or remove "${to}"`,
            ),
          );
        }
      });
      if (flow.reason !== undefined && !upward && flow.to.every((t) => level(t) !== undefined)) {
        out.push(
          finding(
            file,
            ["flows", id, "reason"],
            "no zone in `to` is classified above a zone in `from`: a reason is only for a flow that goes up; remove it",
          ),
        );
      }

      const registered = flow.to.filter((t) => policy.networks[t]?.registeredAddresses !== undefined);
      if (registered.length === 0) continue;
      flow.from.forEach((from, i) => {
        if (!Object.hasOwn(zones, from)) return;
        const untranslated = [
          ...Object.entries(catalog.segmentTypes)
            .filter(([, s]) => s.zone === from && !s.publicAddressing)
            .map(([s]) => `segment type ${s}`),
          ...Object.entries(region.facilities)
            .filter(([, f]) => f.zone === from)
            .map(([f]) => `facility ${f}`),
          ...(region.switch.transitZone === from ? ["the transit segments"] : []),
        ];
        const translated = Object.values(catalog.segmentTypes).some(
          (s) => s.zone === from && s.publicAddressing,
        );
        if (untranslated.length === 0 && translated) return;
        const network = registered[0]!;
        const prefix = policy.networks[network]!.registeredAddresses!;
        out.push(
          finding(
            file,
            ["flows", id, "from", i],
            `network ${network} accepts registered addresses only (${prefix}), reached through segments with \`publicAddressing\` (catalog \`segmentTypes\`), and zone ${from} ${
              untranslated.length > 0 ? `holds ${and(untranslated)} without it` : "has no such segment"
            }: reach ${network} from a zone whose segments are all translated (${
              and([
                ...new Set(
                  Object.values(catalog.segmentTypes)
                    .filter((s) => s.publicAddressing)
                    .map((s) => s.zone),
                ),
              ]) || "none yet"
            }), or give the zone's segment types \`publicAddressing\``,
          ),
        );
      });
    }

    const baselines = entries(policy.baselines);
    baselines.forEach(([id, b], i) => {
      const previous = baselines[i - 1];
      if (previous && b.since < previous[1].since) {
        out.push(
          finding(
            file,
            ["baselines", id, "since"],
            `baseline ${id} (${b.since}) is listed after ${previous[0]} (${previous[1].since}): list the baselines in date order`,
          ),
        );
      }
    });
    return out;
  },
};
