// The enumerations and names the schemas share with the code that reads configurations, without
// TypeBox: building the schemas takes 18 ms, and only `npm run gen:schema` and the tests need
// them (validation runs the precompiled validators).

export type FileKind = "region" | "catalog" | "zones" | "migration" | "tenant" | "ipam-lock" | "inventory";

/** Export names of the standalone validators (stacks/model/validators.generated.ts). */
export const VALIDATOR_NAMES: Record<FileKind, string> = {
  region: "region",
  catalog: "catalog",
  zones: "zones",
  migration: "migration",
  tenant: "tenant",
  "ipam-lock": "ipamLock",
  inventory: "inventory",
};

/** BIO2's levels of confidentiality, integrity and availability. */
export const CLASSES = ["low", "medium", "high"] as const;

export const COMPONENTS = ["network", "servers", "workplaces", "applications"] as const;
/** legacy → linked (fibre link and transit segment, coexistence) → migrated → retired (legacy gone). */
export const STAGES = ["legacy", "linked", "migrated", "retired"] as const;

export const SCSI_SHARING = ["noSharing", "physicalSharing", "virtualSharing", "mixed", "unknown"] as const;
export const SHARES_LEVELS = ["low", "normal", "high", "custom"] as const;
export const DISK_MODES = [
  "persistent",
  "nonpersistent",
  "undoable",
  "independent_persistent",
  "independent_nonpersistent",
  "append",
] as const;
