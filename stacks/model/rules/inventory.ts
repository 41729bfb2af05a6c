// Rules for the legacy vCenter inventories: each names a tenant, and every VM an application
// adopts (takes over instead of rebuilding) is in its tenant's inventory, with facts the
// provider's import takes and an adopted configuration can match, NICs on networks that map to
// the tenant's segments.
import { ADOPTABLE_ADAPTERS, nicTarget } from "../adoption.ts";
import { vmHostname } from "../compute.ts";
import { didYouMean, type Finding, suggestion } from "../problems.ts";
import type { InventoryVm } from "../schema/inventory.ts";
import { entries, finding, knownTenants, type Rule } from "./context.ts";

export const inventoryTenants: Rule = {
  id: "inventory-tenants",
  phase: "shape-valid",
  description: "every inventory file is named after an existing tenant",
  check: (ctx) => {
    const { config, files } = ctx;
    const tenants = knownTenants(ctx);
    return config.inventories
      .filter((inv) => !tenants.includes(inv.tenant))
      .map((inv) =>
        finding(
          files.inventory(inv.tenant),
          [],
          `no tenant "${inv.tenant}"${suggestion(inv.tenant, tenants)}: an inventory file is named after the tenant (municipalities/<id>.yaml) whose legacy vCenter it holds; rename it`,
        ),
      );
  },
};

export const adoptedVms: Rule = {
  id: "adopted-vms",
  phase: "shape-valid",
  description: "every VM of an adopted application is in its tenant's legacy vCenter inventory",
  check: ({ config, files, leftOut }) => {
    const out: Finding[] = [];
    for (const { id: tenant, config: t } of config.tenants) {
      const inventory = config.inventories.find((inv) => inv.tenant === tenant)?.config;
      const hostnames = (app: { hostPart: string; vms: number }) =>
        Array.from({ length: app.vms }, (_, i) => vmHostname(t.code, app.hostPart, i + 1));
      // a near name is a hint only when no application of the tenant claims it already
      const claimed = new Set(Object.values(t.applications).flatMap(hostnames));
      for (const [id, app] of entries(t.applications)) {
        if (app.adopt !== true) continue;
        const at = ["applications", id, "adopt"];
        if (!inventory) {
          if (leftOut && (leftOut.inventories === "all" || leftOut.inventories.has(tenant))) continue;
          out.push(
            finding(
              files.tenant(tenant),
              at,
              `adopted VMs must be in the legacy vCenter's inventory: write ${files.inventory(tenant)} with \`irvn inventory --tenant ${tenant} --vcenter HOST --datacenter NAME\``,
            ),
          );
          continue;
        }
        const missing = hostnames(app).filter((name) => !Object.hasOwn(inventory.vms, name));
        const adopted = hostnames(app).filter((name) => Object.hasOwn(inventory.vms, name));
        const where = (vm: string, path: (string | number)[]): [string, (string | number)[]] => [
          files.inventory(tenant),
          ["vms", vm, ...path],
        ];
        for (const name of adopted) {
          for (const p of vmFacts(inventory.vms[name]!))
            out.push(finding(...where(name, p.path), `${name} (${id}) ${p.message}`));
        }
        // a legacy network that maps to no segment: once, at its first NIC, naming every VM on it
        const unmapped = new Map<string, { vm: string; nic: number; vms: string[] }>();
        for (const name of adopted) {
          inventory.vms[name]!.nics.forEach((nic, i) => {
            const target = nicTarget({ id: tenant, config: t }, inventory, nic.network);
            if (!("problem" in target)) return;
            const seen = unmapped.get(target.problem) ?? { vm: name, nic: i, vms: [] };
            if (!seen.vms.includes(name)) seen.vms.push(name);
            unmapped.set(target.problem, seen);
          });
        }
        for (const [problem, { vm, nic, vms }] of unmapped) {
          out.push(
            finding(
              ...where(vm, ["nics", nic, "network"]),
              `${vms.join(", ")} (${id}) ${vms.length === 1 ? "has a NIC" : "have NICs"} ${problem}`,
            ),
          );
        }
        if (missing.length === 0) continue;
        const known = Object.keys(inventory.vms).filter((name) => !claimed.has(name));
        // …and when it looks like one of this application's (another case, a digit short)
        const prefix = `${t.code}-${app.hostPart}`;
        const near = missing
          .map((name) => didYouMean(name, known))
          .filter((n): n is string => n !== undefined && n.toLowerCase().startsWith(prefix));
        const hint = near.length > 0 ? ` (the inventory has ${near.map((n) => `"${n}"`).join(", ")})` : "";
        out.push(
          finding(
            files.tenant(tenant),
            at,
            `${missing.map((n) => `"${n}"`).join(", ")} ${missing.length === 1 ? "is" : "are"} not in ${files.inventory(tenant)}${hint}: adopt only VMs the legacy vCenter holds: correct \`vms\` or \`hostPart\`, or read the vCenter again with \`irvn inventory\``,
          ),
        );
      }
    }
    return out;
  },
};

const SCSI_TYPES_SETTABLE: readonly string[] = ["pvscsi", "lsilogic", "lsilogic-sas"];
const SCSI_SHARING_SETTABLE: readonly string[] = ["noSharing", "physicalSharing", "virtualSharing"];
const AGAIN = "change it in the legacy vCenter and read the inventory again, or do not adopt the application";

/**
 * What in an adopted VM's facts the provider's import refuses, or what no configuration can
 * match (the provider's read would record a value its schema does not accept, so the first
 * apply would change the VM). Paths are below the VM in the inventory.
 */
function vmFacts(vm: InventoryVm): { path: (string | number)[]; message: string }[] {
  if (vm.importProblems?.length)
    return [
      {
        path: ["importProblems"],
        message: `cannot be adopted as it is (${vm.importProblems.join("; ")}): ${AGAIN}`,
      },
    ];
  const out: { path: (string | number)[]; message: string }[] = [];
  const add = (path: (string | number)[], message: string) => out.push({ path, message });
  if (vm.guestId === undefined)
    add([], `has no guest OS id in the inventory (vCenter reported none it could name): ${AGAIN}`);
  if (!SCSI_TYPES_SETTABLE.includes(vm.scsiType))
    add(
      ["scsiType"],
      `has SCSI bus type ${vm.scsiType}, which a configuration cannot name (${SCSI_TYPES_SETTABLE.join(", ")}; vsphere/resource_vsphere_virtual_machine.go:209-214): the first apply would replace its SCSI controllers; ${AGAIN}`,
    );
  if (!SCSI_SHARING_SETTABLE.includes(vm.scsiBusSharing))
    add(
      ["scsiBusSharing"],
      `has SCSI bus sharing ${vm.scsiBusSharing}, which a configuration cannot name (${SCSI_SHARING_SETTABLE.join(", ")}; vsphere/resource_vsphere_virtual_machine.go:216-221): ${AGAIN}`,
    );
  if (vm.latencySensitivity === "custom")
    add(
      ["latencySensitivity"],
      `has a custom latency sensitivity, which a configuration cannot name (low, normal, medium, high; vsphere/virtual_machine_config_structure.go:230-236): ${AGAIN}`,
    );
  if (!vm.disks.some((d) => (d.controller === "ide" ? d.unitNumber === 1 : d.unitNumber === 0)))
    add(
      ["disks"],
      `has no disk at unit 0 (IDE: 1), which the provider requires (vsphere/internal/virtualdevice/virtual_machine_disk_subresource.go:633-639): ${AGAIN}`,
    );
  vm.disks.forEach((d, i) => {
    if (d.backing !== undefined)
      add(
        ["disks", i, "backing"],
        `has a disk at ${d.deviceAddress} that is not a flat VMDK (${d.backing}): the provider's read fails on it (vsphere/internal/virtualdevice/virtual_machine_disk_subresource.go:1439-1449); ${AGAIN}`,
      );
    else if (d.label.startsWith("orphaned_disk_"))
      add(
        ["disks", i, "label"],
        `has a disk at ${d.deviceAddress} that the read takes in as ${d.label}, a label no configuration may hold (vsphere/internal/virtualdevice/virtual_machine_disk_subresource.go:167-172), so the first apply would detach it: ${AGAIN}`,
      );
    else if (d.unitNumber > 59)
      add(
        ["disks", i, "unitNumber"],
        `has a disk at ${d.deviceAddress} with unit_number ${d.unitNumber}, above the 59 a configuration may name (vsphere/internal/virtualdevice/virtual_machine_disk_subresource.go:175-180): ${AGAIN}`,
      );
  });
  vm.nics.forEach((n, i) => {
    if (!ADOPTABLE_ADAPTERS.includes(n.adapterType))
      add(
        ["nics", i, "adapterType"],
        `has a ${n.adapterType} network adapter, which a configuration cannot name (${ADOPTABLE_ADAPTERS.join(", ")}; an SR-IOV adapter's physical function is not in the inventory): the first apply would replace the adapter (vsphere/internal/virtualdevice/virtual_machine_network_interface_subresource.go:887-892); ${AGAIN}`,
      );
  });
  return out;
}
