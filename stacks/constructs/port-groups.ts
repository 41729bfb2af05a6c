// Distributed port groups for a set of segments, one `for_each` table keyed by segment key
// (`<owner>/<item>`), each on its allocated VLAN and tagged with its zone (and tenant).
import { TerraformIterator, type TerraformStack } from "../terraform/elements.ts";
import { DistributedPortGroup } from "../terraform/vsphere.ts";
import { describeClassification } from "../model/classification.ts";
import type { SegmentModel } from "../model/model.ts";
import type { CentralLookups } from "./central-lookups.ts";

export interface PortGroupsProps {
  readonly switchUuid: string;
  readonly segments: readonly SegmentModel[];
  readonly lookups: CentralLookups;
}

export function describeSegment(s: SegmentModel): string {
  const addresses = s.routed
    ? `${s.ipv4} gw ${s.ipv4Gateway}, ${s.ipv6} gw ${s.ipv6Gateway}`
    : `${s.ipv4}, not routed`;
  return `${s.name}: ${addresses}; zone ${s.zone} (${describeClassification(s.classification)})`;
}

/** The tag lookups the port groups of these segments need. */
export function segmentTagKeys(segments: readonly SegmentModel[]): string[] {
  return [...new Set(segments.flatMap((s) => s.tags))].sort();
}

/** Adds `vsphere_distributed_port_group.<id>`, tagged from each segment's tag keys. */
export function addPortGroups(
  stack: TerraformStack,
  id: string,
  props: PortGroupsProps,
): DistributedPortGroup {
  const table = TerraformIterator.fromMap(
    Object.fromEntries(
      props.segments.map((s) => [
        s.key,
        { name: s.portGroup, vlan_id: s.vlan, description: describeSegment(s), tags: s.tags },
      ]),
    ),
  );
  return new DistributedPortGroup(stack, id, {
    forEach: table,
    name: table.getString("name"),
    vlanId: table.getNumber("vlan_id"),
    description: table.getString("description"),
    distributedVirtualSwitchUuid: props.switchUuid,
    tags: `\${[for tag in each.value.tags : ${props.lookups.tagRef("tag")}]}`,
    // no prevent_destroy: it would hold for every port group of the table, so a retired segment
    // could never be planned; `irvn apply` refuses the destroy unless --allow-destroy names it.
    // Custom attribute values are written in vCenter, not here.
    lifecycle: { ignoreChanges: ["custom_attributes"] },
  });
}
