// The part of `terraform show -json <planfile>` that irvn reads (format 1.x). Values (`before`,
// `after`) may hold secrets: irvn compares them but never prints or stores them.

export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface PlanResourceChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly change: {
    readonly actions: readonly PlanAction[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
}

export interface PlanOutputChange {
  readonly actions: readonly PlanAction[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly variables?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly configuration?: {
    readonly root_module?: {
      readonly variables?: Readonly<Record<string, { readonly sensitive?: boolean }>>;
    };
  };
  readonly resource_changes?: readonly PlanResourceChange[];
  readonly output_changes?: Readonly<Record<string, PlanOutputChange>>;
}
