#!/usr/bin/env node
// `npx hamyar …`: the admin CLI. Hamyar runs TypeScript through tsx (no build step), so this entry
// registers tsx's loader and hands over to cli/entry.ts.
import { register } from "tsx/esm/api";

register();
const { run } = await import("./entry.ts");
process.exitCode = await run(process.argv.slice(2));
