// The input report: the service catalogue is priced on inputs, so per tenant and for the region
// this lists what the configuration asks for, in the catalogue's inputs and units (workplaces,
// vCPU, memory, storage, segments, fibre links, mobile subscriptions, functional-management hours),
// with what lies behind them: workplaces per profile, the session platform's servers and the
// profile share, hosted applications, the service level of every service (and which run without
// an agreed one) and the host contracts. The region's shared servers count once, in the region's
// totals.
import { render } from "../../templates/render.ts";
import type { VmPoolModel } from "../model/compute.ts";
import type { Model } from "../model/model.ts";
import { compare } from "../model/problems.ts";
import { COUNTED_INPUTS, STATED_INPUTS } from "../model/rules/stated-inputs.ts";
import type { VmGroup } from "../model/sizing.ts";
import type { GeneratedFile } from "./files.ts";

interface Totals {
  /** Workplaces as the catalogue counts them: one per user of a workplace profile. */
  workplaces: number;
  workplaceVms: number;
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
  subscriptions: number;
  hoursPerMonth: number;
}

const SUM_KEYS: (keyof Totals)[] = [
  "workplaces",
  "workplaceVms",
  "vms",
  "vcpu",
  "memoryGiB",
  "storageGiB",
  "profileShareGiB",
  "profileShareProvisionedGiB",
  "segments",
  "fibreLinks",
  "applications",
  "subscriptions",
  "hoursPerMonth",
];

type InputId = (typeof COUNTED_INPUTS)[number] | keyof typeof STATED_INPUTS;

/** A quantity of a catalogue input, and what it counts. */
interface InputItem {
  item: string;
  quantity: number;
}

/**
 * Every input the report prices, in the order people read a bill (workplaces, compute, storage,
 * network, telephony, hours), with the items that make up its quantity.
 */
const INPUT_ITEMS: Record<InputId, (r: ReturnType<typeof tenantReport>) => InputItem[]> = {
  workplace: (r) => r.workplaces.map((w) => ({ item: w.profile, quantity: w.users })),
  vcpu: (r) => [{ item: "all VMs", quantity: r.totals.vcpu }],
  memory: (r) => [{ item: "all VMs", quantity: r.totals.memoryGiB }],
  // the two storage items add up to all VM disks
  storage: (r) => [
    {
      item: "VM disks but the profile share",
      quantity: r.totals.storageGiB - r.totals.profileShareProvisionedGiB,
    },
    { item: "profile share on the profile file servers", quantity: r.totals.profileShareProvisionedGiB },
  ],
  segment: (r) => [{ item: "network segments", quantity: r.totals.segments }],
  "fibre-link": (r) => [{ item: "fibre links", quantity: r.totals.fibreLinks }],
  subscription: (r) => [{ item: "mobile subscriptions", quantity: r.totals.subscriptions }],
  hours: (r) => [{ item: "functional management per month", quantity: r.totals.hoursPerMonth }],
};

/** What each input's quantity counts, as the tenant's report says it. */
const COUNTS: Record<InputId, string> = {
  workplace: "one per user of a workplace profile",
  vcpu: "all VMs",
  memory: "all VMs",
  storage: "all VM disks, the profile share's included",
  segment: "segment types: a port group, subnets at the sites or both",
  "fibre-link": "fibre links",
  subscription: "mobile subscriptions, as stated (subscriptions)",
  hours: "functional management per month, as stated (hoursPerMonth)",
};

/** GiB of the pools' disks that hold a profile share. */
function shareDisksGiB(model: Model, pools: readonly VmPoolModel[]): number {
  return pools
    .filter((p) => p.kind === "platform")
    .flatMap((p) => {
      const label = model.catalogue.platformRoles[p.id]!.profileShareDisk;
      return p.disks.filter((d) => d.label === label).map((d) => d.sizeGiB * p.vms.length);
    })
    .reduce((a, b) => a + b, 0);
}

/** A session-platform role's row: what it weighs, whom it serves, where it attaches. */
function roleRow(model: Model, g: VmGroup, serves: string) {
  const role = model.catalogue.platformRoles[g.id]!;
  const network =
    role.scope === "region"
      ? model.segments.find((s) => s.kind === "facility" && s.item === role.network)!.name
      : model.catalogue.segmentTypes[role.network]!.name;
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

const byName = <T extends { name: string }>(a: T, b: T) => compare(a.name, b.name);
const byRole = <T extends { role: string }>(a: T, b: T) => compare(a.role, b.role);

function tenantReport(model: Model, tenantId: string) {
  const t = model.tenants.find((x) => x.id === tenantId)!;
  const catalog = model.catalogue;
  const tenantName = (id: string) => model.allTenants.find((x) => x.id === id)?.name ?? id;
  const pools = model.vmPools.filter((p) => p.tenant === tenantId);
  const groups = t.groups;
  const weigh = (kind: VmGroup["kind"]) => groups.filter((g) => g.kind === kind);
  const workplaces = weigh("workplaces")
    .map((g) => ({
      profile: catalog.profiles[g.profile]!.name,
      users: g.users,
      vms: g.vms,
      spare: g.spare,
      vcpu: g.vcpu,
      memoryGiB: g.memoryGiB,
      storageGiB: g.storageGiB,
      profileShareGiB: g.users * (catalog.profiles[g.profile]!.profileContainerGiB ?? 0),
    }))
    .sort((a, b) => compare(a.profile, b.profile));
  const applications = weigh("applications")
    .map((g) => ({
      name: t.applications[g.id]!.name,
      domain: t.applications[g.id]!.domain,
      service: catalog.services[t.applications[g.id]!.service]!.name,
      vms: g.vms,
      vcpu: g.vcpu,
      memoryGiB: g.memoryGiB,
      storageGiB: g.storageGiB,
    }))
    .sort(byName);
  const platform = weigh("platform")
    .map((g) => roleRow(model, g, t.name))
    .sort(byRole);
  // the shared roles serve this tenant's session hosts too: listed here, counted in the region's
  const shared =
    platform.length === 0 ? [] : model.sharedGroups.map((g) => roleRow(model, g, SHARED_SERVES)).sort(byRole);
  const sessionUsers = workplaces.filter((w) => w.profileShareGiB > 0).reduce((n, w) => n + w.users, 0);
  const services = Object.entries(t.serviceUses)
    .sort(([a], [b]) => compare(a, b))
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
        hostContract: use.hostContract ? `held by ${tenantName(use.hostContract.holder)}` : "",
        hoursPerMonth: use.hoursPerMonth ?? 0,
        subscriptions: use.subscriptions ?? 0,
        unagreed: !level.agreed,
      };
    });
  const totals: Totals = {
    workplaces: workplaces.reduce((s, w) => s + w.users, 0),
    workplaceVms: workplaces.reduce((s, w) => s + w.vms, 0),
    vms: groups.reduce((s, g) => s + g.vms, 0),
    vcpu: groups.reduce((s, g) => s + g.vcpu, 0),
    memoryGiB: groups.reduce((s, g) => s + g.memoryGiB, 0),
    storageGiB: groups.reduce((s, g) => s + g.storageGiB, 0),
    profileShareGiB: workplaces.reduce((s, w) => s + w.profileShareGiB, 0),
    profileShareProvisionedGiB: shareDisksGiB(model, pools),
    // a segment type counts once, whether a port group, subnets at the sites or both
    segments: new Set([
      ...model.segments.filter((s) => s.owner === tenantId && s.kind === "tenant").map((s) => s.item),
      ...model.siteSubnets.filter((s) => s.tenant === tenantId).map((s) => s.type),
    ]).size,
    fibreLinks: model.fibreLinks.filter((f) => f.tenant === tenantId).length,
    applications: applications.length,
    subscriptions: services.reduce((s, x) => s + x.subscriptions, 0),
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

/**
 * The catalogue inputs a tenant is priced on: those of the services it takes, and any other it
 * has a quantity of; each with its catalogue name and unit.
 */
function inputsOf(model: Model, r: ReturnType<typeof tenantReport>) {
  const catalog = model.catalogue;
  const consumed = new Set(r.services.flatMap((s) => catalog.services[s.id]!.inputs));
  return (Object.keys(INPUT_ITEMS) as InputId[])
    .filter((id) => Object.hasOwn(catalog.inputs, id))
    .map((id) => {
      const items = INPUT_ITEMS[id](r);
      return {
        id,
        name: catalog.inputs[id]!.name,
        unit: catalog.inputs[id]!.unit,
        counts: COUNTS[id],
        items,
        quantity: items.reduce((n, i) => n + i.quantity, 0),
      };
    })
    .filter((i) => consumed.has(i.id) || i.quantity > 0);
}

/** The report rows as CSV lines: one per tenant, catalogue input and item, in catalogue units. */
function csvRows(model: Model, reports: ReturnType<typeof tenantReport>[]) {
  return reports.flatMap((r) =>
    inputsOf(model, r).flatMap((input) =>
      input.items.map((i) => ({
        tenant: r.tenant.id,
        input: input.id,
        item: i.item,
        quantity: i.quantity,
        unit: input.unit,
      })),
    ),
  );
}

/** The shared servers as the region's report and inputs.csv count them. */
function sharedReport(model: Model) {
  const groups = model.sharedGroups;
  const sum = (f: (g: VmGroup) => number) => groups.reduce((n, g) => n + f(g), 0);
  return {
    roles: groups.map((g) => roleRow(model, g, SHARED_SERVES)).sort(byRole),
    vms: sum((g) => g.vms),
    vcpu: sum((g) => g.vcpu),
    memoryGiB: sum((g) => g.memoryGiB),
    storageGiB: sum((g) => g.storageGiB),
  };
}

function sharedRows(model: Model, shared: ReturnType<typeof sharedReport>) {
  if (shared.vms === 0) return [];
  const row = (input: InputId, quantity: number) =>
    Object.hasOwn(model.catalogue.inputs, input)
      ? [
          {
            tenant: SHARED_ROWS,
            input,
            item: "shared servers",
            quantity,
            unit: model.catalogue.inputs[input]!.unit,
          },
        ]
      : [];
  return [
    ...row("vcpu", shared.vcpu),
    ...row("memory", shared.memoryGiB),
    ...row("storage", shared.storageGiB),
  ];
}

export function inputDocuments(model: Model): GeneratedFile[] {
  const reports = model.tenants.map((t) => tenantReport(model, t.id));
  const shared = sharedReport(model);
  const region = Object.fromEntries(
    SUM_KEYS.map((k) => [k, reports.reduce((s, r) => s + r.totals[k], 0)]),
  ) as unknown as Totals;
  // the shared servers count once, for the region
  region.vms += shared.vms;
  region.vcpu += shared.vcpu;
  region.memoryGiB += shared.memoryGiB;
  region.storageGiB += shared.storageGiB;
  const files: GeneratedFile[] = reports.flatMap((r) => [
    {
      path: `docs/inputs/${r.tenant.id}.md`,
      text: render("reports/inputs-tenant.md", { ...r, inputs: inputsOf(model, r) }),
    },
    {
      path: `docs/inputs/${r.tenant.id}.csv`,
      text: render("reports/inputs.csv", { rows: csvRows(model, [r]) }),
    },
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
    text: render("reports/inputs.csv", {
      rows: [...csvRows(model, reports), ...sharedRows(model, shared)],
    }),
  });
  return files;
}
