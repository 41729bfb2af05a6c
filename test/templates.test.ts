// The template helpers refuse what their format cannot carry and escape what it can.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { render, UnsafeValueError } from "../templates/render.ts";

// Renders a one-off template through the real helpers: templates/ holds the .hbs files.
function through(helper: string, value: unknown): string {
  const dir = mkdtempSync(join(import.meta.dirname, "..", "templates", ".test-"));
  try {
    writeFileSync(join(dir, "t.hbs"), `{{${helper} value}}`);
    return render(`${dir.split("/").at(-1)}/t`, { value });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("template helpers", () => {
  it.each([
    ["md", "a | b"],
    ["md", "line\nbreak"],
    ["md", "${var.x}"],
    ["md", "<script>"],
    ["csv", "line\nbreak"],
    ["mermaidLabel", 'say "hi"'],
    ["mermaidLabel", "a]b"],
    ["mermaidId", "Not An Id"],
    ["dn", "${var.password}"],
    ["dn", "%{ if true }"],
    ["yaml", "a\u0000b"],
    ["dn", "x\ny"],
  ])("%s refuses %j", (helper, value) => {
    expect(() => through(helper, value)).toThrow(UnsafeValueError);
  });

  it("escapes what the format can carry", () => {
    expect(through("csv", 'Berg, "Dal"')).toBe('"Berg, ""Dal"""');
    expect(through("csv", "=HYPERLINK()")).toBe("'=HYPERLINK()");
    expect(through("dn", "Berg, en Dal+1")).toBe("Berg\\, en Dal\\+1");
    expect(through("yaml", 'he said: "x"')).toBe('"he said: \\"x\\""');
    expect(through("mermaidId", "berg-en-dal/groesbeek")).toBe("berg_en_dal__groesbeek");
  });

  it("fails on a missing field: strict mode for plain fields, the helpers for their arguments", () => {
    const dir = mkdtempSync(join(import.meta.dirname, "..", "templates", ".test-"));
    try {
      writeFileSync(join(dir, "plain.hbs"), "{{missing}}");
      writeFileSync(join(dir, "helper.hbs"), "{{md missing}}");
      const name = dir.split("/").at(-1)!;
      expect(() => render(`${name}/plain`, {})).toThrow(/"missing" not defined/);
      expect(() => render(`${name}/helper`, {})).toThrow(UnsafeValueError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
