import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { users } from "../db/schema.ts";

export type User = typeof users.$inferSelect;

export interface PlatformUser {
  platform: string;
  platformUserId: number;
  firstName?: string;
  username?: string;
  languageCode?: string;
}

/** Creates or refreshes the user behind an update in one round trip; a user who writes to us has unblocked the bot. */
export async function upsertUser(db: Db, u: PlatformUser): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({
      platform: u.platform,
      platformUserId: u.platformUserId,
      firstName: u.firstName ?? null,
      username: u.username ?? null,
      // New users get English only when their app is in English; Persian is the default.
      language: u.languageCode?.startsWith("en") ? "en" : "fa",
    })
    .onConflictDoUpdate({
      target: [users.platform, users.platformUserId],
      set: { firstName: sql`excluded.first_name`, username: sql`excluded.username`, blocked: false, updatedAt: sql`now()` },
    })
    .returning();
  return row;
}

export async function setUserLanguage(db: Db, userId: number, language: "fa" | "en"): Promise<void> {
  await db.update(users).set({ language, updatedAt: new Date() }).where(eq(users.id, userId));
}

export async function markUserBlocked(db: Db, platform: string, platformUserId: number, blocked: boolean): Promise<void> {
  await db
    .update(users)
    .set({ blocked, updatedAt: new Date() })
    .where(sql`${users.platform} = ${platform} and ${users.platformUserId} = ${platformUserId}`);
}

/** Remembers the phone number the user shared through the platform's contact button (verified as theirs). */
export async function setVerifiedPhone(db: Db, userId: number, phone: string): Promise<void> {
  await db.update(users).set({ phone, phoneVerified: true, updatedAt: new Date() }).where(eq(users.id, userId));
}
