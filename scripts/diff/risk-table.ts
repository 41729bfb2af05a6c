// What a reviewer must not miss. Which attribute changes destroy and recreate an object is a
// provider fact, read from the provider's source (scripts/provider/vsphere-2.15.0.facts.json);
// which names other stacks and people look objects up by is our own design (architecture
// decisions 5 and 9), kept here as data.

/** Renamed or moved in place, but other stacks' data sources, runbooks and people find it by this. */
export interface RenameRisk {
  /** Attribute path without list indices: `name`, `path`. */
  readonly attribute: string;
  readonly why: string;
}

const LOOKED_UP = "other stacks find it by name through data sources";

export const RENAMES: Readonly<Record<string, readonly RenameRisk[]>> = {
  vsphere_compute_cluster: [{ attribute: "name", why: `the cluster is renamed in place, but ${LOOKED_UP}` }],
  vsphere_distributed_virtual_switch: [
    { attribute: "name", why: `the switch is renamed in place, but ${LOOKED_UP}` },
  ],
  vsphere_distributed_port_group: [
    { attribute: "name", why: `the port group is renamed in place, but VMs and ${LOOKED_UP}` },
  ],
  vsphere_folder: [{ attribute: "path", why: `the folder is renamed or moved in place, but ${LOOKED_UP}` }],
  vsphere_resource_pool: [{ attribute: "name", why: `the pool is renamed in place, but ${LOOKED_UP}` }],
};

/**
 * The object stays but part of it is destroyed: a value of the attribute that disappears takes
 * data with it. Grounded in the provider facts (the citation is the fact's).
 */
export interface DataLossRisk {
  /** Attribute path without list indices whose values are compared as sets: `disk.label`. */
  readonly attribute: string;
  readonly why: string;
}

export const DATA_LOSS: Readonly<Record<string, readonly DataLossRisk[]>> = {
  vsphere_virtual_machine: [
    {
      attribute: "disk.label",
      why: "disks are matched by label: the disk whose label disappears is deleted with its file, and a new empty disk is created",
    },
  ],
};

/** Whether a change replaces the object: the provider facts, most specific attribute path first. */
export { attributeFact } from "../provider/facts.ts";

/**
 * Which resources are protected is decided once, by the apply guardrails: by type, and by a mark
 * on the block (`lifecycle.prevent_destroy`, or irvn's own mark in `"//"`). The diff flags what
 * `irvn apply` would stop at.
 */
export { PROTECTED_TYPES } from "../terraform/guardrails.ts";
export { isMarkedProtected } from "../terraform/stack-config.ts";
