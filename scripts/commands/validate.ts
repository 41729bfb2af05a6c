// `irvn validate`: shape and meaning of the configuration, every problem at once, and the
// headroom of each cluster when all is well.
import { resolve } from "node:path";
import { grouped, loadModel, RESOURCES, UNITS } from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { type Command, EXIT } from "../io.ts";
import { problemReport } from "../report.ts";

const HELP = `usage: irvn validate [--config DIR]

Checks every file in the configuration directory (default: config): YAML syntax, the schema
(unknown keys, types, formats), references, dates, BIO rules, the zone policy and the BIO
classification of workplaces and applications, and cluster capacity with the HA reserve failed.
Prints every problem as file:line:col  /pointer  message.

Exit codes: 0 valid, 1 invalid, 2 usage error.
`;

export const validate: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    config: { type: "string", default: "config" },
    help: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const loaded = loadModel(resolve(io.cwd, values.config), io.cwd);
  if (!loaded.ok) {
    io.stderr(problemReport(loaded.problems));
    return EXIT.invalid;
  }
  const { model } = loaded;
  io.stdout(
    `${values.config}: valid (${model.allTenants.length} tenants)\n\nheadroom with the HA reserve failed:\n`,
  );
  for (const load of model.clusterLoads) {
    const parts = RESOURCES.map((r) => {
      const free = load.capacity[r] - load.demand[r];
      const pct = load.capacity[r] === 0 ? 0 : Math.round((100 * free) / load.capacity[r]);
      return `${grouped(free)} ${UNITS[r]} (${pct}%)`;
    });
    io.stdout(`  ${load.cluster.padEnd(12)} ${parts.join(", ")}\n`);
  }
  return EXIT.ok;
};
