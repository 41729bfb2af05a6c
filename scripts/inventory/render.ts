// The text of config/inventory/<tenant>.yaml: schema line, a header naming what was read, then
// the content in the order it was built (maps sorted by name). Same input, same bytes.
import { stringify } from "yaml";
import type { InventoryConfig } from "../../stacks/model/index.ts";

export const INVENTORY_SCHEMA_LINE = "# yaml-language-server: $schema=../schema/inventory.schema.json";

export function renderInventory(tenant: string, inventory: InventoryConfig): string {
  const { product, datacenter, folder } = inventory.source;
  const header = [
    INVENTORY_SCHEMA_LINE,
    `# Written by \`irvn inventory\`: what the legacy vCenter of tenant ${tenant} holds in datacenter`,
    `# ${datacenter}${folder ? `, folder ${folder}` : ""}, read from ${product}.`,
    "# Facts read, not settings: read the vCenter again rather than edit. Disks carry the labels and",
    "# order the vSphere provider's import gives them; adopted applications are built from this file.",
  ];
  return `${header.join("\n")}\n${stringify(inventory, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false })}`;
}
