// Rules on each segment's allocation against what the configuration asks of it now: room for its
// demand, IPv6 only where routed and from its category. Pointers into the lock; messages name the step.
import { contains, parsePrefix } from "../ip.ts";
import { describeDemand, usable } from "../ipam/demand.ts";
import { AT, INTERNAL, type Pools, type Requests } from "../ipam/requests.ts";
import { type Finding, pointer, grouped } from "../problems.ts";
import type { IpamLock } from "../schema/index.ts";

export function checkSegmentPlan(
  lockFile: string,
  lock: IpamLock,
  pools: Pools,
  requests: Requests,
): Finding[] {
  const out: Finding[] = [];
  for (const req of requests.segments) {
    const entry = lock.segments[req.key];
    if (!entry) continue; // reported as missing
    const at = (field: string, message: string) =>
      out.push({ file: lockFile, pointer: pointer("segments", req.key, field), message });
    const renumber = `\`irvn ipam --renumber-ipv6 ${req.key}\``;
    const holds = usable(parsePrefix(entry.ipv4).length);
    if (req.demand && holds < req.demand.addresses) {
      at(
        "ipv4",
        `${entry.ipv4} holds ${grouped(holds)} addresses; ${req.key} needs ${grouped(req.demand.addresses)}: ${describeDemand(req.demand)} (catalog segmentTypes.${req.item.split(AT)[0]}.demand): grow it to a /${req.ipv4Length} with \`irvn ipam --grow ${req.key}\` (its VLAN and IPv6 stay, no other entry moves), or release it with \`irvn ipam --release ${req.key}\` and run \`irvn ipam\``,
      );
    }
    if (req.ipv6Category === undefined) {
      if (entry.ipv6 !== undefined)
        at(
          "ipv6",
          `${req.key} is not routed (\`routed: false\` in region.yaml), so it has no IPv6, but the lock gives it ${entry.ipv6}: take it away with ${renumber}`,
        );
      continue;
    }
    if (entry.ipv6 === undefined) {
      at("vlan", `${req.key} is routed but has no IPv6 /64: run \`irvn ipam\``);
      continue;
    }
    const block = pools.ipv6Categories[req.ipv6Category];
    if (req.ipv6Category !== INTERNAL && block && !contains(parsePrefix(block), parsePrefix(entry.ipv6))) {
      at(
        "ipv6",
        `${entry.ipv6} lies outside the IPv6 category ${req.ipv6Category} (${block}) its segment type names: move it there with ${renumber} (its VLAN and IPv4 stay)`,
      );
    }
  }
  return out;
}
