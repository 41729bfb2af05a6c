// migration.yaml: the waves, in date order, and what each moves.
import { Type, type Static } from "@sinclair/typebox";
import { Closed, Enum, IdMap, IsoDate, Text } from "./common.ts";

import { COMPONENTS, STAGES } from "./values.ts";

export { COMPONENTS, STAGES };

const Stage = (component: string) => Type.Optional(Enum(STAGES, `stage the ${component} reach in this wave`));

const Move = Closed({
  network: Stage("network"),
  servers: Stage("servers and data centre"),
  workplaces: Stage("workplaces"),
  applications: Stage("applications"),
});

const Wave = Closed({
  date: IsoDate("date the wave takes effect"),
  name: Text("what the wave is"),
  moves: IdMap(Move, "per tenant id, the stage each component reaches"),
});

export const MigrationSchema = Closed(
  {
    waves: IdMap(Wave, "waves keyed by id, in date order", 1),
  },
  { description: "the migration waves" },
);

export type MigrationConfig = Static<typeof MigrationSchema>;
