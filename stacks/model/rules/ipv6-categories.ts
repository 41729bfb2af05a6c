// The IPv6 network categories (a block from Logius each): apart from one another and able to hold
// a /64. That segment types and facilities name one that exists is a row of the references table.
import { formatPrefix, overlaps, parsePrefix } from "../ip.ts";
import { IPV6_SEGMENT_LENGTH } from "../ipam/allocate.ts";
import { INTERNAL } from "../ipam/requests.ts";
import type { Finding } from "../problems.ts";
import { type Rule, entries, finding } from "./context.ts";

export const ipv6Categories: Rule = {
  id: "ipv6-categories",
  phase: "shape-valid",
  description: "IPv6 category blocks do not overlap and each holds a /64",
  check: ({ config, files }) => {
    const { ipv6 } = config.region.addressing;
    const out: Finding[] = [];
    const categories = ipv6.categories ?? {};
    const blocks = [
      { id: INTERNAL, path: ["addressing", "ipv6", "block"], prefix: parsePrefix(ipv6.block) },
      ...entries(categories).map(([id, c]) => ({
        id,
        path: ["addressing", "ipv6", "categories", id, "block"],
        prefix: parsePrefix(c.block),
      })),
    ];
    blocks.forEach((b, i) => {
      if (b.id === INTERNAL && i > 0) {
        out.push(
          finding(
            files.region,
            ["addressing", "ipv6", "categories", b.id],
            `"${INTERNAL}" is the category of addressing.ipv6.block (the tenants' blocks): give this one another id`,
            true,
          ),
        );
      }
      if (b.prefix.length > IPV6_SEGMENT_LENGTH) {
        out.push(
          finding(
            files.region,
            b.path,
            `a /${b.prefix.length} cannot hold a /64 segment: use a /64 or larger`,
          ),
        );
      }
      const other = blocks.slice(0, i).find((o) => overlaps(o.prefix, b.prefix));
      if (other) {
        out.push(
          finding(
            files.region,
            b.path,
            `${formatPrefix(b.prefix)} overlaps the block of category ${other.id} (${formatPrefix(other.prefix)}): each category has its own block`,
          ),
        );
      }
    });
    return out;
  },
};
