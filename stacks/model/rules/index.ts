// Every rule of validation, in the order they run within their phase (context.ts: PHASES).
// Each is data to the validator: an id, a phase, what it checks and the check; the
// configuration reference lists them from here (npm run gen:readme).
import { addressPlan } from "./addressing.ts";
import { backupLocation, linkEncryption } from "./bio.ts";
import { capacity } from "./capacity.ts";
import { classification } from "./classification.ts";
import { dates, uniqueNames } from "./consistency.ts";
import type { Rule } from "./context.ts";
import { hostParts, windowsTimeZone } from "./guests.ts";
import { adoptedVms, inventoryTenants } from "./inventory.ts";
import { ipv6Categories } from "./ipv6-categories.ts";
import { kinds } from "./kinds.ts";
import { coexistence, lockEntries } from "./network.ts";
import { participation } from "./participation.ts";
import { platformRoles, profileShareSize } from "./platform.ts";
import { references } from "./references.ts";
import { statedInputs } from "./stated-inputs.ts";
import { adoptedNicsOnPortGroups, segmentPlacement, siteDemand } from "./site-subnets.ts";
import { legacyInAWave, waveDates } from "./waves.ts";
import { zonePolicy } from "./zones.ts";

export const RULES: readonly Rule[] = [
  references,
  kinds,
  participation,
  statedInputs,
  platformRoles,
  profileShareSize,
  dates,
  uniqueNames,
  addressPlan,
  ipv6Categories,
  segmentPlacement,
  siteDemand,
  linkEncryption,
  backupLocation,
  zonePolicy,
  classification,
  inventoryTenants,
  adoptedVms,
  legacyInAWave,
  waveDates,
  capacity,
  hostParts,
  windowsTimeZone,
  adoptedNicsOnPortGroups,
  lockEntries,
  coexistence,
];
