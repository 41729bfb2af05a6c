// A stack that talks to vCenter: its state backend, and the provider with credentials taken
// only from sensitive Terraform variables (TF_VAR_vsphere_user, TF_VAR_vsphere_password).
import { configureBackend } from "../backend.ts";
import type { Model } from "../model/model.ts";
import { type App, TerraformStack, TerraformVariable } from "../terraform/elements.ts";
import { VsphereProvider } from "../terraform/vsphere.ts";

export interface VsphereStackProps {
  readonly vcenter: Model["vcenter"];
  readonly stateBackend: Model["stateBackend"];
}

export class VsphereStack extends TerraformStack {
  constructor(scope: App, id: string, props: VsphereStackProps) {
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
    new VsphereProvider(this, {
      user: user.stringValue,
      password: password.stringValue,
      vsphereServer: props.vcenter.server,
      allowUnverifiedSsl: false,
    });
  }
}
