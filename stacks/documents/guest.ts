// The guest customization specifications Windows VMs are cloned with: which ones vCenter must
// hold, and what each sets. The specifications themselves (with their credentials) live in
// vCenter only; this document tells its administrators what to create.
import { render } from "../../templates/render.ts";
import type { VmPoolModel } from "../model/compute.ts";
import type { Model } from "../model/model.ts";
import { compare } from "../model/problems.ts";
import { SHARED } from "../model/sizing.ts";
import { WINDOWS_TIME_ZONES } from "../model/time-zones.ts";
import type { GeneratedFile } from "./files.ts";

const TENANTS_OU = "Gemeenten";
const SHARED_OU = "Servers";

export function guestDocuments(model: Model): GeneratedFile[] {
  const { organisation } = model;
  // the domain's labels are DNS labels (schema format): nothing to escape in DC=…
  const domainDn = organisation.adDomain
    .split(".")
    .map((part) => `DC=${part}`)
    .join(",");
  // a municipality's VMs join its OU under the municipalities'; the region's shared servers join
  // the organisation's own
  type Owner = { for: string; ou: string[] };
  const owners = new Map<string, Owner>(
    model.tenants.map((t): [string, Owner] => [t.id, { for: t.name, ou: [t.name, TENANTS_OU] }]),
  );
  owners.set(SHARED, { for: "the region (shared servers)", ou: [SHARED_OU, organisation.name] });
  const specs = new Map<
    string,
    { name: string; for: string; ou: string[]; domain: string; timeZone: string }
  >();
  for (const pool of customizedPools(model)) {
    if (specs.has(pool.customizationSpec)) continue;
    specs.set(pool.customizationSpec, {
      name: pool.customizationSpec,
      ...owners.get(pool.tenant)!,
      domain: organisation.adDomain,
      // validation (rule "windows-time-zone") guarantees the entry
      timeZone: WINDOWS_TIME_ZONES[organisation.timeZone]!,
    });
  }
  if (specs.size === 0) return [];
  const view = {
    organisation: organisation.name,
    domainDn,
    specs: [...specs.values()].sort((a, b) => compare(a.name, b.name)),
  };
  return [{ path: CUSTOMIZATION_SPECS_DOC, text: render("guest/customization-specs.md", view) }];
}

/** Where the specifications are listed, when any VM is cloned with one. */
export const CUSTOMIZATION_SPECS_DOC = "docs/guest/customization-specs.md";

/** The pools whose VMs are cloned with a specification; adopted VMs exist, so are not customized. */
export function customizedPools(model: Model): (VmPoolModel & { customizationSpec: string })[] {
  return model.vmPools.filter(
    (p): p is VmPoolModel & { customizationSpec: string } => !p.adopted && p.customizationSpec !== undefined,
  );
}
