// The configuration's inventory/ directory: one file per tenant with what its legacy vCenter
// holds (written by `irvn inventory`). Read beside the tenant files; optional as a whole.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { FORMATS } from "./formats.ts";
import { compare } from "./problems.ts";
import type { InventoryConfig } from "./schema/index.ts";

export const INVENTORY_DIR = "inventory";

export interface TenantInventory {
  /** The tenant id: the file name. */
  readonly tenant: string;
  readonly config: InventoryConfig;
}

/**
 * Reads DIR/inventory/<tenant>.yaml with the loader's `read` (syntax and shape, located
 * problems). `ok` is false when a file is unreadable, misnamed or not of the shape; `leftOut`
 * names the tenants whose inventory is such a file ("all" when the directory is not one).
 */
export function readInventories(
  dir: string,
  show: (name: string) => string,
  read: (file: string, path: string) => unknown,
  fileProblem: (file: string, message: string) => void,
): { inventories: TenantInventory[]; ok: boolean; leftOut: Set<string> | "all" } {
  const inventoryDir = join(dir, INVENTORY_DIR);
  if (!existsSync(inventoryDir)) return { inventories: [], ok: true, leftOut: new Set() };
  if (!statSync(inventoryDir).isDirectory()) {
    fileProblem(
      show(INVENTORY_DIR),
      `not a directory: ${INVENTORY_DIR} holds one <tenant id>.yaml per tenant`,
    );
    return { inventories: [], ok: false, leftOut: "all" };
  }
  const inventories: TenantInventory[] = [];
  const leftOut = new Set<string>();
  let ok = true;
  for (const entry of readdirSync(inventoryDir).sort(compare)) {
    if (entry.startsWith(".")) continue;
    const file = show(`${INVENTORY_DIR}/${entry}`);
    const tenant = entry.replace(/\.yaml$/, "");
    if (!entry.endsWith(".yaml") || !FORMATS.id!.check(tenant)) {
      fileProblem(
        file,
        `not an inventory file: ${INVENTORY_DIR} holds only <tenant id>.yaml files, written by \`irvn inventory\`; rename or move it`,
      );
      ok = false;
      if (entry.endsWith(".yml")) leftOut.add(entry.slice(0, -4));
      continue;
    }
    const config = read(file, join(inventoryDir, entry));
    if (config === undefined) {
      ok = false;
      leftOut.add(tenant);
    } else inventories.push({ tenant, config: config as InventoryConfig });
  }
  return { inventories, ok, leftOut };
}
