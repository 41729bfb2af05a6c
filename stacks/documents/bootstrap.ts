// The first rollout as a document: what Terraform creates in which step, and, by name, what the
// bootstrap outside Terraform must provide in between (hosts, datastores, published templates):
// every object a stack looks up that no stack creates is listed here.
import { render } from "../../templates/render.ts";
import type { Model } from "../model/model.ts";
import { compare } from "../model/problems.ts";
import type { GeneratedFile } from "./files.ts";
import { CUSTOMIZATION_SPECS_DOC, customizedPools } from "./guest.ts";

export function bootstrapDocuments(model: Model): GeneratedFile[] {
  const datastoreName = (id: string) => model.datastores.find((d) => d.id === id)!.name;
  // the templates VMs are cloned from: adopted VMs exist already
  const used = new Map(
    model.vmPools.filter((p) => !p.adopted).map((p) => [p.template.id, { ...p.template, os: p.os }]),
  );
  const view = {
    customizationSpecs: customizedPools(model).length > 0 ? CUSTOMIZATION_SPECS_DOC : undefined,
    vcenter: model.vcenter.server,
    datacenter: model.vcenter.datacenter,
    switch: model.switch,
    clusters: model.clusters.map((c) => ({
      name: c.name,
      hosts: c.hosts,
      datastore: datastoreName(c.datastore),
    })),
    datastores: model.datastores
      .map((d) => ({ name: d.name, role: d.role, capacityGiB: d.capacityGiB }))
      .sort((a, b) => compare(a.name, b.name)),
    library: { name: model.contentLibrary.name, datastore: datastoreName(model.contentLibrary.datastore) },
    templates: [...used.values()]
      .map((t) => ({
        id: t.id,
        item: t.item,
        where:
          t.source === "content-library" ? `content library ${model.contentLibrary.name}` : "template VM",
        os: t.os,
        guestId: t.guestId,
      }))
      .sort((a, b) => compare(a.id, b.id)),
    trustedBoot: [...used.values()]
      .filter((t) => t.trustedBoot)
      .map((t) => t.id)
      .sort(compare),
  };
  return [{ path: "docs/rollout/first-rollout.md", text: render("rollout/bootstrap.md", view) }];
}
