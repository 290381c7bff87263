import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Test files share their worker's modules (and so its test database, test/support/database.ts): each file
    // resets the data it uses. Importing the app's modules again for every file was a sixth of CI's time
    // (5 minutes a suite: grammY, drizzle, PGlite, Fastify, ECharts for each of 126 files).
    isolate: false,
    globalSetup: ["test/global-setup.ts"],
  },
});
