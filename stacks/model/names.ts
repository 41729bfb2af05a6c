// vSphere names derived from ids and the naming prefix: one place, so stacks that create a
// thing and stacks that look it up by name always agree.
import { FACILITIES } from "./owners.ts";

export const names = {
  portGroup: (prefix: string, owner: string, item: string) =>
    owner === FACILITIES ? `${prefix}-gen-${item}` : `${prefix}-${owner}-${item}`,
  resourcePool: (prefix: string, tenant: string) => `${prefix}-${tenant}`,
  /** A resource pool as a data source finds it: the cluster's root pool, then ours. */
  resourcePoolPath: (prefix: string, clusterName: string, tenant: string) =>
    `${clusterName}/Resources/${prefix}-${tenant}`,
  folder: (prefix: string, tenant: string) => `${prefix}/${tenant}`,
  tagCategory: (prefix: string, category: string) => `${prefix}-${category}`,
  /** A guest customization specification kept in vCenter, one per tenant and OS family. */
  customizationSpec: (prefix: string, tenant: string, os: string) => `${prefix}-${tenant}-${os}`,
};
