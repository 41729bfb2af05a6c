// Bundles the CLI into dist/ (`npm ci` runs it through the `prepare` script; `npm run build`).
// scripts/bin/irvn.js uses the bundle only while it is newer than every source.
import { join } from "node:path";
import { bundle } from "./bundle.ts";

const root = join(import.meta.dirname, "..");
await bundle(join(root, "scripts", "cli.ts"), join(root, "dist"));
