// The guest customization specifications Windows VMs are cloned with: which ones vCenter must
// hold, and what each sets. The specifications themselves (with their credentials) live in
// vCenter only; this document tells its administrators what to create.
import { render } from "../../templates/render.ts";
import type { Model } from "../model/model.ts";
import { compare } from "../model/problems.ts";
import { WINDOWS_TIME_ZONES } from "../model/time-zones.ts";
import type { GeneratedFile } from "./files.ts";

const TENANTS_OU = "Gemeenten";

export function guestDocuments(model: Model): GeneratedFile[] {
  const { organisation } = model;
  // the domain's labels are DNS labels (schema format): nothing to escape in DC=…
  const domainDn = organisation.adDomain
    .split(".")
    .map((part) => `DC=${part}`)
    .join(",");
  const names = new Map(model.tenants.map((t) => [t.id, t.name]));
  const specs = new Map<string, { name: string; tenant: string; domain: string; timeZone: string }>();
  // adopted VMs exist: they are not cloned, so not customized
  for (const pool of model.vmPools.filter((p) => !p.adopted)) {
    if (!pool.customizationSpec || specs.has(pool.customizationSpec)) continue;
    const tenant = names.get(pool.tenant)!;
    specs.set(pool.customizationSpec, {
      name: pool.customizationSpec,
      tenant,
      domain: organisation.adDomain,
      // validation (rule "windows-time-zone") guarantees the entry
      timeZone: WINDOWS_TIME_ZONES[organisation.timeZone]!,
    });
  }
  if (specs.size === 0) return [];
  const view = {
    organisation: organisation.name,
    tenantsOu: TENANTS_OU,
    domainDn,
    specs: [...specs.values()].sort((a, b) => compare(a.name, b.name)),
  };
  return [{ path: "docs/guest/customization-specs.md", text: render("guest/customization-specs.md", view) }];
}
