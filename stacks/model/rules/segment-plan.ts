// Rules on each segment's allocation against what the configuration asks of it now: IPv6 only
// where the segment is routed. Pointers are into the lock; each message names the `irvn ipam` step.
import type { Requests } from "../ipam/requests.ts";
import { type Finding, pointer } from "../problems.ts";
import type { IpamLock } from "../schema/index.ts";

export function checkSegmentPlan(lockFile: string, lock: IpamLock, requests: Requests): Finding[] {
  const out: Finding[] = [];
  for (const req of requests.segments) {
    const entry = lock.segments[req.key];
    if (!entry) continue; // reported as missing
    const at = (field: string, message: string) =>
      out.push({ file: lockFile, pointer: pointer("segments", req.key, field), message });
    if (req.ipv6Category === undefined && entry.ipv6 !== undefined) {
      at(
        "ipv6",
        `${req.key} is not routed (\`routed: false\` in region.yaml), so it has no IPv6, but the lock gives it ${entry.ipv6}: take it away with \`irvn ipam --renumber-ipv6 ${req.key}\``,
      );
    }
    if (req.ipv6Category !== undefined && entry.ipv6 === undefined) {
      at("vlan", `${req.key} is routed but has no IPv6 /64: run \`irvn ipam\``);
    }
  }
  return out;
}
