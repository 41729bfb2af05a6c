// Generated files the project commits, each with how to generate it: `irvn diff --check` fails
// in CI when one is out of date with the configuration.
import { join, relative } from "node:path";
import { planLock, renderLock } from "../stacks/model/index.ts";
import type { Artefact } from "./diff/artefacts-check.ts";
import { lockPlanReport } from "./report.ts";

export const ARTEFACTS: readonly Artefact[] = [
  {
    path: "config/ipam.lock.yaml",
    generate: async (configDir, cwd) => {
      const planned = planLock(join(cwd, configDir), cwd);
      if (!planned.ok)
        throw new Error(
          `cannot allocate for ${relative(cwd, join(cwd, configDir))}:\n${lockPlanReport(planned)}`,
        );
      return renderLock(planned.result.lock);
    },
  },
];
