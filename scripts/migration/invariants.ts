// The invariants `irvn migrate test` proves for every state and every transition of the
// migration. Each is a function from the walk to violations that name the wave, the
// municipality and the invariant.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  atLeast,
  compare,
  COMPONENTS,
  grouped,
  type Model,
  overlaps,
  parsePrefix,
  RESOURCES,
  type Stage,
  STAGES,
  UNITS,
} from "../../stacks/model/index.ts";
import { blocksOf, instanceAddress, resolveInstance } from "../terraform-json/blocks.ts";
import type { Owner } from "../diff/types.ts";
import type { TerraformJson } from "../terraform-json/blocks.ts";
import type { Transition } from "./changes.ts";
import type { State } from "./walk.ts";

export interface Violation {
  readonly invariant: InvariantId;
  /** The wave (or "before") where it shows. */
  readonly wave: string;
  readonly owner: Owner;
  readonly message: string;
}

export const INVARIANTS = {
  "state-valid": "every intermediate state validates and synthesizes",
  "in-use-kept": "nothing a municipality still uses is removed",
  "legacy-overlap": "no target prefix overlaps a legacy prefix in service unless NAT covers it",
  capacity: "the clusters hold the VMs of every state with the HA reserve failed",
  "no-replace": "nothing is replaced where an in-place change or a moved block would do",
  "no-remnants": "the final state holds no legacy remnants",
  deterministic: "synthesizing a state again gives byte-identical output",
} as const;
export type InvariantId = keyof typeof INVARIANTS;

const rank = (s: Stage) => STAGES.indexOf(s);
const stateOf = (model: Model, tenant: string) => model.states.find((s) => s.tenant === tenant)!;
/** A tenant still runs something in its legacy network or data centre. */
const usesLegacy = (model: Model, tenant: string) => {
  const s = stateOf(model, tenant);
  return s.present && !s.greenfield && COMPONENTS.some((c) => !atLeast(s.stages[c], "migrated"));
};

function violation(invariant: InvariantId, wave: string, owner: Owner, message: string): Violation {
  return { invariant, wave, owner, message };
}

/** Stages run forward; VMs need the tenant's port groups; synth succeeds; every VM is complete. */
export function stateValid(states: readonly State[]): Violation[] {
  const out: Violation[] = [];
  states.forEach((state, i) => {
    const wave = state.step.id;
    if (state.error) out.push(violation("state-valid", wave, "central", `synth failed: ${state.error}`));
    for (const s of state.model.states.filter((x) => x.present && !x.greenfield)) {
      for (const c of ["servers", "workplaces", "applications"] as const) {
        if (s.applies[c] && atLeast(s.stages[c], "linked") && !atLeast(s.stages.network, "linked")) {
          out.push(
            violation(
              "state-valid",
              wave,
              s.tenant,
              `${c} are ${s.stages[c]} while the network is still ${s.stages.network}: link the network in this wave or an earlier one`,
            ),
          );
        }
      }
      const before = i > 0 ? stateOf(states[i - 1]!.model, s.tenant) : undefined;
      for (const c of COMPONENTS) {
        if (before?.present && rank(s.stages[c]) < rank(before.stages[c])) {
          out.push(
            violation(
              "state-valid",
              wave,
              s.tenant,
              `${c} go back from ${before.stages[c]} to ${s.stages[c]}`,
            ),
          );
        }
      }
    }
    for (const [stack, tf] of Object.entries(state.tree?.stacks ?? {})) {
      // an adopted VM exists: an import block takes it over instead of a clone source
      const imported = new Set((Array.isArray(tf.import) ? tf.import : []).map((i) => String(i.to)));
      for (const block of blocksOf(tf).values()) {
        if (block.type !== "vsphere_virtual_machine" || block.mode !== "resource") continue;
        for (const key of block.items.keys()) {
          const vm = resolveInstance(block, key) as Record<string, unknown[] | undefined>;
          const adopted = imported.has(instanceAddress(block.address, key));
          for (const required of ["disk", "network_interface", ...(adopted ? [] : ["clone"])]) {
            const value = vm[required];
            if (!value || (Array.isArray(value) && value.length === 0)) {
              out.push(
                violation(
                  "state-valid",
                  wave,
                  stack.replace(/^[a-z]+-/, ""),
                  `${block.address}[${JSON.stringify(key)}] in ${stack} has no ${required}`,
                ),
              );
            }
          }
        }
      }
    }
  });
  return out;
}

/** Nothing a present municipality still uses disappears; coexistence goes only once legacy is done. */
export function inUseKept(states: readonly State[], transitions: readonly Transition[]): Violation[] {
  const out: Violation[] = [];
  transitions.forEach((t, i) => {
    const next = states[i + 1]!.model;
    for (const c of t.changes.filter((x) => x.kind === "remove")) {
      const owner = c.owner;
      const state = owner === "central" ? undefined : stateOf(next, owner);
      if (state && !state.present) continue; // the tenant left: its resources go with it
      if (!state && leftTenantIn(next, c.address)) continue; // a shared table's entry for a tenant that left
      const coexistence = /\/transit-/.test(c.address);
      if (coexistence && state && !usesLegacy(next, owner)) continue;
      const why = coexistence
        ? "while its legacy network is still in use"
        : `while ${owner === "central" ? "the region" : owner} still uses it`;
      out.push(violation("in-use-kept", t.to, owner, `removes ${c.address} (${c.stack}) ${why}`));
    }
    for (const stack of t.report.stacks.filter((s) => s.status === "changed" && s.settings)) {
      const lost = stack.settings!.changes.some(
        (ch) => /^output\.(nat_mappings|renumbering)/.test(ch.path) && ch.new === undefined,
      );
      if (lost && stack.owner !== "central" && usesLegacy(next, stack.owner)) {
        out.push(
          violation(
            "in-use-kept",
            t.to,
            stack.owner,
            `drops the NAT or renumbering mappings of ${stack.name} while its legacy network is still in use`,
          ),
        );
      }
    }
  });
  return out;
}

/** The for_each key of an address names a tenant that is no longer present (`tags["tenant/wijchen"]`). */
function leftTenantIn(model: Model, address: string): boolean {
  const key = /\["(.*)"\]$/.exec(address)?.[1];
  if (key === undefined) return false;
  return key.split("/").some((part) => model.states.some((s) => s.tenant === part && !s.present));
}

function outputValue(tf: TerraformJson | undefined, name: string): Record<string, Record<string, string>> {
  const outputs = (tf?.output ?? {}) as Record<string, { value?: Record<string, Record<string, string>> }>;
  return outputs[name]?.value ?? {};
}

/** Legacy prefixes in service and not translated must not collide with the target or each other. */
export function legacyOverlap(states: readonly State[]): Violation[] {
  const out: Violation[] = [];
  for (const state of states) {
    const { model } = state;
    const wave = state.step.id;
    const targets = [...model.segments, ...model.siteSubnets].map((s) => ({
      what: `target segment ${s.key} (${s.ipv4})`,
      prefix: parsePrefix(s.ipv4),
    }));
    const untranslated = model.legacySubnets
      .filter((l) => l.coexisting)
      .filter(
        (l) =>
          !(l.coexistence === "renumber" && atLeast(stateOf(model, l.tenant).stages.network, "migrated")),
      )
      .filter(
        (l) =>
          outputValue(state.tree?.stacks[`network-${l.tenant}`], "nat_mappings")[l.id]?.legacy !== l.cidr,
      )
      .map((l) => ({ ...l, prefix: parsePrefix(l.cidr) }));
    untranslated.forEach((l, i) => {
      const target = targets.find((t) => overlaps(t.prefix, l.prefix));
      if (target)
        out.push(
          violation(
            "legacy-overlap",
            wave,
            l.tenant,
            `legacy subnet ${l.id} (${l.cidr}) is in service untranslated and overlaps ${target.what}`,
          ),
        );
      for (const other of untranslated.slice(i + 1)) {
        if (other.tenant !== l.tenant && overlaps(other.prefix, l.prefix)) {
          out.push(
            violation(
              "legacy-overlap",
              wave,
              l.tenant,
              `legacy subnet ${l.id} (${l.cidr}) and ${other.tenant}'s ${other.id} (${other.cidr}) are both in service untranslated: translate one (coexistence: nat)`,
            ),
          );
        }
      }
    });
  }
  return out;
}

export function capacityHolds(states: readonly State[]): Violation[] {
  return states.flatMap((state) =>
    state.model.clusterLoads.flatMap((load) =>
      RESOURCES.flatMap((r) => {
        const tip = load.tipping[r];
        if (!tip) return [];
        const short = grouped(load.demand[r] - load.capacity[r]);
        return [
          violation(
            "capacity",
            state.step.id,
            tip.tenant,
            `cluster "${load.cluster}" is short of ${short} ${UNITS[r]}; ${tip.tenant}/${tip.id} tips it over`,
          ),
        ];
      }),
    ),
  );
}

/** Replacements, and removals that reappear unchanged at another address (a `moved` block would do). */
export function noReplace(states: readonly State[], transitions: readonly Transition[]): Violation[] {
  const out: Violation[] = [];
  transitions.forEach((t, i) => {
    for (const c of t.changes.filter((x) => x.kind === "replace")) {
      out.push(
        violation(
          "no-replace",
          t.to,
          c.owner,
          `replaces ${c.address} (${c.stack}): change it in place instead`,
        ),
      );
    }
    const before = states[i]!.tree!;
    const after = states[i + 1]!.tree!;
    const removed = t.changes.filter((c) => c.kind === "remove");
    const added = t.changes.filter((c) => c.kind === "add");
    for (const r of removed) {
      const old = instanceBody(before.stacks[r.stack], r.address);
      const twin = added.find(
        (a) =>
          a.address !== r.address &&
          sameType(a.address, r.address) &&
          equal(instanceBody(after.stacks[a.stack], a.address), old),
      );
      if (twin)
        out.push(
          violation(
            "no-replace",
            t.to,
            r.owner,
            `${r.address} (${r.stack}) reappears unchanged as ${twin.address} (${twin.stack}): add a moved block instead of destroying and creating it`,
          ),
        );
    }
  });
  return out;
}

const sameType = (a: string, b: string) => a.split(".")[0] === b.split(".")[0];
const equal = (a: unknown, b: unknown) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

function instanceBody(tf: TerraformJson | undefined, address: string): unknown {
  if (!tf) return undefined;
  const m = /^([^.[]+\.[^.[]+)(?:\[(".*")\])?$/.exec(address);
  if (!m) return undefined;
  const block = blocksOf(tf).get(m[1]!);
  if (!block) return undefined;
  const key = m[2] === undefined ? null : (JSON.parse(m[2]) as string);
  return block.items.has(key) ? resolveInstance(block, key) : undefined;
}

/**
 * At the end: no transit, no NAT, every legacy component retired. Import blocks of adopted VMs
 * stay: they do nothing once the VMs are in state, and adopt them into a fresh one.
 */
export function noRemnants(states: readonly State[]): Violation[] {
  const last = states.at(-1)!;
  const wave = last.step.id;
  const out: Violation[] = [];
  for (const s of last.model.states.filter((x) => x.present && !x.greenfield)) {
    for (const c of COMPONENTS) {
      if (s.stages[c] !== "retired")
        out.push(
          violation(
            "no-remnants",
            wave,
            s.tenant,
            `${c} end ${s.stages[c]}, not retired: add a wave that retires them`,
          ),
        );
    }
  }
  for (const seg of last.model.segments.filter((x) => x.kind === "transit")) {
    out.push(violation("no-remnants", wave, seg.owner, `transit segment ${seg.key} is still there`));
  }
  for (const [stack, tf] of Object.entries(last.tree?.stacks ?? {})) {
    const owner = stack.replace(/^(network|workplace|applications)-/, "");
    for (const name of ["nat_mappings", "renumbering"]) {
      if (Object.keys(outputValue(tf, name)).length > 0)
        out.push(violation("no-remnants", wave, owner, `${stack} still publishes ${name}`));
    }
  }
  return out;
}

/** Every file under a directory, by relative path, as bytes. */
function files(dir: string, prefix = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort(compare)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const [k, v] of files(path, `${prefix}${name}/`)) out.set(k, v);
    else out.set(`${prefix}${name}`, readFileSync(path));
  }
  return out;
}

/** Two runs of every state must write the same bytes. */
export function deterministic(first: readonly State[], second: readonly State[]): Violation[] {
  const out: Violation[] = [];
  first.forEach((a, i) => {
    const one = files(a.dir);
    const two = files(second[i]!.dir);
    const paths = [...new Set([...one.keys(), ...two.keys()])].sort(compare);
    for (const path of paths.filter(
      (p) => !one.get(p)?.equals(two.get(p) ?? Buffer.alloc(0)) || !two.has(p),
    )) {
      out.push(violation("deterministic", a.step.id, "central", `${path} differs between two runs`));
    }
  });
  return out;
}
