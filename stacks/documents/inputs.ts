// The input report: the service catalogue is priced on inputs, so per tenant and for the region
// this lists what the configuration asks for: workplaces per profile, vCPU, RAM, storage,
// segments, fibre links, hosted applications and functional-management hours, with the service
// level of every service (and which run without an agreed one) and the host contracts.
import { render } from "../../templates/render.ts";
import type { RawConfig } from "../model/load.ts";
import type { Model } from "../model/model.ts";
import type { GeneratedFile } from "./files.ts";

interface Totals {
  workplaces: number;
  users: number;
  vms: number;
  vcpu: number;
  memoryGiB: number;
  storageGiB: number;
  /** Profile containers of session-host users on the profile share. */
  profileShareGiB: number;
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
  "segments",
  "fibreLinks",
  "applications",
  "hoursPerMonth",
];

function tenantReport(model: Model, config: RawConfig, tenantId: string) {
  const t = config.tenants.find((x) => x.id === tenantId)!.config;
  const { catalog } = config;
  const pools = model.vmPools.filter((p) => p.tenant === tenantId);
  const groups = model.tenants.find((x) => x.id === tenantId)!.groups;
  const weigh = (kind: "workplaces" | "applications") => groups.filter((g) => g.kind === kind);
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
    const t = r.totals;
    rows.push(
      { tenant: id, input: "users", item: "workplace users", quantity: t.users, unit: "user" },
      { tenant: id, input: "vcpu", item: "all VMs", quantity: t.vcpu, unit: "vCPU" },
      { tenant: id, input: "memory", item: "all VMs", quantity: t.memoryGiB, unit: "GiB" },
      { tenant: id, input: "storage", item: "all VMs", quantity: t.storageGiB, unit: "GiB" },
      {
        tenant: id,
        input: "storage",
        item: "profile containers on the profile share",
        quantity: t.profileShareGiB,
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

export function inputDocuments(model: Model, config: RawConfig): GeneratedFile[] {
  const reports = model.tenants.map((t) => tenantReport(model, config, t.id));
  const region = Object.fromEntries(
    SUM_KEYS.map((k) => [k, reports.reduce((s, r) => s + r.totals[k], 0)]),
  ) as unknown as Totals;
  const files: GeneratedFile[] = reports.flatMap((r) => [
    { path: `docs/inputs/${r.tenant.id}.md`, text: render("reports/inputs-tenant.md", r) },
    { path: `docs/inputs/${r.tenant.id}.csv`, text: render("reports/inputs.csv", { rows: csvRows([r]) }) },
  ]);
  files.push({
    path: "docs/inputs/region.md",
    text: render("reports/inputs-region.md", {
      organisation: model.organisation.name,
      tenants: reports.map((r) => ({ id: r.tenant.id, name: r.tenant.name, ...r.totals })),
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
    text: render("reports/inputs.csv", { rows: csvRows(reports) }),
  });
  return files;
}
