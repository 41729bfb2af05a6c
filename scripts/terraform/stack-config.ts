// What irvn reads from a synthesized stack (`cdk.tf.json`): the providers it needs and which
// resource blocks are protected against destruction.
import { readFile } from "node:fs/promises";

interface ResourceBlock {
  readonly lifecycle?: { readonly prevent_destroy?: unknown };
  /** Terraform ignores "//" in JSON; cdktf keeps metadata there, and irvn its protection mark. */
  readonly "//"?: { readonly irvn?: { readonly protected?: unknown } };
}

export interface StackConfig {
  readonly terraform?: {
    readonly required_providers?: Readonly<
      Record<string, { readonly source?: string; readonly version?: string }>
    >;
    readonly backend?: { readonly local?: { readonly path?: unknown } };
  };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, ResourceBlock>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface RequiredProvider {
  readonly name: string;
  readonly source: string;
  readonly version?: string;
}

export async function readStackConfig(configFile: string): Promise<StackConfig> {
  return JSON.parse(await readFile(configFile, "utf8")) as StackConfig;
}

export function requiredProviders(config: StackConfig): RequiredProvider[] {
  return Object.entries(config.terraform?.required_providers ?? {}).map(([name, p]) => ({
    name,
    source: p.source ?? `hashicorp/${name}`,
    ...(p.version === undefined ? {} : { version: p.version }),
  }));
}

/**
 * A resource block is marked protected by `lifecycle.prevent_destroy` (terraform then refuses to
 * destroy its instances itself) or by `"//": {"irvn": {"protected": true}}`, which leaves terraform
 * free to plan the destroy and lets `irvn apply` demand an explicit `--allow-destroy` instead.
 */
export function isMarkedProtected(config: StackConfig, type: string, name: string): boolean {
  const block = config.resource?.[type]?.[name];
  return block?.lifecycle?.prevent_destroy === true || block?.["//"]?.irvn?.protected === true;
}
