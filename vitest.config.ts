import { defineConfig } from "vitest/config";

// Two projects, one run. Unit and flow tests share their worker's modules (isolate: false, and so its test
// database, test/support/database.ts; each file resets the data it uses): importing grammY, drizzle,
// PGlite, Fastify and ECharts again for each of a hundred files was five minutes of each CI suite. The
// end-to-end tests keep a process per file: they start servers, senders and child processes, and some time
// what they see, so nothing another file left running may share their process.
const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: "forks" as const,
  globalSetup: ["test/global-setup.ts"],
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/e2e/**"], isolate: false } },
      { test: { ...shared, name: "e2e", include: ["test/e2e/**/*.test.ts"], isolate: true } },
    ],
  },
});
