// catalog.yaml: the MGR modules, the services delivered on an input basis with the
// classification of their information processes, service levels, segment types and
// workplace/application profiles.
import { Type, type Static } from "@sinclair/typebox";
import {
  CLASSES,
  Classification,
  Closed,
  Enum,
  Formatted,
  Id,
  IdList,
  IdMap,
  IsoDate,
  Size,
  Text,
} from "./common.ts";

export const HA_PRIORITIES = ["lowest", "low", "medium", "high", "highest"] as const;
export const VM_KINDS = ["session-host", "desktop", "app-server", "platform-server"] as const;
export const ROLE_SCOPES = ["region", "tenant"] as const;

const Module = Closed({
  name: Text("name of the execution module"),
  since: IsoDate("date the module started"),
  description: Text("what the module does"),
});

const Input = Closed({
  name: Text("name of the input"),
  unit: Text("unit it is counted in"),
});

const Service = Closed({
  name: Text("service name"),
  module: Id("the MGR module the service belongs to"),
  inputs: IdList("inputs (catalog `inputs`) the service consumes", 1),
  serviceLevel: Id(
    "service level (catalog `serviceLevels`); use one with `agreed: false` where none is agreed",
  ),
  classification: Classification(
    "BIO classification of the information processes the service supports; its applications and workplaces take it unless an application states its own",
  ),
  description: Text("what the service delivers"),
});

const ServiceLevel = Closed({
  name: Text("name of the service level"),
  agreed: Type.Boolean({ description: "false records that no service level is agreed (best effort)" }),
  haRestartPriority: Enum(HA_PRIORITIES, "vSphere HA restart priority of the VMs"),
  spareVms: Type.Integer({ minimum: 0, maximum: 100, description: "spare VMs added to each pool" }),
  backupPolicy: Id("backup policy tag put on the VMs"),
  availability: Enum(
    CLASSES,
    "the highest availability class its HA restart priority and spare VMs serve: what is classified above it may not be hosted at this level",
  ),
  integrity: Enum(
    CLASSES,
    "the highest integrity class its backup policy serves (how far back and how often data can be restored): what is classified above it may not be hosted at this level",
  ),
});

const SegmentType = Closed({
  name: Text("segment name"),
  zone: Id("security zone (zones.yaml `zones`)"),
  service: Id("the service that needs this segment; a tenant gets it only when it takes the service"),
  ipv4PrefixLength: Type.Integer({
    minimum: 16,
    maximum: 29,
    description:
      "the IPv4 prefix length a new segment of the type gets at least; where its demand needs more addresses, a shorter one",
  }),
  vms: Type.Boolean({
    description:
      "VMs attach to it: a port group on the distributed switch in the data centre (only these are trunked to the hosts)",
  }),
  sites: Type.Boolean({
    description:
      "devices at the tenant's sites use it: a subnet routed at each site with a fibre link (layer 3 over the link, no VLAN stretched), for the physical network",
  }),
  publicAddressing: Type.Boolean({
    description:
      "hosts face a network with registered public addresses (Diginetwerk): translated to its `registeredAddresses` (zones.yaml `networks`); only zones with such segments may reach it",
  }),
  demand: Closed(
    {
      devicesPerPerson: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 100,
          description: "devices at a site per staff member working there (segment types with sites: true)",
        }),
      ),
      growth: Type.Number({
        minimum: 0,
        maximum: 10,
        description: "margin for growth on the devices and VM NICs, as a fraction (0.25: a quarter more)",
      }),
      reserved: Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: "addresses kept back: the gateway, its first-hop redundancy peers, network services",
      }),
    },
    {
      description:
        "the addresses a segment needs: ((devices at the site, or VM NICs on its port group) × (1 + growth)) + reserved",
    },
  ),
  ipv6Category: Type.Optional(
    Id(
      "IPv6 network category (region `addressing.ipv6.categories`) its /64s come from; default `internal`, the tenant's block",
    ),
  ),
  description: Text("what the segment carries"),
});

const Disk = Closed({
  label: Id("disk label; changing it replaces the disk"),
  sizeGiB: Size("disk size in GiB"),
});

const Profile = Closed({
  name: Text("profile name"),
  kind: Enum(
    VM_KINDS,
    "session host (many users), desktop (one user), application server, or server of the session platform (`platformRoles`)",
  ),
  template: Id("template (region `templates`) the VMs are cloned from"),
  hostPart: Formatted(
    "host-part",
    "1-5 lower-case letters or digits in host names: <tenant code>-<hostPart><nnn>",
  ),
  segment: Type.Optional(
    Id(
      "segment type the VMs are attached to; required for every kind but platform-server, whose role says where its VMs attach",
    ),
  ),
  vcpu: Type.Integer({ minimum: 1, maximum: 128, description: "virtual CPUs per VM" }),
  memoryGiB: Type.Integer({ minimum: 1, maximum: 4096, description: "RAM per VM in GiB" }),
  disks: Type.Array(Disk, {
    minItems: 1,
    maxItems: 16,
    description: "disks per VM, the first is the boot disk",
  }),
  usersPerVm: Type.Integer({
    minimum: 1,
    maximum: 500,
    description: "users one VM serves (1 for a desktop)",
  }),
  profileContainerGiB: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1000,
      description:
        "GiB per user of the profile container (FSLogix) on the profile share; required for session hosts, which keep no profile of their own: a pooled user lands on any host",
    }),
  ),
});

const PlatformRole = Closed({
  name: Text("role name"),
  scope: Enum(
    ROLE_SCOPES,
    "region: one set of VMs shared by every tenant, on a facility; tenant: one set per tenant whose users work on session hosts, on that tenant's segment",
  ),
  profile: Id("VM profile (kind `platform-server`): template, size, disks and host-name part"),
  vms: Type.Integer({
    minimum: 1,
    maximum: 16,
    description: "VMs in each set; two or more are kept on different hosts by an anti-affinity rule",
  }),
  network: Id(
    "where the VMs attach: for scope region a facility (region `facilities`), for scope tenant a segment type (catalog `segmentTypes`) the tenant has",
  ),
  service: Id("service (catalog `services`) the role is delivered under"),
  serviceLevel: Id(
    "service level (catalog `serviceLevels`): HA restart priority, backup policy; spare VMs do not apply",
  ),
  classification: Type.Optional(
    Classification(
      "BIO classification of what the role's servers process; default its service's. They attach only to zones classified at least as high, and the service level must serve it",
    ),
  ),
  profileShareDisk: Type.Optional(
    Id(
      "scope tenant only: label of a disk added to each VM that holds the tenant's profile share (`profileShareGiB` in its file, split evenly over the VMs)",
    ),
  ),
  description: Text("what the role does"),
});

export const CatalogSchema = Closed(
  {
    modules: IdMap(Module, "MGR execution modules keyed by id", 1),
    inputs: IdMap(Input, "inputs the catalogue is priced on, keyed by id", 1),
    serviceLevels: IdMap(ServiceLevel, "service levels keyed by id", 1),
    services: IdMap(Service, "services keyed by id", 1),
    segmentTypes: IdMap(SegmentType, "network segment types keyed by id", 1),
    profiles: IdMap(Profile, "VM profiles keyed by id", 1),
    platformRoles: IdMap(
      PlatformRole,
      "the session platform's server roles keyed by id: connection broker, gateway, licensing (scope region), profile file servers (scope tenant)",
    ),
  },
  { description: "the service catalogue" },
);

export type CatalogConfig = Static<typeof CatalogSchema>;
