// The network, in stacks of its own. The shared stack owns the distributed switch and the port
// groups of the generic facilities; a tenant's stack finds the switch by name and holds a port
// group per segment it takes and a transit port group per fibre link, so a change to one
// municipality stays inside its stack.
import { type App, TerraformOutput } from "./terraform/elements.ts";
import { DataVsphereDistributedVirtualSwitch, DistributedVirtualSwitch } from "./terraform/vsphere.ts";
import { NOT_OURS } from "./central-stack.ts";
import { addCentralLookups, type CentralLookups } from "./constructs/central-lookups.ts";
import { addPortGroups, segmentTagKeys } from "./constructs/port-groups.ts";
import { VsphereStack } from "./constructs/vsphere-stack.ts";
import type { LegacySubnetModel, Model, SegmentModel } from "./model/model.ts";

export type NetworkStackProps = Pick<Model, "vcenter" | "stateBackend" | "switch" | "tagCategories"> &
  (
    | { readonly role: "shared"; /** The facility segments. */ readonly segments: readonly SegmentModel[] }
    | {
        readonly role: "tenant";
        /** This tenant's segments, transit included. */
        readonly segments: readonly SegmentModel[];
        /** Its legacy subnets while linked: translated (NAT) or renumbered, published as outputs. */
        readonly legacy: readonly LegacySubnetModel[];
      }
  );

export class NetworkStack extends VsphereStack {
  constructor(scope: App, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const lookups = addCentralLookups(this, {
      datacenter: props.vcenter.datacenter,
      tagCategories: props.tagCategories,
      tags: segmentTagKeys(props.segments),
    });
    const switchUuid =
      props.role === "shared"
        ? this.ownSwitch(props.switch, lookups)
        : this.findSwitch(props.switch, lookups);
    addPortGroups(this, props.role === "shared" ? "facility_port_groups" : "port_groups", {
      switchUuid,
      segments: props.segments,
      lookups,
    });
    if (props.role === "tenant") this.addCoexistenceOutputs(props.segments, props.legacy);
  }

  private ownSwitch(sw: Model["switch"], lookups: CentralLookups): string {
    return new DistributedVirtualSwitch(this, "switch", {
      name: sw.name,
      datacenterId: lookups.datacenterId,
      maxMtu: sw.mtu,
      uplinks: [...sw.uplinks],
      // hosts join the switch outside Terraform (the bootstrap): the provider reads them back,
      // and a switch that leaves `host` unset would plan to remove every one of them; the same
      // holds for private VLAN mappings, tags and custom attributes set in vCenter
      lifecycle: { preventDestroy: true, ignoreChanges: ["host", "pvlan_mapping", ...NOT_OURS] },
    }).id;
  }

  private findSwitch(sw: Model["switch"], lookups: CentralLookups): string {
    return new DataVsphereDistributedVirtualSwitch(this, "switch", {
      name: sw.name,
      datacenterId: lookups.datacenterId,
    }).id;
  }

  /** What the firewall and the site routers need during coexistence, for `terraform output`. */
  private addCoexistenceOutputs(
    segments: readonly SegmentModel[],
    legacy: readonly LegacySubnetModel[],
  ): void {
    const target = new Map(segments.map((s) => [s.item, s.ipv4]));
    const nat = legacy.filter((l) => l.coexistence === "nat");
    const renumber = legacy.filter((l) => l.coexistence === "renumber");
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
