// Real terraform on a shadow: apply one state, plan the next, and read back what terraform
// decided per instance (create, update, replace, destroy, import) or why it refused to plan.
import { execa } from "execa";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Shadow, ShadowOrigin } from "./shadow.ts";

export type Action = "create" | "update" | "replace" | "destroy" | "import" | "move";

export interface PlannedChange {
  readonly stack: string;
  /** The stack's own address of the block: `vsphere_virtual_machine.office_session_vms`. */
  readonly block: string;
  readonly type: string;
  /** The for_each key, or null. */
  readonly key: string | null;
  readonly action: Action;
  /** For an update or replacement: the provider attributes whose value changes, sorted. */
  readonly changed?: readonly string[];
}

export interface PlanOutcome {
  /** Errors that stopped the plan (e.g. `Instance cannot be destroyed`), one line each. */
  readonly refused: readonly string[];
  readonly changes: readonly PlannedChange[];
}

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly previous_address?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly importing?: unknown;
    readonly before?: Halves | null;
    readonly after?: Halves | null;
    readonly after_unknown?: Halves;
  };
}

/** A shadow's values: the provider's attributes split into in-place and replacing halves. */
interface Halves {
  readonly input?: Record<string, unknown> | null | boolean;
  readonly triggers_replace?: Record<string, unknown> | null | boolean;
}

/** after_unknown marks a value known after apply with `true`, anywhere in its structure. */
const unknownWithin = (marks: unknown): boolean =>
  marks === true || (typeof marks === "object" && marks !== null && Object.values(marks).some(unknownWithin));

/** The attributes an update or replacement changes, from both halves of before and after. */
function changedAttributes(c: ResourceChange["change"]): string[] {
  const out = new Set<string>();
  for (const half of ["input", "triggers_replace"] as const) {
    const object = (v: unknown) =>
      typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
    const before = object(c.before?.[half]);
    const after = object(c.after?.[half]);
    const unknown = c.after_unknown?.[half];
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const pending = unknown === true || unknownWithin(object(unknown)[key]);
      if (pending || JSON.stringify(before[key]) !== JSON.stringify(after[key])) out.add(key);
    }
  }
  return [...out].sort();
}

/** A working directory for one shadow lineage: its state carries from one step to the next. */
export class ShadowWorkspace {
  private initialised = false;

  constructor(
    readonly dir: string,
    private readonly variables: Readonly<Record<string, string>> = {},
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Plans `shadow` against the current state; with `apply`, applies that plan when it is not refused. */
  async plan(
    shadow: Shadow,
    opts: { apply?: boolean; variables?: Record<string, string> } = {},
  ): Promise<PlanOutcome> {
    writeFileSync(join(this.dir, "main.tf.json"), JSON.stringify(shadow.json, null, 1));
    if (!this.initialised) {
      await this.terraform(["init", "-input=false", "-backend=false"], shadow);
      this.initialised = true;
    }
    const variables = { ...this.variables, ...opts.variables };
    const plan = await this.terraform(
      ["plan", "-input=false", "-lock=false", "-json", "-parallelism=20", "-out=plan.bin"],
      shadow,
      variables,
      true,
    );
    const refused = [
      ...shadow.missingLookups,
      ...plan.stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { "@level": string; type: string; diagnostic?: Diagnostic })
        .filter((m) => m.type === "diagnostic" && m["@level"] === "error")
        .map((m) => describeDiagnostic(m.diagnostic!, shadow.origins)),
    ];
    if (plan.exitCode !== 0 && refused.length === 0) {
      throw new Error(`terraform plan failed in ${this.dir}:\n${plan.stderr || plan.stdout}`);
    }
    if (refused.length > 0) return { refused, changes: [] };
    const show = await this.terraform(["show", "-json", "plan.bin"], shadow, variables);
    const changes = (
      (JSON.parse(show.stdout) as { resource_changes?: ResourceChange[] }).resource_changes ?? []
    ).flatMap((c) => plannedChange(c, shadow.origins));
    if (opts.apply) {
      await this.terraform(
        ["apply", "-input=false", "-lock=false", "-parallelism=20", "plan.bin"],
        shadow,
        variables,
      );
    }
    return { refused, changes };
  }

  /** The addresses in the state: what exists in vCenter now, as the shadow names it. */
  async stateAddresses(): Promise<Set<string>> {
    const r = await execa("terraform", ["state", "list"], {
      cwd: this.dir,
      env: { CHECKPOINT_DISABLE: "1" },
      reject: false,
    });
    // no state yet: nothing exists
    return new Set(r.exitCode === 0 ? r.stdout.split("\n").filter(Boolean) : []);
  }

  private async terraform(
    args: string[],
    shadow: Shadow,
    variables: Readonly<Record<string, string>> = {},
    allowFailure = false,
  ) {
    const env: Record<string, string> = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    for (const v of shadow.variables) env[`TF_VAR_${v}`] = variables[v] ?? `shadow-${v}`;
    const result = await execa("terraform", args, { cwd: this.dir, env, reject: false });
    if (result.exitCode !== 0 && !allowFailure) {
      throw new Error(`terraform ${args[0]} failed in ${this.dir}:\n${result.stderr || result.stdout}`);
    }
    return result;
  }
}

interface Diagnostic {
  readonly summary: string;
  readonly detail?: string;
}

/** `network-heumen: vsphere_distributed_port_group.port_groups["heumen/guest-wifi"]: Instance cannot be destroyed`. */
function describeDiagnostic(d: Diagnostic, origins: ReadonlyMap<string, ShadowOrigin>): string {
  const m = /terraform_data\.([\w-]+)((?:\["(?:[^"\\]|\\.)*"\])?)/.exec(d.detail ?? "");
  const origin = m ? origins.get(m[1]!) : undefined;
  return origin ? `${origin.stack}: ${origin.type}.${origin.name}${m![2]}: ${d.summary}` : d.summary;
}

function plannedChange(c: ResourceChange, origins: ReadonlyMap<string, ShadowOrigin>): PlannedChange[] {
  const origin = origins.get(c.name);
  if (!origin) throw new Error(`plan names ${c.address}, which no stack has`);
  const actions = c.change.actions.join(",");
  const action: Action | undefined = c.change.importing
    ? "import"
    : actions === "create"
      ? "create"
      : actions === "update"
        ? "update"
        : actions === "delete"
          ? "destroy"
          : actions === "delete,create" || actions === "create,delete"
            ? "replace"
            : c.previous_address !== undefined
              ? "move"
              : undefined;
  if (action === undefined) return [];
  return [
    {
      stack: origin.stack,
      block: `${origin.type}.${origin.name}`,
      type: origin.type,
      key: c.index === undefined ? null : String(c.index),
      action,
      ...(action === "update" || action === "replace" ? { changed: changedAttributes(c.change) } : {}),
    },
  ];
}
