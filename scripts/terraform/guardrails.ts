// Which planned destroys and replaces need a person's explicit approval before `irvn apply` runs
// them: resources whose loss takes down a whole layer or loses data, and any resource its stack
// marks protected.
import type { PlanResourceChange } from "./plan-json.ts";
import { isMarkedProtected, type StackConfig } from "./stack-config.ts";

/**
 * Protected by type, whatever the stack says: when a whole resource block disappears from the
 * configuration its `prevent_destroy` goes with it, and terraform would destroy it silently.
 * Tables whose items are retired (clusters, port groups, VMs) cannot carry `prevent_destroy`
 * (it would refuse the whole plan), so this is where they are protected. A VM's disks go with it.
 */
export const PROTECTED_TYPES: ReadonlySet<string> = new Set([
  "vsphere_datacenter",
  "vsphere_compute_cluster",
  "vsphere_distributed_virtual_switch",
  "vsphere_distributed_port_group",
  "vsphere_content_library",
  "vsphere_virtual_machine",
]);

export function isProtected(change: PlanResourceChange, config: StackConfig): boolean {
  if (PROTECTED_TYPES.has(change.type)) return true;
  // cdktf stacks declare resources in the root module; the marks are read from its blocks.
  return change.module_address === undefined && isMarkedProtected(config, change.type, change.name);
}

/** A planned change as the guardrails read it: a plan summary's changes (plan-summary.ts). */
interface GuardedChange {
  readonly address: string;
  readonly kind: string;
  readonly protected: boolean;
}

/** Planned destroys and replaces of protected resources. */
export function protectedDestroys<C extends GuardedChange>(summary: { readonly changes: readonly C[] }): C[] {
  return summary.changes.filter((c) => c.protected && (c.kind === "destroy" || c.kind === "replace"));
}

/** Planned destroys or replaces of protected resources that `--allow-destroy` did not name. */
export function unapprovedDestroys<C extends GuardedChange>(
  summary: { readonly changes: readonly C[] },
  allowed: ReadonlySet<string>,
): C[] {
  return protectedDestroys(summary).filter((c) => !allowed.has(c.address));
}
