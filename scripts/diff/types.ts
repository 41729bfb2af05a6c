// The report `irvn diff` makes of two generated trees (scripts/terraform-json/tree.ts). It is
// plain JSON (also the `--format json` output) and never holds a secret: values are masked when
// the report is built, not when it is printed.

/** Who a change belongs to: a tenant id, or "central" for shared infrastructure. */
export type Owner = string;
export const CENTRAL: Owner = "central";

/** An attribute that differs; a missing `old` or `new` means the attribute is unset there. */
export interface AttributeChange {
  /** Dotted path with list indices: `name`, `clone[0].template_uuid`, `lifecycle.prevent_destroy`. */
  readonly path: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

export interface InstanceRef {
  /** The for_each key, or null for a block without for_each. */
  readonly key: string | null;
  readonly owner: Owner;
}

export interface InstanceChange extends InstanceRef {
  readonly changes: readonly AttributeChange[];
}

/** One resource or data block (`vsphere_compute_cluster.clusters`) and what happened to its instances. */
export interface BlockDiff {
  readonly stack: string;
  /** `type.name` for resources, `data.type.name` for data sources. */
  readonly address: string;
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly added: readonly InstanceRef[];
  readonly removed: readonly InstanceRef[];
  readonly changed: readonly InstanceChange[];
}

/** Provider, backend, variables, outputs: the parts of a stack that are not resources. */
export interface SettingsDiff {
  readonly stack: string;
  readonly owner: Owner;
  readonly changes: readonly AttributeChange[];
}

export interface StackDiff {
  readonly name: string;
  readonly owner: Owner;
  readonly status: "added" | "removed" | "changed";
  readonly blocks: readonly BlockDiff[];
  readonly settings?: SettingsDiff;
}

/** One entry of the IPAM lock (`segments` / `druten/server`). */
export interface AllocationChange {
  readonly section: string;
  readonly key: string;
  readonly owner: Owner;
  readonly status: "added" | "removed" | "changed";
  readonly old?: unknown;
  readonly new?: unknown;
}

export interface DocumentChange {
  readonly path: string;
  readonly owner: Owner;
  readonly status: "added" | "removed" | "changed";
  readonly linesBefore: number;
  readonly linesAfter: number;
  /** Lines only in the new text, and only in the old one (as multisets, order ignored). */
  readonly linesAdded: number;
  readonly linesRemoved: number;
}

export type RiskKind =
  | "protected-destroy"
  | "protection-removed"
  | "data-loss"
  | "replace"
  | "drift-trap"
  | "allocation-moved"
  | "allocation-released"
  | "rename"
  | "blast-radius";

export interface Risk {
  readonly kind: RiskKind;
  readonly owner: Owner;
  /** Where: a Terraform address with the stack, a lock entry, or a municipality. */
  readonly subject: string;
  readonly stack?: string;
  readonly message: string;
  /** The resource is protected from destroy (by type or by lifecycle.prevent_destroy). */
  readonly protected?: boolean;
  /** The change forces Terraform to replace the resource (destroy, then create). */
  readonly replaces?: boolean;
}

/** Additions, removals and changes of one kind of thing, for a headline. */
export interface Tally {
  /** Plural, as counted: "office session VMs". */
  readonly noun: string;
  readonly singular: string;
  readonly added: number;
  readonly removed: number;
  /** Changed in place; those the change replaces are counted as replaced instead. */
  readonly changed: number;
  readonly replaced: number;
}

export interface MunicipalitySummary {
  readonly owner: Owner;
  readonly changed: boolean;
  /** `+2 port groups, +12 session hosts` or `no change`. */
  readonly headline: string;
  readonly tallies: readonly Tally[];
}

export interface DiffReport {
  readonly base: string;
  readonly head: string;
  readonly changed: boolean;
  readonly municipalities: readonly MunicipalitySummary[];
  readonly risks: readonly Risk[];
  readonly stacks: readonly StackDiff[];
  readonly allocations: readonly AllocationChange[];
  readonly documents: readonly DocumentChange[];
  /** Municipality names by tenant id (head's, else base's), for people reading the review. */
  readonly names: Readonly<Record<Owner, string>>;
  /** The config files that changed between the refs, when known (drives the blast-radius flag). */
  readonly changedFiles?: readonly string[];
}
