// Templates compiled ahead of time. In the bundle (scripts/bundle.ts) this module holds every
// templates/**/*.hbs precompiled with COMPILE_OPTIONS: compiling them at run time took a tenth of
// a second of every synth. Run from the sources it holds none, and render.ts compiles each
// template from its file on first use.

/** Strict (a missing field throws), no HTML escaping (the outputs are Markdown, CSV, Mermaid, YAML). */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

/** By name (`network/ip-plan`); the bundle replaces `undefined` with the table. */
export const PRECOMPILED: Readonly<Record<string, TemplateSpecification>> | undefined = undefined;
