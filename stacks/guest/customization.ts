// Guest customization of cloned VMs, rendered from the templates in templates/guest/:
// Windows joins the domain into an OU per tenant through an unattend file (its passwords stay
// Terraform variables); Linux gets cloud-init user data and metadata through guestinfo.
import { render } from "../../templates/render.ts";
import type { Model } from "../model/model.ts";
import { WINDOWS_TIME_ZONES } from "../model/time-zones.ts";
import type { VmModel, VmPoolModel } from "../model/compute.ts";

/** Sensitive Terraform variables the Windows unattend file refers to. */
export const WINDOWS_SECRETS = ["domain_join_user", "domain_join_password", "local_admin_password"] as const;

export interface GuestContext {
  readonly organisation: Model["organisation"];
  readonly tenantName: string;
}

function domainDn(domain: string): string {
  return domain
    .split(".")
    .map((part) => `DC=${part}`)
    .join(",");
}

/** The unattend XML of a Windows pool; `${each.value.hostname}` and the variables stay for Terraform. */
export function windowsUnattend(ctx: GuestContext): string {
  return render("guest/windows-unattend.xml", {
    // validation (rule "windows-time-zone") guarantees the entry
    timeZone: WINDOWS_TIME_ZONES[ctx.organisation.timeZone]!,
    domain: ctx.organisation.adDomain,
    domainDn: domainDn(ctx.organisation.adDomain),
    tenantsOu: "Gemeenten",
    tenantName: ctx.tenantName,
  });
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** cloud-init user data of a Linux pool, base64 for guestinfo. */
export function linuxUserdata(ctx: GuestContext, pool: VmPoolModel): string {
  return base64(
    render("guest/linux-userdata.yaml", {
      timeZone: ctx.organisation.timeZone,
      ntpServer: `ntp.${ctx.organisation.adDomain}`,
      tenant: pool.tenant,
    }),
  );
}

/** cloud-init metadata of one Linux VM, base64 for guestinfo. */
export function linuxMetadata(ctx: GuestContext, vm: VmModel): string {
  return base64(
    render("guest/linux-metadata.yaml", {
      key: vm.key,
      hostname: vm.hostname,
      fqdn: `${vm.hostname}.${ctx.organisation.adDomain}`,
    }),
  );
}
