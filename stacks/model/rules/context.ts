// What a rule sees: the shape-valid configuration and where each part came from. A rule
// returns findings (pointer + message); it never throws and never stops at the first one.
import type { ConfigFiles, LeftOut, RawConfig } from "../load.ts";
import { type Finding, pointer, suggestion } from "../problems.ts";
import type { IpamLock } from "../schema/index.ts";

export interface RuleContext {
  readonly config: RawConfig;
  readonly files: ConfigFiles;
  /** Set when `config` is partial: files left out for their shape problems (see LeftOut). */
  readonly leftOut?: LeftOut;
  /**
   * Tenants holding a block in the IPAM lock: established, their names and codes in use in
   * vCenter. Of two tenants that clash, the other one is the newcomer that has to change.
   */
  readonly established?: ReadonlySet<string>;
  /** The IPAM lock, for the rules of phase "lock". */
  readonly lock?: IpamLock;
}

/** Every tenant id there is a file for, whether its file is in `config` or left out. */
export function knownTenants(ctx: RuleContext): string[] {
  return [...ctx.config.tenants.map((t) => t.id), ...(ctx.leftOut?.tenants ?? [])];
}

/**
 * When a rule runs, in this order; a phase runs only when the ones before it found nothing,
 * except that the first checks what it can while other files have shape problems.
 */
export const PHASES = {
  "shape-valid": "on every file whose shape is valid, while others may have shape problems",
  resolved: "once every file is valid and every reference resolves (independent rules' problems aside)",
  lock: "on the IPAM lock, once the configuration is valid (independent rules' problems aside)",
} as const;

export type Phase = keyof typeof PHASES;

export interface Rule {
  /** Stable name, used in tests and documentation. */
  readonly id: string;
  readonly phase: Phase;
  readonly description: string;
  readonly check: (ctx: RuleContext) => Finding[];
  /**
   * Its findings leave the configuration as the later phases need it (every reference resolved,
   * every size and date there): they run anyway, so that one validate reports a municipality's
   * profile share, its cluster capacity and its segment demand together.
   */
  readonly independent?: true;
}

export function finding(file: string, path: (string | number)[], message: string, atKey = false): Finding {
  return { file, pointer: pointer(...path), message, atKey };
}

/** A finding when `name` is not a key of `known`; `what` names the collection ("catalog `services`"). */
export function unknownRef(
  file: string,
  path: (string | number)[],
  name: string,
  known: Record<string, unknown>,
  what: string,
  atKey = false,
): Finding[] {
  if (Object.hasOwn(known, name)) return [];
  return [
    finding(file, path, `"${name}" is not defined in ${what}${suggestion(name, Object.keys(known))}`, atKey),
  ];
}

export function entries<T>(map: Record<string, T>): [string, T][] {
  return Object.entries(map);
}

/** `a`, `a and b`, `a, b and c`. */
export function and(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
