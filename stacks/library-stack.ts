// The content library the VMs are cloned from, on the library datastore. Its own stack because it
// needs a datastore, and a datastore exists only once hosts have joined the clusters the central
// stack creates (the bootstrap between the two); see scripts/README.md, "First rollout".
import type { App } from "./terraform/elements.ts";
import { ContentLibrary, DataVsphereDatacenter, DataVsphereDatastore } from "./terraform/vsphere.ts";
import { VsphereStack } from "./constructs/vsphere-stack.ts";
import type { Model } from "./model/model.ts";

export type LibraryStackProps = Pick<Model, "vcenter" | "stateBackend" | "datastores" | "contentLibrary">;

export class LibraryStack extends VsphereStack {
  constructor(scope: App, id: string, props: LibraryStackProps) {
    super(scope, id, props);
    const datacenter = new DataVsphereDatacenter(this, "datacenter", { name: props.vcenter.datacenter });
    // validation (rule references) guarantees the library's datastore exists
    const backing = props.datastores.find((d) => d.id === props.contentLibrary.datastore)!;
    const datastore = new DataVsphereDatastore(this, "library_datastore", {
      name: backing.name,
      datacenterId: datacenter.id,
    });
    new ContentLibrary(this, "content_library", {
      name: props.contentLibrary.name,
      description: props.contentLibrary.description,
      storageBacking: [datastore.id],
      // never retired: the templates of every VM live here
      lifecycle: { preventDestroy: true },
    });
  }
}
