// Messages on a bad day (issue 13, item 8): each says what happened and what to do.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { type Checkout, checkout } from "./helpers.ts";

let c: Checkout;
beforeEach(() => (c = checkout()));
afterEach(() => c.remove());

describe("messages", () => {
  it("a file saved with CR-only line endings is named as such, not as empty", async () => {
    const druten = join(c.config, "municipalities", "druten.yaml");
    writeFileSync(druten, c.git("show", "HEAD:config/municipalities/druten.yaml").replaceAll("\n", "\r"));
    const r = await runCli(["validate"], c.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^config\/municipalities\/druten\.yaml:1:\d+ {2}line break with a lone CR \(carriage return, as old Mac editors save\): save the file with LF or CRLF line endings$/m,
    );
    expect(r.stderr).not.toContain("empty");
  });
});
