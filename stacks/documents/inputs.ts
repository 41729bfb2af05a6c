// The input report: the service catalogue is priced on inputs, so per tenant and for the region
// this lists what the configuration asks for: workplaces per profile, vCPU, RAM, storage, the
// session platform's servers and the profile share, segments, fibre links, hosted applications
// and functional-management hours, with the service level of every service (and which run
// without an agreed one) and the host contracts. The region's shared servers count once, in the
// region's totals.
import { render } from "../../templates/render.ts";
import type { RawConfig } from "../model/load.ts";
import type { VmPoolModel } from "../model/compute.ts";
import type { Model } from "../model/model.ts";
import type { VmGroup } from "../model/sizing.ts";
import type { GeneratedFile } from "./files.ts";

interface Totals {
  workplaces: number;
  users: number;
  vms: number;
  vcpu: number;
  memoryGiB: number;
  storageGiB: number;
  /** What the profile containers of session-host users need on the profile share. */
  profileShareGiB: number;
  /** The profile share's disks on the profile file servers (part of storageGiB). */
  profileShareProvisionedGiB: number;
  segments: number;
  fibreLinks: number;
  applications: number;
  hoursPerMonth: number;
}

const SUM_KEYS: (keyof Totals)[] = [
  "workplaces",
  "users",
  "vms",
  "vcpu",
  "memoryGiB",
  "storageGiB",
  "profileShareGiB",
  "profileShareProvisionedGiB",
  "segments",
  "fibreLinks",
  "applications",
  "hoursPerMonth",
];

/** GiB of the pools' disks that hold a profile share. */
function shareDisksGiB(config: RawConfig, pools: readonly VmPoolModel[]): number {
  return pools
    .filter((p) => p.kind === "platform")
    .flatMap((p) => {
      const label = config.catalog.platformRoles[p.id]!.profileShareDisk;
      return p.disks.filter((d) => d.label === label).map((d) => d.sizeGiB * p.vms.length);
    })
    .reduce((a, b) => a + b, 0);
}

/** A session-platform role's row: what it weighs, whom it serves, where it attaches. */
function roleRow(config: RawConfig, g: VmGroup, serves: string) {
  const role = config.catalog.platformRoles[g.id]!;
  const network =
    role.scope === "region"
      ? config.region.facilities[role.network]!.name
      : config.catalog.segmentTypes[role.network]!.name;
  return {
    role: role.name,
    serves,
    network,
    vms: g.vms,
    vcpu: g.vcpu,
    memoryGiB: g.memoryGiB,
    storageGiB: g.storageGiB,
  };
}

const SHARED_SERVES = "the region (shared)";
/** The tenant column of the shared servers' rows in inputs.csv. */
const SHARED_ROWS = "region";

function tenantReport(model: Model, config: RawConfig, tenantId: string) {
  const t = config.tenants.find((x) => x.id === tenantId)!.config;
  const { catalog } = config;
  const pools = model.vmPools.filter((p) => p.tenant === tenantId);
  const groups = model.tenants.find((x) => x.id === tenantId)!.groups;
  const weigh = (kind: VmGroup["kind"]) => groups.filter((g) => g.kind === kind);
  const workplaces = weigh("workplaces").map((g) => ({
    profile: catalog.profiles[g.profile]!.name,
    users: g.users,
    vms: g.vms,
    spare: g.spare,
    vcpu: g.vcpu,
    memoryGiB: g.memoryGiB,
    storageGiB: g.storageGiB,
    profileShareGiB: g.users * (catalog.profiles[g.profile]!.profileContainerGiB ?? 0),
  }));
  const applications = weigh("applications").map((g) => ({
    name: t.applications[g.id]!.name,
    domain: t.applications[g.id]!.domain,
    service: catalog.services[t.applications[g.id]!.service]!.name,
    vms: g.vms,
    vcpu: g.vcpu,
    memoryGiB: g.memoryGiB,
    storageGiB: g.storageGiB,
  }));
  const platform = weigh("platform").map((g) => roleRow(config, g, t.name));
  // the shared roles serve this tenant's session hosts too: listed here, counted in the region's
  const shared =
    platform.length === 0 ? [] : model.sharedGroups.map((g) => roleRow(config, g, SHARED_SERVES));
  const sessionUsers = workplaces.filter((w) => w.profileShareGiB > 0).reduce((n, w) => n + w.users, 0);
  const services = Object.entries(t.services)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, use]) => {
      const service = catalog.services[id]!;
      const level = catalog.serviceLevels[service.serviceLevel]!;
      return {
        id,
        name: service.name,
        module: catalog.modules[service.module]!.name,
        since: use.since,
        level: level.name,
        // the source text: no specific SLA is agreed for the host contracts
        agreed: !level.agreed
          ? "no agreed service level"
          : use.hostContract
            ? "yes; none for the host contract"
            : "yes",
        hostContract: use.hostContract ? `held by ${use.hostContract.holder}` : "",
        hoursPerMonth: use.hoursPerMonth ?? 0,
        unagreed: !level.agreed,
      };
    });
  const totals: Totals = {
    workplaces: workplaces.reduce((s, w) => s + w.vms, 0),
    users: workplaces.reduce((s, w) => s + w.users, 0),
    vms: groups.reduce((s, g) => s + g.vms, 0),
    vcpu: groups.reduce((s, g) => s + g.vcpu, 0),
    memoryGiB: groups.reduce((s, g) => s + g.memoryGiB, 0),
    storageGiB: groups.reduce((s, g) => s + g.storageGiB, 0),
    profileShareGiB: workplaces.reduce((s, w) => s + w.profileShareGiB, 0),
    profileShareProvisionedGiB: shareDisksGiB(config, pools),
    // a segment type counts once, whether a port group, subnets at the sites or both
    segments: new Set([
      ...model.segments.filter((s) => s.owner === tenantId && s.kind === "tenant").map((s) => s.item),
      ...model.siteSubnets.filter((s) => s.tenant === tenantId).map((s) => s.type),
    ]).size,
    fibreLinks: model.fibreLinks.filter((f) => f.tenant === tenantId).length,
    applications: applications.length,
    hoursPerMonth: services.reduce((s, x) => s + x.hoursPerMonth, 0),
  };
  return {
    tenant: { id: tenantId, name: t.name },
    services,
    unagreed: services.filter((s) => s.unagreed).map((s) => s.name),
    hostContracts: services
      .filter((s) => s.hostContract !== "")
      .map((s) => ({ service: s.name, holder: s.hostContract })),
    workplaces,
    applications,
    platform,
    shared,
    profileShare: { users: sessionUsers, provisionedGiB: t.profileShareGiB ?? 0 },
    pools: pools.length,
    totals,
  };
}

/** The report rows as CSV lines: one per tenant and input. */
function csvRows(reports: ReturnType<typeof tenantReport>[]) {
  const rows: { tenant: string; input: string; item: string; quantity: number; unit: string }[] = [];
  for (const r of reports) {
    const id = r.tenant.id;
    for (const w of r.workplaces)
      rows.push({ tenant: id, input: "workplace", item: w.profile, quantity: w.vms, unit: "VM" });
    for (const a of r.applications)
      rows.push({ tenant: id, input: "application", item: a.name, quantity: a.vms, unit: "VM" });
    for (const p of r.platform)
      rows.push({ tenant: id, input: "platform", item: p.role, quantity: p.vms, unit: "VM" });
    const t = r.totals;
    rows.push(
      { tenant: id, input: "users", item: "workplace users", quantity: t.users, unit: "user" },
      { tenant: id, input: "vcpu", item: "all VMs", quantity: t.vcpu, unit: "vCPU" },
      { tenant: id, input: "memory", item: "all VMs", quantity: t.memoryGiB, unit: "GiB" },
      // the two storage rows add up to all VM disks
      {
        tenant: id,
        input: "storage",
        item: "VM disks but the profile share",
        quantity: t.storageGiB - t.profileShareProvisionedGiB,
        unit: "GiB",
      },
      {
        tenant: id,
        input: "storage",
        item: "profile share on the profile file servers",
        quantity: t.profileShareProvisionedGiB,
        unit: "GiB",
      },
      { tenant: id, input: "segment", item: "network segments", quantity: t.segments, unit: "segment" },
      { tenant: id, input: "fibre-link", item: "fibre links", quantity: t.fibreLinks, unit: "link" },
      {
        tenant: id,
        input: "hours",
        item: "functional management",
        quantity: t.hoursPerMonth,
        unit: "hour/month",
      },
    );
  }
  return rows;
}

/** The shared servers as the region's report and inputs.csv count them. */
function sharedReport(model: Model, config: RawConfig) {
  const groups = model.sharedGroups;
  const sum = (f: (g: VmGroup) => number) => groups.reduce((n, g) => n + f(g), 0);
  return {
    roles: groups.map((g) => roleRow(config, g, SHARED_SERVES)),
    vms: sum((g) => g.vms),
    vcpu: sum((g) => g.vcpu),
    memoryGiB: sum((g) => g.memoryGiB),
    storageGiB: sum((g) => g.storageGiB),
  };
}

function sharedRows(shared: ReturnType<typeof sharedReport>) {
  const tenant = SHARED_ROWS;
  return [
    ...shared.roles.map((p) => ({ tenant, input: "platform", item: p.role, quantity: p.vms, unit: "VM" })),
    ...(shared.vms === 0
      ? []
      : [
          { tenant, input: "vcpu", item: "shared servers", quantity: shared.vcpu, unit: "vCPU" },
          { tenant, input: "memory", item: "shared servers", quantity: shared.memoryGiB, unit: "GiB" },
          { tenant, input: "storage", item: "shared servers", quantity: shared.storageGiB, unit: "GiB" },
        ]),
  ];
}

export function inputDocuments(model: Model, config: RawConfig): GeneratedFile[] {
  const reports = model.tenants.map((t) => tenantReport(model, config, t.id));
  const shared = sharedReport(model, config);
  const region = Object.fromEntries(
    SUM_KEYS.map((k) => [k, reports.reduce((s, r) => s + r.totals[k], 0)]),
  ) as unknown as Totals;
  // the shared servers count once, for the region
  region.vms += shared.vms;
  region.vcpu += shared.vcpu;
  region.memoryGiB += shared.memoryGiB;
  region.storageGiB += shared.storageGiB;
  const files: GeneratedFile[] = reports.flatMap((r) => [
    { path: `docs/inputs/${r.tenant.id}.md`, text: render("reports/inputs-tenant.md", r) },
    { path: `docs/inputs/${r.tenant.id}.csv`, text: render("reports/inputs.csv", { rows: csvRows([r]) }) },
  ]);
  files.push({
    path: "docs/inputs/region.md",
    text: render("reports/inputs-region.md", {
      organisation: model.organisation.name,
      tenants: reports.map((r) => ({ id: r.tenant.id, name: r.tenant.name, ...r.totals })),
      shared,
      totals: region,
      unagreed: reports.flatMap((r) =>
        r.services
          .filter((s) => s.unagreed)
          .map((s) => ({ tenant: r.tenant.name, service: s.name, level: s.level })),
      ),
      hostContracts: reports.flatMap((r) => r.hostContracts.map((h) => ({ tenant: r.tenant.name, ...h }))),
    }),
  });
  files.push({
    path: "docs/inputs/inputs.csv",
    text: render("reports/inputs.csv", { rows: [...csvRows(reports), ...sharedRows(shared)] }),
  });
  return files;
}
