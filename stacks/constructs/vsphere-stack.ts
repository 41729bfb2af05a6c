// A stack that talks to vCenter: its state backend, and the provider with credentials taken
// only from sensitive Terraform variables (TF_VAR_vsphere_user, TF_VAR_vsphere_password).
import { configureBackend } from "../backend.ts";
import {
  type Construct,
  TerraformIterator,
  TerraformStack,
  TerraformVariable,
  Token,
  VsphereProvider,
} from "../cdk.ts";
import type { Model } from "../model/model.ts";

export interface VsphereStackProps {
  readonly vcenter: Model["vcenter"];
  readonly stateBackend: Model["stateBackend"];
}

/** Plain data: what a raw table may hold. */
export type Plain = string | number | boolean | null | readonly Plain[] | { readonly [key: string]: Plain };

type Blocks = Record<string, Record<string, { for_each?: unknown }>>;

export class VsphereStack extends TerraformStack {
  /** The raw tables by the key of their placeholder. */
  private readonly rawTables = new Map<string, Readonly<Record<string, Plain>>>();

  constructor(scope: Construct, id: string, props: VsphereStackProps) {
    super(scope, id);
    configureBackend(this, props.stateBackend, id);
    const user = new TerraformVariable(this, "vsphere_user", {
      type: "string",
      sensitive: true,
      description: "vCenter user name; set TF_VAR_vsphere_user",
    });
    const password = new TerraformVariable(this, "vsphere_password", {
      type: "string",
      sensitive: true,
      description: "vCenter password; set TF_VAR_vsphere_password",
    });
    new VsphereProvider(this, "vsphere", {
      user: user.stringValue,
      password: password.stringValue,
      vsphereServer: props.vcenter.server,
      allowUnverifiedSsl: false,
    });
  }

  /**
   * A for_each table that cdktf does not resolve. cdktf resolves every table three times, with a
   * context object per value (0.2 s of CPU at the benchmark's 10,000 VMs, 0.9 s at 50,000); a
   * table of plain data comes out of that as it went in. So cdktf gets a placeholder of one entry,
   * and `toTerraform` puts the table in its place; the written JSON is the same (cdktf sorts the
   * keys when it writes). A token, which would need resolving, is refused.
   */
  protected rawTable(table: Readonly<Record<string, Plain>>): ReturnType<typeof TerraformIterator.fromMap> {
    const unresolved = firstToken(table);
    if (unresolved !== undefined) throw new Error(`a raw table holds a token at ${unresolved}`);
    const key = `irvn-raw-table-${this.rawTables.size}`;
    this.rawTables.set(key, table);
    return TerraformIterator.fromMap({ [key]: {} });
  }

  override toTerraform(): Record<string, unknown> {
    const tf = super.toTerraform() as { resource?: Blocks; data?: Blocks };
    if (this.rawTables.size === 0) return tf;
    for (const blocks of [tf.resource, tf.data]) {
      for (const byName of Object.values(blocks ?? {})) {
        for (const block of Object.values(byName)) {
          const keys =
            block.for_each && typeof block.for_each === "object" ? Object.keys(block.for_each) : [];
          const table = keys.length === 1 ? this.rawTables.get(keys[0]!) : undefined;
          if (table) block.for_each = table;
        }
      }
    }
    return tf;
  }
}

/** The path of the first value in `data` that cdktf would resolve, if any. */
function firstToken(data: Plain, path = ""): string | undefined {
  if (Token.isUnresolved(data)) return path || "/";
  if (data === null || typeof data !== "object") return undefined;
  for (const [key, value] of Object.entries(data)) {
    const found = firstToken(value, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
