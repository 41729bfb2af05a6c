// The shared network: the distributed switch and the port groups of the generic facilities.
import { type Construct, DistributedVirtualSwitch } from "./cdk.ts";
import { NOT_OURS } from "./central-stack.ts";
import { addCentralLookups } from "./constructs/central-lookups.ts";
import { addPortGroups, segmentTagKeys } from "./constructs/port-groups.ts";
import { VsphereStack } from "./constructs/vsphere-stack.ts";
import type { Model, SegmentModel } from "./model/model.ts";

export interface NetworkStackProps extends Pick<
  Model,
  "vcenter" | "stateBackend" | "switch" | "tagCategories"
> {
  /** The facility segments. */
  readonly segments: readonly SegmentModel[];
}

export class NetworkStack extends VsphereStack {
  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const lookups = addCentralLookups(this, {
      datacenter: props.vcenter.datacenter,
      tagCategories: props.tagCategories,
      tags: segmentTagKeys(props.segments),
    });
    const dvs = new DistributedVirtualSwitch(this, "switch", {
      name: props.switch.name,
      datacenterId: lookups.datacenterId,
      maxMtu: props.switch.mtu,
      uplinks: [...props.switch.uplinks],
      // hosts join the switch outside Terraform (the bootstrap): the provider reads them back,
      // and a switch that leaves `host` unset would plan to remove every one of them; the same
      // holds for private VLAN mappings, tags and custom attributes set in vCenter
      lifecycle: { preventDestroy: true, ignoreChanges: ["host", "pvlan_mapping", ...NOT_OURS] },
    });
    addPortGroups(this, "facility_port_groups", { switchUuid: dvs.id, segments: props.segments, lookups });
  }
}
