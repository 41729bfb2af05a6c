import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { CHECKPOINT_DISABLE: "1" },
    // GitHub's workflow parser imports its JSON schema without an import attribute, which Node
    // refuses; transformed by Vite instead of loaded by Node, it works
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
