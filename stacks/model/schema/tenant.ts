// municipalities/<id>.yaml: one tenant. A municipality is one kind of tenant; the Werkbedrijf,
// the environment service or IRVN itself fit the same shape.
import { Type, type Static } from "@sinclair/typebox";
import {
  Classification,
  Closed,
  Count,
  Enum,
  Formatted,
  Id,
  IdList,
  IdMap,
  IsoDate,
  Ipv4Cidr,
  Share,
  Size,
  Text,
} from "./common.ts";

export const TENANT_KINDS = ["municipality", "joint-arrangement", "agency"] as const;
export const ENCRYPTIONS = ["macsec", "ipsec", "waived"] as const;

const Participation = Closed({
  since: IsoDate("date the tenant joined"),
  until: Type.Optional(IsoDate("date the tenant left, if it did")),
});

const ServiceUse = Closed({
  since: IsoDate("date the service started for this tenant"),
  hostContract: Type.Optional(
    Closed({
      holder: Id("tenant that holds the contract on behalf of the others"),
      description: Text("what the contract covers"),
    }),
  ),
  hoursPerMonth: Type.Optional(
    Count(
      "hours per month delivered (functional management); required on a service priced on catalog input `hours`, and only there",
    ),
  ),
  subscriptions: Type.Optional(
    Count(
      "mobile subscriptions the tenant takes; required on a service priced on catalog input `subscription`, and only there",
    ),
  ),
});

const Site = Closed({
  name: Text("site name"),
  kind: Enum(["town-hall", "office", "depot", "server-room"] as const, "kind of site"),
  staffShare: Type.Optional(
    Share(
      "share of the staff working at the site, which sizes its subnets; needed where more than one site has a fibre link (one such site: all staff)",
    ),
  ),
});

const FibreLink = Closed({
  site: Id("the site (in `sites`) the link connects to the central data centre"),
  bandwidthMbps: Type.Integer({ minimum: 100, maximum: 400_000, description: "link speed in Mbit/s" }),
  encryption: Enum(ENCRYPTIONS, "link encryption (BIO 8.21.04); `waived` needs `waiverReason`"),
  waiverReason: Type.Optional(Text("why encryption is waived")),
});

const ChainLink = Closed({
  partner: Text("the chain partner or network reached"),
  segment: Id("segment type the link terminates on"),
  service: Id("the service that needs the link"),
});

const LegacySubnet = Closed({
  cidr: Ipv4Cidr("the legacy subnet"),
  vlan: Type.Integer({ minimum: 1, maximum: 4094, description: "its legacy VLAN ID" }),
  purpose: Id("segment type it corresponds to in the target network"),
  coexistence: Type.Optional(
    Enum(
      ["nat", "renumber"] as const,
      "how it lives beside the target network while linked: translated one to one at the transit (nat) or renumbered before linking; required when it overlaps a target prefix or another tenant's legacy subnet",
    ),
  ),
});

const Demand = Closed({
  share: Type.Optional(Share("share of the tenant's staff using this profile (0-1)")),
  users: Type.Optional(Count("explicit number of users (instead of `share`)")),
  spare: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 100, description: "spare VMs; default from the service level" }),
  ),
});

const Application = Closed({
  name: Text("application name"),
  service: Id("catalogue service it is delivered under"),
  hosting: Id(
    "service level (catalog `serviceLevels`) of hosting it, from its business impact analysis: HA restart priority and backup policy of its servers; the service's own level (e.g. functional management without an agreed level) does not decide that",
  ),
  classification: Type.Optional(
    Classification(
      "BIO classification of the information processes it supports, from its business impact analysis; default its service's. Its servers attach only to zones classified at least as high, and its hosting level must serve its availability and integrity",
    ),
  ),
  domain: Enum(["social", "generic"] as const, "social-domain or generic-domain application"),
  profile: Id("VM profile (kind `app-server`)"),
  hostPart: Formatted(
    "host-part",
    "1-5 lower-case letters or digits in host names: <tenant code>-<hostPart><nn>",
  ),
  vms: Type.Integer({ minimum: 1, maximum: 100, description: "number of application-server VMs" }),
  segments: Type.Optional(
    IdList(
      "further segment types (of this tenant) its servers get a network adapter on, after their profile's: `suwinet` for an application that exchanges with Suwinet through Diginetwerk",
    ),
  ),
  adopt: Type.Optional(
    Type.Boolean({
      description:
        "the VMs exist in the legacy data centre and are moved, then taken over by Terraform import blocks from their migration wave on (a fresh state adopts them too), not rebuilt",
    }),
  ),
});

export const TenantSchema = Closed(
  {
    name: Text("display name"),
    kind: Enum(TENANT_KINDS, "kind of tenant"),
    code: Formatted("short-code", "2-4 lower-case letters used in host names"),
    inhabitants: Type.Optional(
      Closed({
        count: Count("number of inhabitants"),
        asOf: IsoDate("date of the figure"),
      }),
    ),
    staff: Closed({
      fte: Type.Number({ minimum: 0, maximum: 100_000, description: "staff in full-time equivalents" }),
      people: Count("staff head count; workplace demand derives from it"),
      source: Enum(["published", "estimate"] as const, "where the figure comes from"),
    }),
    modules: IdMap(Participation, "MGR modules the tenant takes part in, keyed by module id", 1),
    services: IdMap(ServiceUse, "catalogue services the tenant takes, keyed by service id"),
    sites: IdMap(Site, "the tenant's sites keyed by id", 1),
    fibreLinks: IdMap(FibreLink, "fibre links to the central data centre keyed by id"),
    chainLinks: IdMap(ChainLink, "links (koppelingen) to chain partners keyed by id"),
    segments: IdList("segment types the tenant gets in the consolidated network"),
    legacy: Type.Optional(
      Closed(
        {
          dataCentre: Closed({
            name: Text("the legacy data centre or server room"),
            site: Id("site (in `sites`) that houses it"),
          }),
          subnets: IdMap(LegacySubnet, "legacy subnets keyed by id; they may overlap other tenants'"),
        },
        {
          description:
            "what the tenant runs before it joins, moved over by the waves of migration.yaml; absent for a tenant that has nothing to move (built new)",
        },
      ),
    ),
    workplaces: IdMap(Demand, "workplace demand keyed by profile id"),
    profileShareGiB: Type.Optional(
      Size(
        "GiB provisioned for the profile share (FSLogix containers of session-host users) on the tenant's profile file servers; required with session-host users and at least their users × profileContainerGiB; raise it to grow the disks (a disk grows in place, never shrinks)",
      ),
    ),
    applications: IdMap(Application, "applications hosted for the tenant, keyed by id"),
  },
  { description: "one tenant; the file name is its id" },
);

export type TenantConfig = Static<typeof TenantSchema>;
