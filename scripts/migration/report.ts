// `irvn migrate plan` output: per transition the resource changes (Markdown and JSON), a Gantt
// chart of the waves, and a runbook per wave and municipality. Views here; layout in
// templates/migration/.
import {
  compare,
  type Component,
  COMPONENTS,
  grouped,
  type Model,
  STAGES,
  type WaveModel,
} from "../../stacks/model/index.ts";
import type { GeneratedFile } from "../../stacks/documents/files.ts";
import { render } from "../../templates/render.ts";
import { PROTECTED_TYPES } from "../terraform/guardrails.ts";
import { type Change, counts, type Transition } from "./changes.ts";
import type { Walk } from "./run.ts";

const SHOWN = 30;

/** The security baseline in force after a wave (the BIG for the waves before 2020). */
function baselineAfter(walk: Walk, wave: string): string {
  return walk.states.find((s) => s.step.id === wave)!.model.baseline?.name ?? "none yet";
}

const waveOf = (model: Model, id: string): WaveModel | undefined => model.waves.find((w) => w.id === id);

/** Who owns a change, as people read it: the municipality's name, or the region for shared ones. */
function ownerName(model: Model, owner: string): string {
  return owner === "central"
    ? "the region (shared)"
    : (model.allTenants.find((t) => t.id === owner)?.name ?? owner);
}

/** Changes counted per municipality and stack, by the municipality's name, shared ones last. */
function countsByName(model: Model, changes: readonly Change[]) {
  return counts(changes)
    .map((c) => ({ ...c, owner: ownerName(model, c.owner), shared: c.owner === "central" }))
    .sort(
      (a, b) => Number(a.shared) - Number(b.shared) || compare(a.owner, b.owner) || compare(a.stack, b.stack),
    );
}

function movesOf(model: Model, wave: string) {
  const w = waveOf(model, wave);
  if (!w) return [];
  return Object.entries(w.moves)
    .sort(([a], [b]) => compare(a, b))
    .map(([tenant, move]) => ({
      tenant,
      name: ownerName(model, tenant),
      steps: COMPONENTS.filter((c) => move[c])
        .map((c) => `${c} → ${move[c]}`)
        .join(", "),
    }));
}

function changeList(changes: readonly Change[]) {
  return {
    items: changes.slice(0, SHOWN).map((c) => ({ kind: c.kind, stack: c.stack, address: c.address })),
    more: Math.max(0, changes.length - SHOWN),
    total: changes.length,
  };
}

/** Bars per tenant and component: from leaving `legacy` until `retired`, in wave dates. */
function gantt(model: Model) {
  const waves = model.waves;
  const end = waves.at(-1)!.date;
  const tenants = model.allTenants
    .filter(({ id }) => waves.some((w) => w.moves[id]))
    .map(({ id, name }) => {
      const bars = COMPONENTS.flatMap((c: Component) => {
        const reached = (stage: string) =>
          waves.find((w) => STAGES.indexOf(w.moves[id]?.[c] ?? "legacy") >= STAGES.indexOf(stage as never))
            ?.date;
        const start = reached("linked");
        if (!start) return [];
        const stop = reached("retired") ?? end;
        return [
          {
            label: `${c} ${start === stop ? "moved" : "in coexistence"}`,
            id: `${id}-${c}`,
            start,
            stop: stop === start ? "1d" : stop,
          },
        ];
      });
      return { name, bars };
    });
  return {
    milestones: waves.map((w, i) => ({ id: `w${i + 1}`, label: `${w.id}`, date: w.date })),
    tenants,
  };
}

export function planView(model: Model, walk: Walk, only?: string) {
  const transitions = walk.transitions.filter((t) => only === undefined || t.to === only);
  return {
    gantt: gantt(model),
    transitions: transitions.map((t) => ({
      from: t.from,
      to: t.to,
      date: t.date,
      name: t.name,
      baseline: baselineAfter(walk, t.to),
      moves: movesOf(model, t.to),
      counts: countsByName(model, t.changes),
      unchanged: t.changes.length === 0,
      changes: changeList(t.changes),
      runbooks: movesOf(model, t.to).map((m) => `runbooks/${t.to}/${m.tenant}.md`),
    })),
  };
}

/** A wave's moves with its tenants by id and their components in stage order, whatever the YAML's. */
function movesJson(model: Model, wave: string) {
  const moves = waveOf(model, wave)?.moves ?? {};
  return Object.fromEntries(
    Object.keys(moves)
      .sort(compare)
      .map((tenant) => [
        tenant,
        Object.fromEntries(COMPONENTS.filter((c) => moves[tenant]![c]).map((c) => [c, moves[tenant]![c]])),
      ]),
  );
}

export function planJson(model: Model, walk: Walk, only?: string): string {
  const transitions = walk.transitions
    .filter((t) => only === undefined || t.to === only)
    .map((t) => ({
      from: t.from,
      to: t.to,
      date: t.date,
      name: t.name,
      moves: movesJson(model, t.to),
      counts: counts(t.changes),
      changes: t.changes,
    }));
  return `${JSON.stringify({ transitions }, null, 2)}\n`;
}

/** Stacks to plan and apply for a tenant's part of a wave, in dependency order. */
function stackOrder(t: Transition, tenant: string): string[] {
  const touched = new Set(
    t.changes.filter((c) => c.owner === tenant || c.owner === "central").map((c) => c.stack),
  );
  const rank = (s: string) =>
    s === "central" ? 0 : s === "network" || s === "library" ? 1 : s.startsWith("network-") ? 2 : 3;
  return [...touched].sort((a, b) => rank(a) - rank(b) || compare(a, b));
}

/** The protected instances a wave destroys or replaces: `irvn apply` needs each named. */
function approvals(changes: readonly Change[]): string[] {
  const type = (address: string) => address.slice(0, address.indexOf("."));
  return changes
    .filter((c) => (c.kind === "remove" || c.kind === "replace") && PROTECTED_TYPES.has(type(c.address)))
    .map((c) => c.address)
    .sort(compare);
}

/** `model`: the model after the wave. */
function runbookView(model: Model, t: Transition, tenant: string) {
  const name = model.allTenants.find((x) => x.id === tenant)!.name;
  const move = waveOf(model, t.to)!.moves[tenant]!;
  const mine = t.changes.filter((c) => c.owner === tenant);
  const shared = t.changes.filter((c) => c.owner === "central");
  const stacks = stackOrder(t, tenant);
  return {
    wave: { id: t.to, name: t.name, date: t.date, previous: t.from },
    baseline: model.baseline?.name ?? "none yet",
    tenant: { id: tenant, name },
    steps: COMPONENTS.filter((c) => move[c]).map((c) => ({ component: c, stage: move[c]! })),
    linksNetwork: move.network === "linked",
    migratesWorkplaces: move.workplaces === "migrated",
    migratesApplications: move.applications === "migrated",
    retires: COMPONENTS.some((c) => move[c] === "retired"),
    fibreLinks: model.fibreLinks
      .filter((f) => f.tenant === tenant)
      .map((f) => f.id)
      .sort(compare),
    headroom: model.clusterLoads.map((l) => ({
      cluster: l.cluster,
      vcpu: grouped(l.capacity.vcpu - l.demand.vcpu),
      memory: grouped(l.capacity.memoryGiB - l.demand.memoryGiB),
    })),
    counts: countsByName(model, [...mine, ...shared]),
    changes: changeList([...mine, ...shared]),
    hasChanges: mine.length + shared.length > 0,
    stacks,
    stackArgs: stacks.map((s) => `--stack ${s}`).join(" "),
    approvals: approvals([...mine, ...shared]),
    adopted: model.vmPools
      .filter((p) => p.tenant === tenant && p.adopted)
      .map((p) => p.name)
      .sort(compare),
    adoptedVms: adoptedMoves(model, tenant),
    addsAdapters: model.vmPools.some(
      (p) =>
        p.tenant === tenant && p.adopted?.some((vm) => vm.nics.some((n) => n.legacyNetwork === undefined)),
    ),
  };
}

/** Where the move puts each adopted VM: the pool, folder and datastore, each NIC's port group. */
function adoptedMoves(model: Model, tenant: string) {
  return model.vmPools
    .filter((p) => p.tenant === tenant)
    .flatMap((p) =>
      (p.adopted ?? []).map((vm) => ({
        name: vm.hostname,
        from: vm.legacyPath,
        pool: p.resourcePool,
        folder: p.folder,
        datastore: p.datastore,
        nics: vm.nics.map((n) => ({ from: n.legacyNetwork ?? "new adapter", to: n.portGroup })),
      })),
    )
    .sort((a, b) => compare(a.name, b.name));
}

/** `model`: any model of the walk's configuration (each holds the whole wave plan). */
export function planDocuments(model: Model, walk: Walk, only?: string): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: "plan.md", text: render("migration/plan.md", planView(model, walk, only)) },
    { path: "plan.json", text: planJson(model, walk, only) },
  ];
  walk.transitions.forEach((t, i) => {
    if (only !== undefined && t.to !== only) return;
    const after = walk.states[i + 1]!.model;
    for (const tenant of Object.keys(waveOf(model, t.to)?.moves ?? {}).sort(compare)) {
      files.push({
        path: `runbooks/${t.to}/${tenant}.md`,
        text: render("migration/runbook.md", runbookView(after, t, tenant)),
      });
    }
  });
  return files;
}
