// Adopted VMs: what the legacy VMs an application adopts really are (the tenant's inventory), so
// that their resource shape is what the provider's import and read record and the first plan
// after the move changes nothing. Pure functions of the configuration.
import type { InventoryConfig, TenantConfig } from "./schema/index.ts";

/**
 * Adapter types a configuration can name (networkInterfaceSubresourceTypeAllowedValues,
 * vsphere/internal/virtualdevice/virtual_machine_network_interface_subresource.go:47-53), less
 * sriov: its physical function, which the read records (:929-935), is not in the inventory.
 */
export const ADOPTABLE_ADAPTERS: readonly string[] = ["e1000", "e1000e", "vmxnet3", "vmxnet3vrdma"];

/** Where a legacy NIC goes: the tenant's segment its legacy network becomes, or why none. */
export type NicTarget =
  { readonly segment: string; readonly subnet: string; readonly vlan: number } | { readonly problem: string };

/**
 * The segment a NIC on legacy network `network` moves onto: the port group's VLAN (from the
 * inventory) → the tenant's legacy subnet with that VLAN → its purpose, a segment type the tenant
 * has. The move connects the NIC to that segment's port group.
 */
export function nicTarget(
  tenant: { readonly id: string; readonly config: TenantConfig },
  inventory: InventoryConfig,
  network: string | undefined,
): NicTarget {
  const pg = network === undefined ? undefined : inventory.portGroups[network];
  if (network === undefined || !pg) {
    return { problem: `on a network the inventory does not know (${JSON.stringify(network ?? "none")})` };
  }
  const named = `legacy network ${JSON.stringify(network)}`;
  if (pg.vlan === undefined || pg.vlan === 0 || pg.vlan === 4095) {
    return {
      problem: `on ${named}, which carries no single VLAN tag (untagged, a trunk, a private VLAN, or VLANs that differ between hosts), so no legacy subnet names it: connect the NIC to a VLAN port group in the legacy vCenter and read the inventory again`,
    };
  }
  const subnets = Object.entries(tenant.config.legacy.subnets).filter(([, s]) => s.vlan === pg.vlan);
  const purposes = [...new Set(subnets.map(([, s]) => s.purpose))];
  if (subnets.length === 0) {
    return {
      problem: `on ${named} (VLAN ${pg.vlan}), and ${tenant.id} has no legacy subnet with VLAN ${pg.vlan}: add one to legacy.subnets in municipalities/${tenant.id}.yaml with vlan: ${pg.vlan}, its cidr and the purpose (the segment type the network becomes); the NIC moves onto that segment's port group`,
    };
  }
  if (purposes.length > 1) {
    return {
      problem: `on ${named} (VLAN ${pg.vlan}), which the legacy subnets ${subnets.map(([id]) => id).join(", ")} of ${tenant.id} give different purposes (${purposes.join(", ")}): give them one purpose, the segment type the network becomes`,
    };
  }
  const [id, subnet] = subnets[0]!;
  if (!tenant.config.segments.includes(subnet.purpose)) {
    return {
      problem: `on ${named} (VLAN ${pg.vlan}), whose legacy subnet ${id} has purpose ${subnet.purpose}, a segment ${tenant.id} does not have: add ${subnet.purpose} to its segments (then \`irvn ipam\`), or give the subnet the purpose of a segment it has`,
    };
  }
  return { segment: subnet.purpose, subnet: id, vlan: pg.vlan };
}
