// Guest data of cloned Linux VMs, rendered from the templates in templates/guest/: cloud-init
// user data and metadata through guestinfo. Windows VMs are customized by a specification kept
// in vCenter (see stacks/documents/guest.ts), so no credential passes through Terraform.
import { render } from "../../templates/render.ts";
import type { Model } from "../model/model.ts";
import type { VmModel, VmPoolModel } from "../model/compute.ts";

export interface GuestContext {
  readonly organisation: Model["organisation"];
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
