// Rules for the legacy vCenter inventories: each names a tenant, and every VM an application
// adopts (takes over instead of rebuilding) is in its tenant's inventory, so its disks, NICs and
// firmware are known facts rather than guesses.
import { vmHostname } from "../compute.ts";
import { didYouMean, type Finding, suggestion } from "../problems.ts";
import { entries, finding, type Rule } from "./context.ts";

export const inventoryTenants: Rule = {
  id: "inventory-tenants",
  description: "every inventory file is named after an existing tenant",
  check: ({ config, files }) => {
    const tenants = config.tenants.map((t) => t.id);
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
  description: "every VM of an adopted application is in its tenant's legacy vCenter inventory",
  check: ({ config, files }) => {
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
