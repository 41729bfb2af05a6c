// One tenant's network: a port group per segment it takes and a transit port group per fibre
// link. Its own stack keeps the blast radius of a change to one municipality inside it.
import { type Construct, DataVsphereDistributedVirtualSwitch } from "./cdk.ts";
import { addCentralLookups } from "./constructs/central-lookups.ts";
import { addPortGroups, segmentTagKeys } from "./constructs/port-groups.ts";
import { VsphereStack } from "./constructs/vsphere-stack.ts";
import type { Model, SegmentModel } from "./model/model.ts";

export interface TenantNetworkStackProps extends Pick<
  Model,
  "vcenter" | "stateBackend" | "switch" | "tagCategories"
> {
  /** This tenant's segments, transit included. */
  readonly segments: readonly SegmentModel[];
}

export class TenantNetworkStack extends VsphereStack {
  constructor(scope: Construct, id: string, props: TenantNetworkStackProps) {
    super(scope, id, props);
    const lookups = addCentralLookups(this, {
      datacenter: props.vcenter.datacenter,
      tagCategories: props.tagCategories,
      tags: segmentTagKeys(props.segments),
    });
    const dvs = new DataVsphereDistributedVirtualSwitch(this, "switch", {
      name: props.switch.name,
      datacenterId: lookups.datacenterId,
    });
    addPortGroups(this, "port_groups", {
      switchUuid: dvs.id,
      segments: props.segments,
      lookups,
    });
  }
}
