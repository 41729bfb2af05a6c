// Distributed port groups for a set of segments, one `for_each` table keyed by segment key
// (`<owner>/<item>`), each on its allocated VLAN and tagged with its zone (and tenant).
import { DistributedPortGroup, TerraformIterator, type TerraformStack } from "../cdk.ts";
import type { SegmentModel } from "../model/model.ts";
import type { CentralLookups } from "./central-lookups.ts";

export interface PortGroupsProps {
  readonly switchUuid: string;
  readonly segments: readonly SegmentModel[];
  readonly lookups: CentralLookups;
  /** Tag every port group with this tenant (absent for the shared facilities). */
  readonly tenant?: string;
}

export function describeSegment(s: SegmentModel): string {
  return `${s.name}: ${s.ipv4} gw ${s.ipv4Gateway}, ${s.ipv6} gw ${s.ipv6Gateway}; zone ${s.zone} (BBN ${s.level})`;
}

/** Adds `vsphere_distributed_port_group.<id>`. */
export function addPortGroups(
  stack: TerraformStack,
  id: string,
  props: PortGroupsProps,
): DistributedPortGroup {
  const table = TerraformIterator.fromMap(
    Object.fromEntries(
      props.segments.map((s) => [
        s.key,
        { name: s.portGroup, vlan_id: s.vlan, description: describeSegment(s), zone_tag: `zone/${s.zone}` },
      ]),
    ),
  );
  const tags = [props.lookups.tagId("each.value.zone_tag")];
  if (props.tenant !== undefined) tags.unshift(props.lookups.tagId(JSON.stringify(`tenant/${props.tenant}`)));
  return new DistributedPortGroup(stack, id, {
    forEach: table,
    name: table.getString("name"),
    vlanId: table.getNumber("vlan_id"),
    description: table.getString("description"),
    distributedVirtualSwitchUuid: props.switchUuid,
    tags,
    lifecycle: { preventDestroy: true },
  });
}
