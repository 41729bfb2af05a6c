// The model's front door: configuration directory in, validated and resolved model out (or
// every problem found). Commands, the cdktf entry point and every script enter the model here
// (test/architecture/layers.test.ts holds them to it); what follows is all they may use of it.
import { type Model, resolveModel } from "./model.ts";
import type { Problem } from "./problems.ts";
import { parsePoint, type PointInTime } from "./timeline.ts";
import { validateConfig } from "./validate.ts";

/** The model at a point, and at any other point of the same validated configuration and lock. */
export interface Resolved {
  readonly model: Model;
  readonly modelAt: (point: PointInTime) => Model;
}

export type Loaded =
  | ({ ok: true } & Resolved)
  | { ok: false; problems: readonly Problem[] }
  /** `at` names neither a wave nor a date. */
  | { ok: false; usage: string; problems: readonly [] };

/** The model at `at` (a wave id or YYYY-MM-DD); without `at`, the target with every wave done. */
export function loadModel(configDir: string, cwd = process.cwd(), at?: string): Loaded {
  const validated = validateConfig(configDir, cwd);
  const { config, lock } = validated;
  if (!config || !lock) return { ok: false, problems: validated.problems };
  const point = parsePoint(config, at);
  if ("error" in point) return { ok: false, usage: point.error, problems: [] };
  const modelAt = (p: PointInTime) => resolveModel(config, lock, p);
  return { ok: true, model: modelAt(point), modelAt };
}

// the configuration's files and their shape
export { TENANT_DIR, TOP_FILES } from "./load.ts";
export { INVENTORY_DIR, type TenantInventory } from "./inventory.ts";
export { FORMATS } from "./formats.ts";
export { checkShape } from "./shape.ts";
export type {
  CatalogConfig,
  FileKind,
  InventoryConfig,
  IpamLock,
  MigrationConfig,
  RegionConfig,
  TenantConfig,
  ZonesConfig,
} from "./schema/index.ts";
export type {
  InventoryAllocation,
  InventoryDisk,
  InventoryNic,
  InventoryPortGroup,
  InventoryVm,
} from "./schema/inventory.ts";
export { DISK_MODES, SCSI_SHARING, SHARES_LEVELS } from "./schema/values.ts";

// problems, and the ordering and pointers every report shares
export {
  compare,
  type Finding,
  formatProblem,
  grouped,
  pointer,
  type Problem,
  shownPointer,
  sortProblems,
  suggestion,
} from "./problems.ts";

// validation and the IPAM lock
export { validateConfig, type Validated } from "./validate.ts";
export { PHASES } from "./rules/context.ts";
export { RULES } from "./rules/index.ts";
export { REFERENCES, TARGETS } from "./rules/references.ts";
export { EMPTY_LOCK, LOCK_FILE, renderLock } from "./ipam/lock-file.ts";
export { type LockPlan, planLock } from "./lock-plan.ts";
export type { Replan } from "./ipam/replan.ts";

// the model at a point in time, and what it is made of
export type { Model, TenantEntry, WaveModel } from "./model.ts";
export {
  atLeast,
  atProblem,
  type Component,
  COMPONENTS,
  type PointInTime,
  type Stage,
  STAGES,
  unknownWave,
} from "./timeline.ts";
export { type ClusterLoad, RESOURCES, UNITS } from "./capacity.ts";
export { CLUSTER_RESTART_PRIORITY, vmHostname } from "./compute.ts";
export { profileShareDemand, workplaceGroups } from "./sizing.ts";
export { overlaps, parsePrefix } from "./ip.ts";
