// Editors ignore our custom formats but check a `pattern`: every format carries one (in the
// schemas config/schema/*.json that yaml-language-server reads through the files' modelines), and
// the pattern agrees with the format's check: it never refuses what irvn accepts, and it refuses
// what the issue found editors let through (a non-id key, 192.168.1.0/33, `${x}` in a name).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../../stacks/model/formats.ts";
import { SCHEMAS } from "../../stacks/model/schema/index.ts";
import { ROOT } from "../helpers/cli.ts";

const pattern = (format: string) => new RegExp(FORMATS[format]!.pattern, "u");

/** Per format: values irvn accepts, values the pattern refuses, values only irvn's check refuses. */
const CASES: Record<string, { good: string[]; bad: string[]; checkOnly?: string[] }> = {
  id: {
    good: ["druten", "berg-en-dal", "a1", "x".repeat(40)],
    bad: ["Gemeente_Huis", "1abc", "a--b", "-a", "a-", "", "x".repeat(41), "constructor", "prototype"],
  },
  "lock-key": {
    good: [
      "druten",
      "druten/voip",
      "facilities/backup",
      "nijmegen/transit-stadhuis",
      "nijmegen/workplace@stadswinkel",
    ],
    bad: [
      "druten/",
      "/voip",
      "a/b/c",
      "Druten/voip",
      "druten@site",
      "a/b@c@d",
      `${"a".repeat(41)}/${"b".repeat(40)}@${"c".repeat(41)}`,
    ],
  },
  "host-part": { good: ["ws", "app1", "abcde"], bad: ["abcdef", "1a", "A", ""] },
  "guest-id": {
    good: ["windows2019srvNext_64Guest", "otherGuest", "rhel9_64Guest"],
    bad: ["Windows", "w", "win 10", "x".repeat(65)],
  },
  "short-code": { good: ["nm", "wch", "bend"], bad: ["n", "WCH", "abcde", "w1"] },
  "safe-text": {
    good: ["Mook en Middelaar", "'s-Hertogenbosch", "Mariënburg", "Druten & Afferden", "x".repeat(200)],
    bad: [
      "${x}",
      "a %{ if } b",
      "{{name}}",
      'Druten "oost"',
      "a\\b",
      "a`b",
      "<b>",
      "a|b",
      "Druten\nAfferden",
      "Dru\u200bten",
      "Druten\u202eetrud",
      " Druten",
      "Druten ",
      "Druten\u00a0",
      "",
      "x".repeat(201),
    ],
  },
  date: {
    good: ["2015-10-01", "2016-02-29", "2024-12-31"],
    bad: ["2015-13-01", "2015-10-32", "2015-1-1", "15-10-01", "2015-10-01T00:00"],
    checkOnly: ["2016-02-30", "2015-02-29", "2015-04-31"],
  },
  "ipv4-cidr": {
    good: ["10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "10.200.196.0/23", "192.168.1.1/32"],
    bad: ["192.168.1.0/33", "256.0.0.0/8", "10.0.0.0", "10.0.0/8", "2a07:3502::/33", "10.0.0.0/08"],
    checkOnly: ["192.168.1.1/24", "10.1.0.0/8"],
  },
  "ipv6-cidr": {
    good: ["2a07:3502::/33", "2a07:3502:1a4:3000::/64", "::/0", "2A07:3502::/33"],
    bad: ["2a07:3502::/129", "10.0.0.0/8", "2a07:3502::", "2a07:zz::/33", "2a07:3502::/033"],
    checkOnly: ["2a07:3502::1/64", "2a07:::/33"],
  },
  "dns-name": {
    good: ["irvn.local", "vcenter.irvn.local", "a", "a-b.c"],
    bad: ["Irvn.local", "-a.b", "a-.b", "a..b", "a_b", `${"a".repeat(63)}.${"b".repeat(190)}`],
  },
  "time-zone": {
    // canonical zones, and aliases the canonical list lacks (UTC, Asia/Calcutta)
    good: ["Europe/Amsterdam", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT", "Asia/Calcutta"],
    bad: ["Europe Amsterdam", "Europe/", "+01:00", ""],
    checkOnly: ["Europe/Amsterdm"],
  },
  "relative-path": {
    good: ["state", "state/irvn", "a.b/c_d-e"],
    bad: ["/state", "../state", "state/..", "./state", "a//b", "a b", ".hidden"],
  },
  "https-url": {
    good: ["https://gitlab.irvn.local/api/v4/projects/12/terraform/state", "https://s3.irvn.local:9000"],
    bad: ["http://x.local", "https://x.local/${x}", "https://x.local/a b", 'https://x/"', "ftp://x"],
    checkOnly: ["https://user:pw@x.local", "https://x.local/?a=1"],
  },
  "mac-address": {
    good: ["00:50:56:01:02:03"],
    bad: ["00:50:56:01:02", "00-50-56-01-02-03", "00:50:56:0A:02:03"],
  },
  "ipv4-address": {
    good: ["10.1.20.11", "0.0.0.0", "255.255.255.255"],
    bad: ["10.1.20", "256.1.1.1", "010.1.1.1", "10.1.20.11/32"],
  },
  port: {
    good: ["tcp/443", "udp/10000-20000", "icmp", "tcp/65535", "tcp/1"],
    bad: ["tcp/0", "tcp/65536", "http/80", "tcp/443-", "udp/1-2-3", "TCP/443", "tcp/080", "icmp/1"],
    checkOnly: ["udp/20000-10000", "tcp/80-80"],
  },
  "device-address": {
    good: ["scsi:0:1", "sata:1:29", "nvme:3:255"],
    bad: ["scsi:10:1", "usb:0:1", "scsi:0"],
  },
};

describe("format patterns", () => {
  it("every format has cases here", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(FORMATS).sort());
  });

  for (const [format, { good, bad, checkOnly = [] }] of Object.entries(CASES)) {
    describe(format, () => {
      it("compiles as an ECMAScript pattern with the u flag (what ajv and editors use)", () => {
        expect(() => pattern(format)).not.toThrow();
      });
      it.each(good)("accepts %j, as irvn does", (v) => {
        expect(FORMATS[format]!.check(v)).toBe(true);
        expect(pattern(format).test(v)).toBe(true);
      });
      it.each(bad)("refuses %j, as irvn does", (v) => {
        expect(FORMATS[format]!.check(v)).toBe(false);
        expect(pattern(format).test(v)).toBe(false);
      });
      if (checkOnly.length > 0) {
        it.each(checkOnly)("leaves %j to irvn's check (a pattern cannot say it)", (v) => {
          expect(FORMATS[format]!.check(v)).toBe(false);
          expect(pattern(format).test(v)).toBe(true);
        });
      }
    });
  }

  // Strings near each format (its good values mutated character by character): whatever the
  // check accepts, the pattern accepts too, so an editor never flags a valid configuration.
  it("never refuses what the check accepts", () => {
    const alphabet = [..."abcdefzABZ019.:/-_+ ${}%\"'\\`<>|\n\u00a0\u200bé"];
    for (const [format, { good }] of Object.entries(CASES)) {
      const re = pattern(format);
      const check = FORMATS[format]!.check;
      fc.assert(
        fc.property(
          fc.constantFrom(...good),
          fc.array(
            fc.tuple(fc.nat(), fc.constantFrom(...alphabet), fc.constantFrom("insert", "replace", "delete")),
            { maxLength: 4 },
          ),
          (start, edits) => {
            let v = start;
            for (const [at, c, kind] of edits) {
              const i = v.length === 0 ? 0 : at % v.length;
              v =
                kind === "insert"
                  ? v.slice(0, i) + c + v.slice(i)
                  : kind === "replace"
                    ? v.slice(0, i) + c + v.slice(i + 1)
                    : v.slice(0, i) + v.slice(i + 1);
            }
            if (check(v)) expect(re.test(v), `${format}: ${JSON.stringify(v)}`).toBe(true);
          },
        ),
        { numRuns: 2000, seed: 15 },
      );
    }
  });
});

describe("the schemas editors read (config/schema/*.json)", () => {
  const documents = Object.values(SCHEMAS).map((s) => ({
    file: s.file,
    doc: JSON.parse(readFileSync(join(ROOT, "config", "schema", s.file), "utf8")) as unknown,
  }));

  it("carry each format's pattern and the sentence to show beside every format", () => {
    const missing: string[] = [];
    let formats = 0;
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== "object") return;
      const n = node as Record<string, unknown>;
      if (typeof n.format === "string") {
        formats++;
        const f = FORMATS[n.format];
        if (!f || n.pattern !== f.pattern || n.patternErrorMessage !== `must be ${f.expected}`)
          missing.push(`${path} (${n.format})`);
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
    };
    for (const { file, doc } of documents) walk(doc, file);
    expect(missing).toEqual([]);
    expect(formats).toBeGreaterThan(50);
  });

  // An editor's view: the JSON Schema alone, custom formats unknown (so ignored), patterns checked.
  it("flag a non-id key, 192.168.1.0/33 and ${x} in a name without knowing the formats", () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const tenantSchema = documents.find((d) => d.file === "tenant.schema.json")!.doc as object;
    const validate = ajv.compile(tenantSchema);
    const druten = readFileSync(join(ROOT, "config", "municipalities", "druten.yaml"), "utf8");
    expect(validate(parse(druten)), JSON.stringify(validate.errors)).toBe(true);

    const broken = druten
      .replace("name: Druten\n", "name: Druten ${x}\n")
      .replace("      cidr: 192.168.1.0/24\n", "      cidr: 192.168.1.0/33\n")
      .replace("sites:\n  gemeentehuis:\n", "sites:\n  Gemeente_Huis:\n");
    expect(validate(parse(broken))).toBe(false);
    const flagged = (validate.errors ?? [])
      .filter((e) => e.keyword === "pattern")
      .map((e) => `${e.instancePath}${e.propertyName === undefined ? "" : ` key ${e.propertyName}`}`);
    expect(flagged.sort()).toEqual(["/legacy/subnets/servers/cidr", "/name", "/sites key Gemeente_Huis"]);
  });
});
