#!/usr/bin/env node
// `npx hamyar …`: the admin CLI. Hamyar runs TypeScript through tsx (no build step), so this entry
// registers tsx's loader and hands over to cli/main.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
