// What a reviewer must not miss, kept as data: the attributes whose change destroys and
// recreates the object in vCenter, and the names other stacks and people look objects up by.
// Sources: the ForceNew flags in the vmware/vsphere provider's resource schemas (provider
// 2.15.0, pinned by @cdktf/provider-vsphere 11.2.1) and architecture decisions 5 and 9.

export type AttributeEffect =
  /** The provider destroys the object and creates a new one (ForceNew, or matched by this value). */
  | "replace"
  /** Renamed or moved in place, but other stacks' data sources, runbooks and people find it by this. */
  | "rename";

export interface AttributeRisk {
  /** Attribute path without list indices: `name`, `disk.label`, `clone`. */
  readonly attribute: string;
  readonly effect: AttributeEffect;
  /**
   * `changed`: any difference counts. `lost`: only a value that disappears counts (the path
   * collects several values, as a list does: adding a disk or an associable type is harmless).
   */
  readonly when: "changed" | "lost";
  readonly why: string;
}

const replace = (attribute: string, why: string, when: AttributeRisk["when"] = "changed"): AttributeRisk => ({
  attribute,
  effect: "replace",
  when,
  why,
});
const rename = (attribute: string, why: string): AttributeRisk => ({
  attribute,
  effect: "rename",
  when: "changed",
  why,
});

const LOOKED_UP = "other stacks find it by name through data sources";

export const ATTRIBUTE_RISKS: Readonly<Record<string, readonly AttributeRisk[]>> = {
  vsphere_datacenter: [
    replace("name", "a datacenter cannot be renamed by the provider: it is destroyed and recreated"),
    replace("folder", "moving a datacenter recreates it"),
  ],
  vsphere_compute_cluster: [
    replace("datacenter_id", "a cluster cannot move between datacenters: it is recreated"),
    rename("name", `the cluster is renamed in place, but ${LOOKED_UP}`),
  ],
  vsphere_distributed_virtual_switch: [
    replace("datacenter_id", "a switch cannot move between datacenters: it is recreated"),
    replace("folder", "moving a switch to another folder recreates it"),
    rename("name", `the switch is renamed in place, but ${LOOKED_UP}`),
  ],
  vsphere_distributed_port_group: [
    replace("distributed_virtual_switch_uuid", "a port group cannot move between switches: it is recreated"),
    rename("name", `the port group is renamed in place, but VMs and ${LOOKED_UP}`),
  ],
  vsphere_content_library: [
    replace("name", "content library attributes cannot be updated: it is recreated"),
    replace("description", "content library attributes cannot be updated: it is recreated"),
    replace("storage_backing", "content library attributes cannot be updated: it is recreated"),
    replace("publication", "content library attributes cannot be updated: it is recreated"),
    replace("subscription", "content library attributes cannot be updated: it is recreated"),
  ],
  vsphere_folder: [
    replace("type", "a folder cannot change type: it is recreated (and must be empty to be destroyed)"),
    replace("datacenter_id", "a folder cannot move between datacenters: it is recreated"),
    rename("path", `the folder is renamed or moved in place, but ${LOOKED_UP}`),
  ],
  vsphere_resource_pool: [rename("name", `the pool is renamed in place, but ${LOOKED_UP}`)],
  vsphere_tag_category: [
    replace("cardinality", "a tag category cannot change cardinality: it is recreated with all its tags"),
    replace(
      "associable_types",
      "removing an associable type recreates the category with all its tags",
      "lost",
    ),
  ],
  vsphere_tag: [
    replace("category_id", "a tag cannot move between categories: it is recreated and unassigned"),
  ],
  vsphere_virtual_machine: [
    replace("clone", "the clone block only applies at creation: changing it recreates the VM"),
    replace(
      "disk.label",
      "disks are matched by label: a renamed or dropped label detaches that disk",
      "lost",
    ),
  ],
};

/**
 * Which resources are protected is decided once, by the apply guardrails: by type, and by a mark
 * on the block (`lifecycle.prevent_destroy`, or irvn's own mark in `"//"`). The diff flags what
 * `irvn apply` would stop at.
 */
export { PROTECTED_TYPES } from "../terraform/guardrails.ts";
export { isMarkedProtected } from "../terraform/stack-config.ts";
