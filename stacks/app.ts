// The cdktf app: every stack built from the model. The only place stacks are instantiated and
// their order (dependencies) is declared; stacks find each other's resources by name.
import { App } from "./terraform/elements.ts";
import { CentralStack } from "./central-stack.ts";
import { ComputeStack } from "./compute-stack.ts";
import { LibraryStack } from "./library-stack.ts";
import { FACILITIES } from "./model/owners.ts";
import type { Model } from "./model/model.ts";
import { NetworkStack } from "./network-stack.ts";
import { SHARED } from "./model/sizing.ts";

/** Stack names; reviewers and `irvn plan --stack` use them. */
export const stackNames = {
  central: "central",
  library: "library",
  network: "network",
  tenantNetwork: (tenant: string) => `network-${tenant}`,
  workplaces: (tenant: string) => `workplace-${tenant}`,
  applications: (tenant: string) => `applications-${tenant}`,
  /** The session platform's shared servers: connection broker, gateway, licensing. */
  platform: "platform",
} as const;

export function buildApp(model: Model, outdir: string): App {
  const app = new App({ outdir });
  const central = new CentralStack(app, stackNames.central, model);
  const library = new LibraryStack(app, stackNames.library, model);
  library.addDependency(central);
  const network = new NetworkStack(app, stackNames.network, {
    ...model,
    role: "shared",
    segments: model.segments.filter((s) => s.owner === FACILITIES),
  });
  network.addDependency(central);
  for (const tenant of model.tenants) {
    const segments = model.segments.filter((s) => s.owner === tenant.id);
    // a tenant whose network is still legacy has nothing in the central network yet
    const tenantNetwork =
      segments.length === 0
        ? network
        : new NetworkStack(app, stackNames.tenantNetwork(tenant.id), {
            ...model,
            role: "tenant",
            segments,
            legacy: model.legacySubnets.filter((l) => l.tenant === tenant.id && l.coexisting),
          });
    if (tenantNetwork !== network) tenantNetwork.addDependency(network);
    // a stack per kind of VM pool the tenant has: none for a tenant without them; its own
    // session-platform servers (profile file servers) go with its workplaces
    for (const kind of ["workplaces", "applications"] as const) {
      const pools = model.vmPools.filter(
        (p) =>
          p.tenant === tenant.id && (p.kind === kind || (kind === "workplaces" && p.kind === "platform")),
      );
      if (pools.length === 0) continue;
      const compute = new ComputeStack(app, stackNames[kind](tenant.id), { ...model, pools });
      compute.addDependency(tenantNetwork);
      compute.addDependency(library);
    }
  }
  const shared = model.vmPools.filter((p) => p.tenant === SHARED);
  if (shared.length > 0) {
    // on the facilities' port groups, in the shared pool and folder of central
    const platform = new ComputeStack(app, stackNames.platform, { ...model, pools: shared });
    platform.addDependency(network);
    platform.addDependency(library);
  }
  return app;
}
