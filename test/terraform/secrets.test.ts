// Masking credentials in what irvn prints: from the environment, from the plan's sensitive
// marks, and passwords inside URLs.
import { describe, expect, it } from "vitest";
import type { PlanJson } from "../../scripts/terraform/plan-json.ts";
import { planSecrets, secretMask } from "../../scripts/terraform/secrets.ts";

describe("secretMask", () => {
  it("masks secret-looking environment variables, longest first, and URL passwords", () => {
    const mask = secretMask({
      TF_VAR_vsphere_password: "hunter2-long",
      TF_HTTP_PASSWORD: "glpat-abcdef",
      AWS_SECRET_ACCESS_KEY: "hunter2-long-and-longer",
      TF_VAR_vsphere_user: "administrator",
      PIN_TOKEN: "abc",
      FEATURE_TOKEN_REFRESH: "true",
    });
    expect(
      mask("pw=hunter2-long key=hunter2-long-and-longer token=glpat-abcdef user=administrator abc"),
    ).toBe("pw=*** key=*** token=*** user=administrator abc");
    expect(mask('dial "postgres://irvn:s3cret@db.example:5432/state" failed')).toBe(
      'dial "postgres://irvn:***@db.example:5432/state" failed',
    );
  });

  it("masks the string values a plan marks sensitive, however deep", () => {
    const plan: PlanJson = {
      format_version: "1.2",
      variables: { vsphere_password: { value: "from-variable" }, datacenter: { value: "irvn-dc" } },
      configuration: { root_module: { variables: { vsphere_password: { sensitive: true } } } },
      resource_changes: [
        {
          address: "x.y",
          mode: "managed",
          type: "x",
          name: "y",
          change: {
            actions: ["update"],
            before: { nested: [{ key: "old-secret-value" }, { key: "visible" }], plain: "plain-value" },
            after: { nested: [{ key: "new-secret-value" }, { key: "visible" }], plain: "plain-value" },
            before_sensitive: { nested: [{ key: true }, {}] },
            after_sensitive: { nested: [{ key: true }, {}] },
          },
        },
      ],
      output_changes: { token: { actions: ["create"], after: "output-secret", after_sensitive: true } },
    };
    expect(planSecrets(plan).sort()).toEqual([
      "from-variable",
      "new-secret-value",
      "old-secret-value",
      "output-secret",
    ]);
    expect(secretMask({}, planSecrets(plan))('output = "old-secret-value" plain-value irvn-dc')).toBe(
      'output = "***" plain-value irvn-dc',
    );
  });
});
