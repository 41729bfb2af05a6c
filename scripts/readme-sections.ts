// Generated parts of the README and its guides (GUIDES), between `<!-- generated:NAME -->` and
// `<!-- /generated:NAME -->`: the configuration reference (from the schemas), the help of every
// command, an error report of irvn validate (on a broken fixture), the rules and references
// validate checks (from their tables), an IP plan and the day-2 outcomes the tests recorded from
// terraform. `npm run
// gen:readme` rewrites them; test/readme.test.ts fails when they are stale.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type FileKind, FORMATS, PHASES, REFERENCES, RULES, TARGETS } from "../stacks/model/index.ts";
import { SCHEMAS } from "../stacks/model/schema/index.ts";

type Schema = Record<string, unknown>;

const FILES: Record<FileKind, string> = {
  region: "config/region.yaml",
  catalog: "config/catalog.yaml",
  zones: "config/zones.yaml",
  tenant: "config/municipalities/&lt;id&gt;.yaml",
  migration: "config/migration.yaml",
  "ipam-lock": "config/ipam.lock.yaml (written by `irvn ipam`)",
  inventory: "config/inventory/&lt;tenant&gt;.yaml (written by `irvn inventory`)",
};

function typeOf(s: Schema): string {
  if (typeof s.format === "string") {
    const short: Record<string, string> = {
      id: "id",
      "safe-text": "text",
      date: "date",
      "ipv4-cidr": "IPv4 prefix",
      "ipv6-cidr": "IPv6 prefix",
      "dns-name": "DNS name",
      "short-code": "code",
      "host-part": "host name part",
      "guest-id": "guest OS id",
      "time-zone": "time zone",
      "relative-path": "relative path",
      "https-url": "https URL",
      "lock-key": "key",
      "mac-address": "MAC address",
      "ipv4-address": "IPv4 address",
      "device-address": "device address",
      port: "port",
    };
    return FORMATS[s.format] ? (short[s.format] ?? s.format) : String(s.format);
  }
  if (Array.isArray(s.enum)) return (s.enum as string[]).map((v) => `\`${v}\``).join(" \\| ");
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  if (s.type === "integer" || s.type === "number") {
    const range =
      s.minimum !== undefined && s.maximum !== undefined
        ? ` ${s.minimum}–${s.maximum}`
        : s.minimum !== undefined
          ? ` ≥ ${s.minimum}`
          : "";
    return `${s.type}${range}`;
  }
  if (s.type === "array") return `list of ${typeOf(s.items as Schema)}`;
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object")
    return (s.propertyNames as Schema | undefined)?.format === "safe-text" ? "map by name" : "map by id";
  return String(s.type ?? "object");
}

function rows(schema: Schema, path: string, required: boolean, out: string[], self = true): void {
  const description = typeof schema.description === "string" ? schema.description : "";
  if (path && self)
    out.push(
      `| \`${path}\` | ${typeOf(schema)} | ${required ? "yes" : ""} | ${description.replace(/\|/g, "\\|")} |`,
    );
  if (Array.isArray(schema.oneOf)) {
    for (const branch of schema.oneOf as Schema[]) {
      const tag = ((branch.properties as Schema).type as Schema).const as string;
      rows({ ...branch, description: `when \`type: ${tag}\`` }, `${path}(${tag})`, false, out);
    }
    return;
  }
  if (schema.type === "object" && schema.properties) {
    const req = new Set((schema.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries(schema.properties as Record<string, Schema>)) {
      if (path.endsWith(")") && key === "type") continue;
      rows(child, path ? `${path}.${key}` : key, req.has(key), out);
    }
  } else if (schema.type === "object" && typeof schema.additionalProperties === "object") {
    // the entries of a map by id: their keys are listed, the entry itself says nothing new
    const key = (schema.propertyNames as Schema | undefined)?.format === "safe-text" ? "<name>" : "<id>";
    rows(schema.additionalProperties as Schema, `${path}.${key}`, false, out, false);
  } else if (schema.type === "array" && (schema.items as Schema).type === "object") {
    rows(schema.items as Schema, `${path}[]`, false, out, false);
  }
}

function configReference(): string {
  const parts: string[] = [];
  for (const kind of [
    "region",
    "catalog",
    "zones",
    "tenant",
    "migration",
    "ipam-lock",
    "inventory",
  ] as FileKind[]) {
    const schema = JSON.parse(JSON.stringify(SCHEMAS[kind].schema)) as Schema;
    const out: string[] = [];
    rows(schema, "", true, out);
    parts.push(
      `### ${FILES[kind]}\n\n${schema.description as string}. Schema: \`config/schema/${SCHEMAS[kind].file}\`.\n\n| Key | Type | Required | Meaning |\n|---|---|---|---|\n${out.join("\n")}\n`,
    );
  }
  return parts.join("\n");
}

/** `irvn --help` and each command's `--help`, as the CLI prints them. */
async function cliReference(): Promise<string> {
  const { COMMAND_NAMES, main, usage } = await import("./cli.ts");
  const commands = COMMAND_NAMES;
  const parts = [`\`\`\`text\n$ npx irvn --help\n${usage()}\n\`\`\``];
  for (const name of commands) {
    let text = "";
    const io = {
      cwd: process.cwd(),
      env: {},
      stdout: (t: string) => void (text += t),
      stderr: (t: string) => void (text += t),
    };
    await main([name, "--help"], io);
    parts.push(`\`\`\`text\n$ npx irvn ${name} --help\n${text.trimEnd()}\n\`\`\``);
  }
  return parts.join("\n\n") + "\n";
}

const MARK = (name: string) => [`<!-- generated:${name} -->\n`, `<!-- /generated:${name} -->`] as const;

/** The README and the guides it links, each for its readers; generated sections live in them. */
export const GUIDES = ["README.md", "config/schema/README.md", "scripts/README.md"] as const;

/**
 * Each guide's text with the generated sections it holds replaced; throws when a section is in no
 * guide or in two, or a marker has no partner.
 */
export function fillGuides(
  texts: Readonly<Record<string, string>>,
  sections: Record<string, string>,
): Record<string, string> {
  const out = { ...texts };
  for (const [name, body] of Object.entries(sections)) {
    const [open, close] = MARK(name);
    const holders = Object.keys(out).filter((file) => out[file]!.includes(open));
    if (holders.length !== 1)
      throw new Error(`the generated section "${name}" must be in one guide, not ${holders.length}`);
    const file = holders[0]!;
    const text = out[file]!;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (end < start) throw new Error(`${file} lacks the closing marker of the generated section "${name}"`);
    out[file] = text.slice(0, start + open.length) + body + text.slice(end);
  }
  return out;
}

/** The two tables of one tenant's IP plan (port groups, site subnets), as synth renders them. */
async function ipPlanExample(tenant: string): Promise<string> {
  const { loadModel } = await import("../stacks/model/index.ts");
  const { networkDocuments } = await import("../stacks/documents/network.ts");
  const loaded = loadModel(join(import.meta.dirname, "..", "config"));
  if (!loaded.ok) throw new Error("the reference configuration is invalid: run `npx irvn validate`");
  const plan = networkDocuments(loaded.model).find(
    (f) => f.path === `docs/network/${tenant}/ip-plan.md`,
  )!.text;
  const table = (start: string, end: string) => plan.slice(plan.indexOf(start), plan.indexOf(end));
  return (
    table("| Segment |", "\n\n## Subnets at the sites") +
    "\n\nSubnets at the sites (for the physical network, no port group):\n\n" +
    table("| Site |", "\n\n## Fibre links") +
    "\n"
  );
}

/** A table the day-2 tests recorded from real terraform (test/day2/__snapshots__/<name>.md). */
function day2Table(name: string): string {
  return readFileSync(join(import.meta.dirname, "..", "test", "day2", "__snapshots__", `${name}.md`), "utf8");
}

/** `irvn validate` on the broken configuration the README shows (test/fixtures/broken/readme-errors). */
async function errorsExample(): Promise<string> {
  const { materialise, validateCopy } = await import("../test/helpers/config-copy.ts");
  const { problemReport } = await import("./report.ts");
  const copy = materialise("readme-errors");
  try {
    return `\`\`\`text\n$ npx irvn validate\n${problemReport(validateCopy(copy).problems)}\`\`\`\n`;
  } finally {
    copy.remove();
  }
}

/** Validate's rules by phase, and every reference by name with what it must name (the tables). */
function rulesReference(): string {
  const phases = (Object.keys(PHASES) as (keyof typeof PHASES)[]).map((phase) => {
    const rules = RULES.filter((r) => r.phase === phase).map(
      (r) => `- \`${r.id}\`${r.independent ? " (independent)" : ""}: ${r.description}`,
    );
    return `${PHASES[phase][0]!.toUpperCase()}${PHASES[phase].slice(1)}:\n\n${rules.join("\n")}\n`;
  });
  const file = {
    region: "region",
    catalog: "catalog",
    zones: "zones",
    migration: "migration",
    tenant: "municipalities/<id>",
  };
  const rows = REFERENCES.map((r) => {
    const key = r.at.replace(/\*/g, "<id>").replace(/<key>$/, "<id>");
    const name = r.at.endsWith("<key>") ? "each id" : r.at.endsWith("[]") ? "each item" : "the value";
    return `| \`${file[r.in]}.yaml\` | \`${key}\` | ${name} | ${TARGETS[r.names].what} |`;
  });
  return `${phases.join("\n")}\nThe references by name (\`references\`):\n\n| File | Key | Name | Must be one of |\n|---|---|---|---|\n${rows.join("\n")}\n`;
}

export async function readmeSections(): Promise<Record<string, string>> {
  return {
    rules: rulesReference(),
    "errors-example": await errorsExample(),
    cli: await cliReference(),
    "config-reference": configReference(),
    "ip-plan-druten": await ipPlanExample("druten"),
    "day2-operations": day2Table("day2-operations"),
    "day2-waves": day2Table("migration-waves"),
  };
}
