// The input report prices every catalogue input: the ones irvn counts from the configuration
// (workplaces, vCPU, memory, storage, segments, fibre links), and the ones it cannot count, stated
// with the service where a tenant takes it (functional-management hours, mobile subscriptions).
// A service without its stated quantity would be priced at nothing.
import type { Finding } from "../problems.ts";
import type { TenantConfig } from "../schema/index.ts";
import { type Rule, and, entries, finding } from "./context.ts";

type ServiceUse = TenantConfig["services"][string];

/** Catalogue inputs irvn counts from the configuration (stacks/documents/inputs.ts). */
export const COUNTED_INPUTS = ["workplace", "vcpu", "memory", "storage", "segment", "fibre-link"] as const;

/** Catalogue inputs stated per service use, by the key that states them. */
export const STATED_INPUTS = {
  hours: "hoursPerMonth",
  subscription: "subscriptions",
} as const satisfies Record<string, keyof ServiceUse>;

export const statedInputs: Rule = {
  id: "stated-inputs",
  phase: "shape-valid",
  independent: true,
  description:
    "catalogue inputs are ones the input report counts; a service priced on hours or subscriptions states them where a tenant takes it (hoursPerMonth, subscriptions), and only there",
  check: ({ config, files }) => {
    const out: Finding[] = [];
    const known = [...COUNTED_INPUTS, ...Object.keys(STATED_INPUTS)];
    for (const [input] of entries(config.catalog.inputs)) {
      if (!known.includes(input))
        out.push(
          finding(
            files.catalog,
            ["inputs", input],
            `the input report cannot count input "${input}" (it counts ${and(known.map((k) => `"${k}"`))}): remove it, and price the services on those`,
            true,
          ),
        );
    }
    for (const { id: tenant, config: t } of config.tenants) {
      for (const [service, use] of entries(t.services)) {
        const inputs = config.catalog.services[service]?.inputs;
        if (!inputs) continue;
        for (const [input, key] of entries(STATED_INPUTS)) {
          const priced = inputs.includes(input);
          if (priced && use[key] === undefined)
            out.push(
              finding(
                files.tenant(tenant),
                ["services", service],
                `service "${service}" is priced on input "${input}": state \`${key}\` for ${t.name}`,
                true,
              ),
            );
          if (!priced && use[key] !== undefined)
            out.push(
              finding(
                files.tenant(tenant),
                ["services", service, key],
                `service "${service}" is not priced on input "${input}" (catalog \`services.${service}.inputs\`): remove \`${key}\``,
                true,
              ),
            );
        }
      }
    }
    return out;
  },
};
