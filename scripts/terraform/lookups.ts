// Which objects of other stacks a stack finds by name, and whether an upstream plan changes them:
// a dependent whose lookups would find nothing yet (or the old object) waits for the apply.
import type { StackPlanSummary } from "./plan-summary.ts";
import type { StackConfig } from "./stack-config.ts";

/** Data-source type → the resource type whose objects it finds by name (or path). */
export const FINDS: Readonly<Record<string, string>> = {
  vsphere_datacenter: "vsphere_datacenter",
  vsphere_compute_cluster: "vsphere_compute_cluster",
  vsphere_resource_pool: "vsphere_resource_pool",
  vsphere_distributed_virtual_switch: "vsphere_distributed_virtual_switch",
  vsphere_network: "vsphere_distributed_port_group",
  vsphere_tag_category: "vsphere_tag_category",
  vsphere_tag: "vsphere_tag",
  vsphere_content_library: "vsphere_content_library",
  vsphere_folder: "vsphere_folder",
};

/** Attributes a lookup finds an object by: changing one is a rename the lookup must follow. */
const NAMES = new Set(["name", "path"]);

/** What a stack looks up in other stacks: resource types, and whether it reads their outputs. */
export interface Lookups {
  readonly types: ReadonlySet<string>;
  readonly remoteState: boolean;
}

export function lookupsOf(config: StackConfig): Lookups {
  const data = config.data ?? {};
  const types = new Set(Object.keys(data).flatMap((t) => (FINDS[t] ? [FINDS[t]] : [])));
  return { types, remoteState: data.terraform_remote_state !== undefined };
}

/**
 * Why a dependent with these lookups must wait for the upstream plan to be applied, or none: the
 * plan creates, replaces or renames an object of a type it finds by name, or changes the outputs
 * it reads.
 */
export function waitReasons(upstream: StackPlanSummary, lookups: Lookups): string[] {
  const reasons = new Set<string>();
  for (const c of upstream.changes) {
    if (!lookups.types.has(c.type)) continue;
    if (c.kind === "add" || c.kind === "replace")
      reasons.add(`${c.type} ${c.kind === "add" ? "created" : "replaced"}`);
    else if (c.kind === "change" && c.attributes.some((a) => NAMES.has(a))) reasons.add(`${c.type} renamed`);
  }
  if (lookups.remoteState && upstream.outputChanges > 0) reasons.add("outputs changed");
  return [...reasons].sort();
}
