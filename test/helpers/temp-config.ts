// A private copy of the reference configuration in a temporary directory, to edit in a test.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

export interface TempConfig {
  /** The temporary directory; the configuration is in `<root>/config`. */
  readonly root: string;
  readonly config: string;
  /** Replaces text in a configuration file (path relative to config/); fails if `from` is absent. */
  edit(file: string, from: string | RegExp, to: string): void;
  read(file: string): string;
  write(file: string, text: string): void;
  remove(): void;
}

export function tempConfig(prefix = "irvn-config-"): TempConfig {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const config = join(root, "config");
  cpSync(join(ROOT, "config"), config, { recursive: true });
  const read = (file: string) => readFileSync(join(config, file), "utf8");
  const write = (file: string, text: string) => writeFileSync(join(config, file), text);
  return {
    root,
    config,
    read,
    write,
    edit(file, from, to) {
      const before = read(file);
      const after = before.replace(from, to);
      if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
      write(file, after);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
