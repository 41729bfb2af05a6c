// Loaded with `node --import` by the hostile-size tests, never by irvn itself: on exit, writes the
// process's peak resident memory in kilobytes to the file IRVN_TEST_PEAK names.
import { writeFileSync } from "node:fs";

process.on("exit", () => writeFileSync(process.env.IRVN_TEST_PEAK, String(process.resourceUsage().maxRSS)));
