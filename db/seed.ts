import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { agencies, agencyTopics, counties, faqs, provinces } from "./schema.ts";
import { provinces as provinceSeeds } from "./seed/regions.ts";
import { agencies as nationalAgencySeeds } from "./seed/agencies.ts";
import { localAgencies } from "./seed/local-agencies.ts";
import { seedUnitsAndAliases } from "./seed-units.ts";
import { faqs as faqSeeds, STAFF_FAQ_SORT_FROM, staffFaqs } from "./seed/faq.ts";

/**
 * Inserts the reference data (regions, starter agencies and topics, FAQ) that is missing.
 * Existing rows are left alone so that admins' edits survive a restart.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  const agencySeeds = [...nationalAgencySeeds, ...localAgencies];
  await db.transaction(async (tx) => {
    await tx
      .insert(provinces)
      .values(provinceSeeds.map((p) => ({ code: p.code, nameFa: p.fa, nameEn: p.en })))
      .onConflictDoNothing();
    const provinceIds = new Map((await tx.select({ id: provinces.id, code: provinces.code }).from(provinces)).map((p) => [p.code, p.id]));
    await tx
      .insert(counties)
      .values(provinceSeeds.flatMap((p) => p.counties.map((c) => ({ provinceId: provinceIds.get(p.code)!, nameFa: c.fa, nameEn: c.en }))))
      .onConflictDoNothing();

    await tx
      .insert(agencies)
      .values(agencySeeds.map((a) => ({ code: a.code, nameFa: a.fa, nameEn: a.en, slaDays: a.slaDays, serviceDesk: a.serviceDesk })))
      .onConflictDoNothing();
    const agencyIds = new Map((await tx.select({ id: agencies.id, code: agencies.code }).from(agencies)).map((a) => [a.code, a.id]));
    const topicRows = agencySeeds.flatMap((a) => a.topics.map((t) => ({ agencyId: agencyIds.get(a.code)!, code: t.code, nameFa: t.fa, nameEn: t.en })));
    if (topicRows.length > 0) await tx.insert(agencyTopics).values(topicRows).onConflictDoNothing();
    await seedUnitsAndAliases(tx, provinceIds, agencyIds);

    await tx
      .insert(faqs)
      .values(faqSeeds.map((f) => ({ key: f.key, questionFa: f.questionFa, answerFa: f.answerFa, questionEn: f.questionEn, answerEn: f.answerEn, sortOrder: f.sortOrder })))
      .onConflictDoNothing();
    // A database seeded before the civil servants' questions had their own part moves them there once;
    // an order an admin has set since (already in that part) is left alone.
    await tx
      .update(faqs)
      .set({ sortOrder: sql`${STAFF_FAQ_SORT_FROM} + ${faqs.sortOrder}` })
      .where(and(inArray(faqs.key, staffFaqs.map((f) => f.key)), lt(faqs.sortOrder, STAFF_FAQ_SORT_FROM)));
  });
}

/** The id of a seeded agency by code (for tests and tools). */
export async function agencyIdByCode(db: Db, code: string): Promise<number | null> {
  const [row] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
  return row?.id ?? null;
}
