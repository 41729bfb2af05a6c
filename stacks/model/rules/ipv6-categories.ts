// The IPv6 network categories (a block from Logius each): apart from one another, able to hold a
// /64, and every segment type naming one that exists.
import { formatPrefix, overlaps, parsePrefix } from "../ip.ts";
import { IPV6_SEGMENT_LENGTH } from "../ipam/allocate.ts";
import { INTERNAL } from "../ipam/requests.ts";
import type { Finding } from "../problems.ts";
import { type Rule, entries, finding, unknownRef } from "./context.ts";

export const ipv6Categories: Rule = {
  id: "ipv6-categories",
  phase: "shape-valid",
  description: "IPv6 category blocks do not overlap, each holds a /64, segment types name known categories",
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
    const known = { [INTERNAL]: true, ...categories };
    for (const [id, type] of entries(config.catalog.segmentTypes)) {
      if (type.ipv6Category === undefined) continue;
      out.push(
        ...unknownRef(
          files.catalog,
          ["segmentTypes", id, "ipv6Category"],
          type.ipv6Category,
          known,
          "region `addressing.ipv6.categories` (or `internal`)",
        ),
      );
    }
    for (const [id, facility] of entries(config.region.facilities)) {
      if (facility.ipv6Category === undefined) continue;
      out.push(
        ...unknownRef(
          files.region,
          ["facilities", id, "ipv6Category"],
          facility.ipv6Category,
          known,
          "region `addressing.ipv6.categories` (or `internal`)",
        ),
      );
    }
    return out;
  },
};
