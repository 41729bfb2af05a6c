// The one place handlebars is set up: a private instance, templates compiled in strict mode
// (a missing field throws) without HTML escaping (the outputs are Markdown, CSV, Mermaid, YAML),
// and the helpers that check every value for what its format cannot carry.
import Handlebars from "handlebars";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPILE_OPTIONS, PRECOMPILED } from "./compiled.ts";

/** A value that would break the document it was going into; the model should have refused it. */
export class UnsafeValueError extends Error {
  constructor(format: string, value: string) {
    super(`refusing to put ${JSON.stringify(value)} into ${format}`);
    this.name = "UnsafeValueError";
  }
}

const hbs = Handlebars.create();

function text(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") throw new UnsafeValueError("a document", String(value));
  return value;
}

const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** A Markdown table cell or inline text: one line, no pipes, no HTML, no template openers. */
hbs.registerHelper("md", (value: unknown) => {
  const s = text(value);
  if (CONTROL.test(s) || /[|<>`]|\$\{|\{\{/.test(s)) throw new UnsafeValueError("Markdown", s);
  return s;
});

/** A CSV field (RFC 4180): quoted when it holds a comma or quote; never a line break. */
hbs.registerHelper("csv", (value: unknown) => {
  const s = text(value);
  if (CONTROL.test(s)) throw new UnsafeValueError("CSV", s);
  // a leading =, +, - or @ would be read as a formula by spreadsheet programs
  const guarded = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
});

/** A Mermaid node id from a key made of ids: "/" → "__", "-" → "_", so distinct keys stay distinct. */
hbs.registerHelper("mermaidId", (value: unknown) => {
  const s = text(value);
  if (!/^[a-z0-9/_-]+$/.test(s)) throw new UnsafeValueError("a Mermaid id", s);
  return s.replace(/\//g, "__").replace(/-/g, "_");
});

/** A Mermaid label inside ["…"]: no quotes, brackets or line breaks. */
hbs.registerHelper("mermaidLabel", (value: unknown) => {
  const s = text(value);
  if (CONTROL.test(s) || /["[\]{}<>|`#;]/.test(s)) throw new UnsafeValueError("a Mermaid label", s);
  return s;
});

/** An LDAP distinguished-name value (RFC 4514): its special characters escaped with a backslash. */
hbs.registerHelper("dn", (value: unknown) => {
  const s = text(value);
  if (CONTROL.test(s) || /\$\{|%\{/.test(s)) throw new UnsafeValueError("a distinguished name", s);
  return s.replace(/[,+"\\<>;=#]/g, (c) => `\\${c}`).replace(/^ | $/g, (c) => `\\${c}`);
});

/** A YAML scalar: written as a double-quoted JSON string, which YAML reads as the same text. */
hbs.registerHelper("yaml", (value: unknown) => {
  const s = text(value);
  if (CONTROL.test(s)) throw new UnsafeValueError("YAML", s);
  return JSON.stringify(s);
});

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Renders templates/<name>.hbs with the view; views carry data only, templates no logic. */
export function render(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    const spec = PRECOMPILED?.[name];
    template = spec
      ? hbs.template(spec)
      : hbs.compile(readFileSync(join(import.meta.dirname, `${name}.hbs`), "utf8"), COMPILE_OPTIONS);
    compiled.set(name, template);
  }
  return template(view);
}
