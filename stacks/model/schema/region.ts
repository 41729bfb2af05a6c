// region.yaml: the central data centre, address pools, the distributed switch, generic
// facilities, naming rules and where Terraform keeps its state.
import { Type, type Static } from "@sinclair/typebox";
import {
  Closed,
  Count,
  DnsName,
  Enum,
  Formatted,
  Id,
  IdList,
  IdMap,
  Ipv4Cidr,
  Ipv6Cidr,
  Size,
  Text,
} from "./common.ts";

export const WORKLOADS = ["management", "server", "workplace"] as const;

const Cluster = Closed(
  {
    name: Text(
      "vSphere cluster name; changing it renames the cluster in place, and the stacks that find it by name are planned after that is applied",
    ),
    workloads: Type.Array(Enum(WORKLOADS, "workload class"), {
      minItems: 1,
      uniqueItems: true,
      description: "which VMs run here: management, server (applications) and/or workplace",
    }),
    hosts: Count("ESXi hosts in the cluster", 2),
    hostCores: Size("physical cores per host"),
    hostMemoryGiB: Size("RAM per host in GiB"),
    cpuOvercommit: Type.Number({
      minimum: 1,
      maximum: 16,
      description: "vCPU per physical core the cluster may carry",
    }),
    memoryOvercommit: Type.Optional(
      Type.Number({ minimum: 1, maximum: 2, description: "RAM overcommit factor; default 1 (none)" }),
    ),
    haHostFailures: Type.Integer({
      minimum: 0,
      maximum: 4,
      description: "hosts HA admission control keeps in reserve; capacity checks subtract them",
    }),
    datastore: Id("the datastore (in `datastores`) that holds this cluster's VMs"),
  },
  { description: "a compute cluster in the central data centre" },
);

const Datastore = Closed(
  {
    name: Text("vSphere datastore name (looked up, not created)"),
    capacityGiB: Size("usable capacity in GiB"),
    location: Id("physical location; backup targets must sit elsewhere than the VMs (BIO 8.13.03)"),
    role: Enum(["vm", "backup", "library"] as const, "what the datastore holds"),
  },
  { description: "a datastore the clusters use" },
);

const Template = Closed(
  {
    os: Enum(["windows", "linux"] as const, "guest operating system family"),
    source: Enum(["content-library", "vm"] as const, "a content library item or a template VM"),
    item: Text("name of the content library item or template VM"),
    guestId: Formatted(
      "guest-id",
      "vSphere guest OS identifier of the template, e.g. windows2019srvNext_64Guest",
    ),
    trustedBoot: Type.Optional(
      Type.Boolean({
        description:
          "VMs cloned from it boot with EFI Secure Boot and carry a virtual TPM 2.0 (Windows 11 requires both; vCenter then needs a key provider); default false",
      }),
    ),
  },
  { description: "a VM template that workplace and application VMs are cloned from" },
);

const Facility = Closed(
  {
    name: Text("display name"),
    zone: Id("security zone (zones.yaml `zones`)"),
    ipv4PrefixLength: Type.Integer({ minimum: 16, maximum: 29, description: "size of its IPv4 prefix" }),
    routed: Type.Optional(
      Type.Boolean({
        description:
          "false: a layer-2 network between the hosts only (vMotion, vSAN): no gateway and no IPv6; default true",
      }),
    ),
    ipv6Category: Type.Optional(
      Id(
        "IPv6 network category (`addressing.ipv6.categories`) its /64 comes from; default `internal`, the facilities' block",
      ),
    ),
    description: Text("what the facility is for"),
  },
  { description: "a generic facility shared by all tenants (management, backup, vMotion, …)" },
);

const VlanRange = Closed({
  first: Type.Integer({ minimum: 1, maximum: 4094, description: "first VLAN ID" }),
  last: Type.Integer({ minimum: 1, maximum: 4094, description: "last VLAN ID" }),
  reason: Type.Optional(Text("why the range is reserved")),
});

const LocalBackend = Closed({
  type: Type.Literal("local"),
  directory: Type.Optional(
    Formatted(
      "relative-path",
      "directory for state files, relative to the output directory's parent; default `state`",
    ),
  ),
});
const PgBackend = Closed({
  type: Type.Literal("pg"),
  schemaPrefix: Type.Optional(Id("prefix of the per-stack PostgreSQL schema; default `irvn`")),
});
const S3Backend = Closed({
  type: Type.Literal("s3"),
  bucket: DnsName("bucket name"),
  region: Id("bucket region"),
  endpoint: Type.Optional(Formatted("https-url", "S3-compatible endpoint URL")),
  keyPrefix: Type.Optional(Id("prefix of the per-stack state key; default `irvn`")),
});
const HttpBackend = Closed({
  type: Type.Literal("http"),
  address: Formatted(
    "https-url",
    "base URL; the stack name is appended (GitLab: …/api/v4/projects/<id>/terraform/state)",
  ),
});
const StateBackendUnion = Type.Union([LocalBackend, PgBackend, S3Backend, HttpBackend]);
/** A discriminated union: ajv then reports errors of the branch named by `type` only. */
export const StateBackend = Type.Unsafe<Static<typeof StateBackendUnion>>({
  type: "object",
  description: "where Terraform keeps state; credentials come only from the environment",
  discriminator: { propertyName: "type" },
  oneOf: [LocalBackend, PgBackend, S3Backend, HttpBackend],
});

export const RegionSchema = Closed(
  {
    organisation: Closed({
      id: Id("short id of the ICT organisation, used in names"),
      name: Text("full name"),
      adDomain: DnsName("Active Directory domain the Windows VMs join"),
      timeZone: Formatted("time-zone", "IANA time zone of the region"),
    }),
    vcenter: Closed({
      server: DnsName("vCenter server host name (credentials are sensitive Terraform variables)"),
      datacenter: Text("vSphere datacenter name; changing it replaces the datacenter"),
    }),
    clusters: IdMap(Cluster, "compute clusters keyed by id", 1),
    datastores: IdMap(Datastore, "datastores keyed by id", 1),
    contentLibrary: Closed({
      name: Text("content library name"),
      datastore: Id("datastore (role `library`) that backs it"),
      description: Text("what it holds"),
    }),
    templates: IdMap(Template, "VM templates keyed by id", 1),
    addressing: Closed({
      ipv4: Closed({
        supernet: Ipv4Cidr("private IPv4 supernet of the consolidated network"),
        tenantPrefixLength: Type.Integer({
          minimum: 8,
          maximum: 28,
          description: "size of the block each tenant gets from the supernet",
        }),
        facilitiesPrefixLength: Type.Integer({
          minimum: 8,
          maximum: 28,
          description: "size of the block the generic facilities share",
        }),
        transitPrefixLength: Type.Integer({
          minimum: 24,
          maximum: 30,
          description: "size of the transit prefix of each fibre link during coexistence",
        }),
        natPool: Type.Optional(
          Ipv4Cidr("prefix that legacy subnets marked `coexistence: nat` are translated into, one to one"),
        ),
      }),
      ipv6: Closed({
        block: Ipv6Cidr(
          "IPv6 block of the internal network category (Dutch government plan: joint arrangements under 2a07:3502::/33): a block per tenant and for the facilities",
        ),
        tenantPrefixLength: Type.Integer({ minimum: 32, maximum: 60, description: "block per tenant" }),
        categories: Type.Optional(
          IdMap(
            Closed({
              block: Ipv6Cidr("the /46 (or larger) Logius assigns for the category"),
              description: Text("which networks the category holds"),
            }),
            "the other network categories Logius assigns a block for (internet, Diginetwerk, …), keyed by id; a segment type of the category takes its /64 from the block, not from its tenant's",
          ),
        ),
      }),
      vlans: Closed({
        first: Type.Integer({ minimum: 2, maximum: 4094, description: "first VLAN ID to allocate" }),
        last: Type.Integer({ minimum: 2, maximum: 4094, description: "last VLAN ID to allocate" }),
        reserved: Type.Array(VlanRange, { description: "ranges never allocated", maxItems: 100 }),
      }),
    }),
    switch: Closed({
      name: Text(
        "distributed switch name; changing it renames the switch in place, and the stacks that find it by name are planned after that is applied",
      ),
      mtu: Type.Integer({ minimum: 1500, maximum: 9000, description: "MTU in bytes" }),
      uplinks: IdList("uplink names", 1),
      transitZone: Id("security zone (zones.yaml `zones`) of the fibre-link transit port groups"),
    }),
    facilities: IdMap(Facility, "generic facilities keyed by id", 1),
    naming: Closed({
      prefix: Id("prefix of every generated vSphere name"),
    }),
    stateBackend: StateBackend,
  },
  { description: "the region: central data centre, pools, switch, facilities, naming, state" },
);

export type RegionConfig = Static<typeof RegionSchema>;
