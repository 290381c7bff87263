import type { ApiKeyCache } from "../../core/api-keys.ts";
import type { CatalogCache } from "../../core/catalog.ts";
import type { Db } from "../../db/client.ts";
import type { PlatformFiles } from "../../bot/platform-files.ts";
import type { RateLimits } from "./rate-limits.ts";

/** What the HTTP API routes (API v1, Open311) need; passed in by buildApp. */
export interface ApiDeps {
  db: Db;
  catalogCache: CatalogCache;
  /** API v1's memory of valid keys; shared with the admin endpoint, which clears it after a CLI command. */
  apiKeyCache?: ApiKeyCache;
  holidays: ReadonlySet<string>;
  allowPrivateWebhooks: boolean;
  /** Absent when no chat platform is connected (attachments then answer 503). */
  files?: PlatformFiles;
  /** Per-key and per-address request budgets (shared by API v1 and Open311: a key has one budget). */
  rateLimits: RateLimits;
}
