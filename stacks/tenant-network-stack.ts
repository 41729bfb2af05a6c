// One tenant's network: a port group per segment it takes and a transit port group per fibre
// link. Its own stack keeps the blast radius of a change to one municipality inside it.
import { type Construct, DataVsphereDistributedVirtualSwitch, TerraformOutput } from "./cdk.ts";
import { addCentralLookups } from "./constructs/central-lookups.ts";
import { addPortGroups, segmentTagKeys } from "./constructs/port-groups.ts";
import { VsphereStack } from "./constructs/vsphere-stack.ts";
import type { LegacySubnetModel, Model, SegmentModel } from "./model/model.ts";

export interface TenantNetworkStackProps extends Pick<
  Model,
  "vcenter" | "stateBackend" | "switch" | "tagCategories"
> {
  /** This tenant's segments, transit included. */
  readonly segments: readonly SegmentModel[];
  /** Its legacy subnets while linked: translated (NAT) or renumbered, published as outputs. */
  readonly legacy: readonly LegacySubnetModel[];
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
    this.addCoexistenceOutputs(props);
  }

  /** What the firewall and the site routers need during coexistence, for `terraform output`. */
  private addCoexistenceOutputs(props: TenantNetworkStackProps): void {
    const target = new Map(props.segments.map((s) => [s.item, s.ipv4]));
    const nat = props.legacy.filter((l) => l.coexistence === "nat");
    const renumber = props.legacy.filter((l) => l.coexistence === "renumber");
    if (nat.length > 0) {
      new TerraformOutput(this, "nat_mappings", {
        description: "legacy subnets translated one to one at the transit while linked",
        value: Object.fromEntries(nat.map((l) => [l.id, { legacy: l.cidr, translated: l.nat! }])),
      });
    }
    if (renumber.length > 0) {
      new TerraformOutput(this, "renumbering", {
        description: "legacy subnets renumbered into their target segment in the network's migration wave",
        value: Object.fromEntries(
          renumber.map((l) => [l.id, { legacy: l.cidr, target: target.get(l.purpose) ?? "" }]),
        ),
      });
    }
  }
}
