import { defineConfig } from "drizzle-kit";

// One migration folder for PGlite and PostgreSQL; `npm run db:generate` after editing db/schema.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
