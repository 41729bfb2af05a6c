// Which municipality a change belongs to. Keys and stack names carry tenant ids by design
// (`druten/office-session-003`, `workplace-druten`), so attribution reads them instead of
// guessing from values; everything else is central.
import { compare } from "../../stacks/model/index.ts";
import { CENTRAL, type Owner } from "./types.ts";

export class Owners {
  private readonly tenants: ReadonlySet<string>;

  constructor(tenants: Iterable<string>) {
    this.tenants = new Set(tenants);
  }

  isTenant(id: string): boolean {
    return this.tenants.has(id);
  }

  /** `workplace-druten` and `network-berg-en-dal` belong to that tenant; `central`, `network` do not. */
  ofStack(stack: string): Owner {
    let best: string | undefined;
    for (const t of this.tenants) {
      if ((stack === t || stack.endsWith(`-${t}`)) && (best === undefined || t.length > best.length))
        best = t;
    }
    return best ?? CENTRAL;
  }

  /** A for_each key or lock key: its first `/` segment when that is a tenant, else the fallback. */
  ofKey(key: string | null, fallback: Owner): Owner {
    if (key === null) return fallback;
    const first = key.split("/")[0]!;
    return this.isTenant(first) ? first : fallback;
  }

  /** A rendered document: the first path segment or file name (without extension) that is a tenant. */
  ofDocument(path: string): Owner {
    for (const segment of path.split("/")) {
      const stem = segment.replace(/\.[^.]*$/, "");
      if (this.isTenant(segment)) return segment;
      if (this.isTenant(stem)) return stem;
    }
    return CENTRAL;
  }
}

/** Tenants alphabetically, central last: the order of every list in the report. */
export function compareOwners(a: Owner, b: Owner): number {
  return Number(a === CENTRAL) - Number(b === CENTRAL) || compare(a, b);
}

const MUNICIPALITY_FILE = /^config\/municipalities\/([^/]+)\.ya?ml$/;

/** The tenants whose own file is among the changed paths. */
export function municipalitiesInFiles(files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const m = MUNICIPALITY_FILE.exec(f);
    if (m) out.add(m[1]!);
  }
  return out;
}
