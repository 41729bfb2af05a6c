// The configuration schemas, one per kind of file: the single source of the JSON Schemas in
// config/schema/ (written by `npm run gen:schema`) and of the TypeScript config types.
import type { TSchema } from "@sinclair/typebox";
import { CatalogSchema } from "./catalog.ts";
import { InventorySchema } from "./inventory.ts";
import { IpamLockSchema } from "./ipam-lock.ts";
import { MigrationSchema } from "./migration.ts";
import { RegionSchema } from "./region.ts";
import { TenantSchema } from "./tenant.ts";
import { ZonesSchema } from "./zones.ts";

export type { CatalogConfig } from "./catalog.ts";
export type { InventoryConfig } from "./inventory.ts";
export type { IpamLock } from "./ipam-lock.ts";
export type { MigrationConfig } from "./migration.ts";
export type { RegionConfig } from "./region.ts";
export type { TenantConfig } from "./tenant.ts";
export type { ZonesConfig } from "./zones.ts";

import type { FileKind } from "./values.ts";
export { type FileKind, VALIDATOR_NAMES } from "./values.ts";

export const SCHEMAS: Record<FileKind, { file: string; schema: TSchema }> = {
  region: { file: "region.schema.json", schema: RegionSchema },
  catalog: { file: "catalog.schema.json", schema: CatalogSchema },
  zones: { file: "zones.schema.json", schema: ZonesSchema },
  migration: { file: "migration.schema.json", schema: MigrationSchema },
  tenant: { file: "tenant.schema.json", schema: TenantSchema },
  "ipam-lock": { file: "ipam-lock.schema.json", schema: IpamLockSchema },
  inventory: { file: "inventory.schema.json", schema: InventorySchema },
};

/** The JSON Schema document written to config/schema/<kind>.schema.json. */
export function schemaDocument(kind: FileKind): string {
  const { file, schema } = SCHEMAS[kind];
  const doc = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `https://irvn.nl/irvn-iac/schema/${file}`,
    ...JSON.parse(JSON.stringify(schema)),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
