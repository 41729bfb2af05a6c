// No credential reaches a report: by attribute name, inside values, and for variables and
// outputs marked sensitive. The fixture plants secrets; they must not survive any rendering.
import { describe, expect, it } from "vitest";
import { compareTrees } from "../../scripts/diff/compare.ts";
import { renderMarkdown } from "../../scripts/diff/markdown.ts";
import { MASK, maskChange, maskDeep } from "../../scripts/diff/sensitive.ts";
import { baseTree, block, changed, PLANTED_SECRETS } from "./fixture.ts";

const vars = (t: ReturnType<typeof baseTree>) =>
  t.stacks["workplace-druten"]!.variable as Record<string, Record<string, unknown>>;

describe("masking secrets", () => {
  it("masks values under secret-like names, at any depth", () => {
    expect(
      maskDeep({ user: "a", admin_password: "x", nested: [{ api_key: "k", ok: 1 }], vsphere_token: "t" }),
    ).toEqual({
      user: "a",
      admin_password: MASK,
      nested: [{ api_key: MASK, ok: 1 }],
      vsphere_token: MASK,
    });
    expect(
      maskChange({ path: "clone[0].customize[0].windows_options[0].admin_password", old: "a", new: "b" }),
    ).toEqual({
      path: "clone[0].customize[0].windows_options[0].admin_password",
      old: MASK,
      new: MASK,
    });
  });

  it("masks at, under and above paths known to be sensitive", () => {
    const paths = ["variable.site_code.default"];
    expect(maskChange({ path: "variable.site_code.default", old: "a", new: "b" }, paths)).toMatchObject({
      old: MASK,
      new: MASK,
    });
    expect(maskChange({ path: "variable.site_code", new: { default: "a", sensitive: true } }, paths)).toEqual(
      {
        path: "variable.site_code",
        new: { default: MASK, sensitive: true },
      },
    );
    expect(maskChange({ path: "variable", old: { site_code: { default: "a" } }, new: {} }, paths)).toEqual({
      path: "variable",
      old: { site_code: { default: MASK } },
      new: {},
    });
  });

  it("never lets a planted secret into the Markdown or JSON report, however it changes", () => {
    const head = changed((t) => {
      const fs = block(t, "workplace-druten", "vsphere_virtual_machine", "file_server");
      const clone = fs.clone as { customize: { windows_options: { admin_password: string }[] }[] }[];
      clone[0]!.customize[0]!.windows_options[0]!.admin_password = "Fixture-Geheim-2";
      vars(t).domain_join!.default = "Fixture-Token-2";
    });
    const removed = changed((t) => {
      delete t.stacks["workplace-druten"];
    });
    for (const [a, b] of [
      [baseTree(), head],
      [head, baseTree()],
      [baseTree(), removed],
      [removed, baseTree()],
    ] as const) {
      const r = compareTrees(a, b);
      expect(r.changed).toBe(true);
      const texts = [renderMarkdown(r), JSON.stringify(r)];
      for (const secret of [...PLANTED_SECRETS, "Fixture-Geheim-2", "Fixture-Token-2"]) {
        for (const text of texts) expect(text).not.toContain(secret);
      }
    }
    const r = compareTrees(baseTree(), head);
    expect(r.stacks[0]!.settings!.changes).toEqual([
      { path: "variable.domain_join.default", old: MASK, new: MASK },
    ]);
  });
});
