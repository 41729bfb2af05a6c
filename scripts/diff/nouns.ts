// What a reviewer calls the things a headline counts: "+9 office session VMs, +17 HA overrides",
// not resource types. Kept as data: one noun per resource type, and for VMs the kind from the
// block name (`office_session_vms` → "office session VMs", `session_hosts` → "session hosts").
import type { BlockDiff } from "./types.ts";

export interface Noun {
  readonly singular: string;
  readonly plural: string;
  /** Data sources: reads, listed after the things that change. */
  readonly lookup?: boolean;
}

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  vsphere_compute_cluster: "cluster",
  vsphere_compute_cluster_vm_affinity_rule: "affinity rule",
  vsphere_compute_cluster_vm_anti_affinity_rule: "anti-affinity rule",
  vsphere_content_library: "content library",
  vsphere_content_library_item: "content library item",
  vsphere_datacenter: "datacenter",
  vsphere_datastore: "datastore",
  vsphere_distributed_port_group: "port group",
  vsphere_distributed_virtual_switch: "distributed switch",
  vsphere_drs_vm_override: "DRS override",
  vsphere_folder: "folder",
  vsphere_ha_vm_override: "HA override",
  vsphere_network: "network",
  vsphere_resource_pool: "resource pool",
  vsphere_tag: "tag",
  vsphere_tag_category: "tag category",
  vsphere_virtual_machine: "VM",
  vsphere_vm_storage_policy: "storage policy",
};

/** Types whose block name says which kind of thing it holds. */
const NAMED_BY_BLOCK = new Set(["vsphere_virtual_machine"]);
const VM_SUFFIX = /(^| )vms?$/;

export function nounOf(block: Pick<BlockDiff, "mode" | "type" | "name">): Noun {
  const words = block.name.replace(/[_-]+/g, " ").trim();
  const typeNoun = TYPE_NOUNS[block.type];
  let singular: string;
  if (block.mode === "data") singular = `${typeNoun ?? singularOf(words)} lookup`;
  else if (typeNoun && !NAMED_BY_BLOCK.has(block.type)) singular = typeNoun;
  else if (typeNoun && VM_SUFFIX.test(words)) singular = `${words.replace(VM_SUFFIX, "")} ${typeNoun}`.trim();
  else singular = singularOf(words);
  return { singular, plural: pluralOf(singular), ...(block.mode === "data" ? { lookup: true } : {}) };
}

export function pluralOf(singular: string): string {
  if (/(s|sh|ch|x)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/** Block names are usually plural already (`session_hosts`); the noun is kept singular. */
function singularOf(words: string): string {
  if (/ies$/.test(words)) return `${words.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(words)) return words;
  if (/(sh|ch|x)es$/.test(words)) return words.slice(0, -2);
  if (/s$/.test(words)) return words.slice(0, -1);
  return words;
}
