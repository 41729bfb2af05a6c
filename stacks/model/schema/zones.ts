// zones.yaml: the zone policy of the region. The security zones and their classification, the
// networks outside IRVN, the network services, and the flows allowed between them (everything
// else is denied); the security baselines the region has been under.
import { Type, type Static } from "@sinclair/typebox";
import { Classification, Closed, Formatted, IdList, IdMap, IsoDate, Ipv4Cidr, Text } from "./common.ts";

const Bbn = Closed(
  {
    level: Type.Integer({ minimum: 1, maximum: 3, description: "BBN 1, 2 or 3" }),
    reason: Text("why the zone still carries a BBN, such as a chain partner's standard that asks for one"),
  },
  {
    description:
      "a BIO1 basisbeveiligingsniveau stated for the zone, with why; BIO2 has none and classifies information processes instead, and BBN 3 is for information close to state secrets",
  },
);

const Zone = Closed({
  name: Text("zone name"),
  classification: Classification(
    "the highest classification of the information processes the zone may carry (BIO 8.22.01: every separated group has a defined security level); an application or workplace classified above it may not attach to it",
  ),
  untrusted: Type.Optional(
    Type.Boolean({
      description:
        "devices IRVN does not manage (guest Wi-Fi): the zone reaches external networks only, whatever a flow's reason; default false",
    }),
  ),
  bbn: Type.Optional(Bbn),
  description: Text("what lives in the zone"),
});

const Network = Closed({
  name: Text("network name"),
  registeredAddresses: Type.Optional(
    Ipv4Cidr(
      "the network accepts only registered public addresses (Diginetwerk): hosts reach it from segments with `publicAddressing` (catalog `segmentTypes`), translated (NAT) to this prefix",
    ),
  ),
  description: Text("what the network is"),
});

const Service = Closed({
  name: Text("service name"),
  ports: Type.Array(Formatted("port", "tcp/<port>, udp/<port>, a range tcp/<first>-<last>, or icmp"), {
    minItems: 1,
    maxItems: 100,
    uniqueItems: true,
    description: "protocols and ports",
  }),
});

const Flow = Closed({
  from: IdList("zones (or `networks`) that open the connections", 1),
  to: IdList("zones (or `networks`) they may reach", 1),
  services: IdList("services (in `services`) allowed", 1),
  description: Text("what the flow is for"),
  reason: Type.Optional(
    Text(
      "why a zone may open connections into a zone classified above it (on any aspect); required exactly then",
    ),
  ),
});

const Baseline = Closed({
  name: Text("name of the baseline"),
  since: IsoDate("date it took effect for municipalities"),
  description: Text("what it is"),
});

export const ZonesSchema = Closed(
  {
    zones: IdMap(Zone, "security zones keyed by id (BIO 8.22.01)", 1),
    networks: IdMap(Network, "networks outside IRVN that flows reach, keyed by id"),
    services: IdMap(Service, "network services keyed by id", 1),
    flows: IdMap(
      Flow,
      "allowed flows keyed by id: from each `from` to each `to`, the connections of the `services`; replies return on the same connection; anything not listed is denied",
    ),
    baselines: IdMap(
      Baseline,
      "the security baselines the region has been under, in date order; documents name the one in force at their point in time",
      1,
    ),
  },
  { description: "the zone policy: zones, outside networks, services, allowed flows, baselines" },
);

export type ZonesConfig = Static<typeof ZonesSchema>;
