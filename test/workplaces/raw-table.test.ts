// Raw for_each tables (VsphereStack.rawTable): cdktf gets a placeholder and the table goes in after
// resolution; the stack must come out as cdktf would have written the table itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { App, type Construct, DataVsphereDatastore, TerraformIterator, Token } from "../../stacks/cdk.ts";
import { type Plain, VsphereStack } from "../../stacks/constructs/vsphere-stack.ts";

const out = mkdtempSync(join(tmpdir(), "irvn-raw-table-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Table = Readonly<Record<string, Plain>>;

/** Two lookups over the same tables, raw or handed to cdktf as they are. */
class Lookups extends VsphereStack {
  constructor(scope: Construct, id: string, tables: readonly Table[], raw: boolean) {
    super(scope, id, {
      vcenter: { server: "vcenter.example.org", datacenter: "DC" },
      stateBackend: { type: "local" },
    });
    tables.forEach((table, i) => {
      const rows = raw ? this.rawTable(table) : TerraformIterator.fromMap(table);
      new DataVsphereDatastore(this, `datastores_${i}`, {
        forEach: rows,
        name: rows.getString("name"),
        datacenterId: "datacenter-1",
      });
    });
  }
}

const TABLES: readonly Table[] = [
  {
    "nijmegen/office-session-001": { name: "irvn-nij-ws-001", vms: ["a", "b"], spare: null, size: 80 },
    "nijmegen/office-session-002": { name: "${not a token}", vms: [], spare: true, size: 0.5 },
  },
  { "druten/power-desktop-001": { name: "Dru\u00e9 \u2028", nested: { deeper: [{ x: 1 }] } } },
];

describe("raw for_each tables", () => {
  it("come out of toTerraform as cdktf resolves the same tables", () => {
    const stack = (raw: boolean) =>
      new Lookups(new App({ outdir: out }), "lookups", TABLES, raw).toTerraform();
    const raw = stack(true);
    expect(raw).toEqual(stack(false));
    expect(JSON.stringify(raw)).not.toContain("irvn-raw-table");
  });

  it("refuse a table holding a token, naming where", () => {
    const app = new App({ outdir: out });
    const table = { "heumen/vm-001": { name: "ok", tags: ["x", Token.asString({ a: 1 })] } };
    expect(() => new Lookups(app, "tokens", [table], true)).toThrow(
      "a raw table holds a token at /heumen/vm-001/tags/1",
    );
  });
});
