import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { faqs } from "../db/schema.ts";
import { STAFF_FAQ_SORT_FROM } from "../db/seed/faq.ts";
import { searchKey } from "./persian.ts";

export type Faq = typeof faqs.$inferSelect;

/** Whether an entry is written for civil servants (service desks, inspectors): listed after the citizens' ones. */
export const isForCivilServants = (f: Pick<Faq, "sortOrder">) => f.sortOrder >= STAFF_FAQ_SORT_FROM;

/** FAQ entries ranked by how many words of the query they contain (question words count double). */
export async function searchFaq(db: Db, query: string, limit = 6): Promise<Faq[]> {
  const rows = await db.select().from(faqs).where(eq(faqs.active, true)).orderBy(asc(faqs.sortOrder), asc(faqs.id));
  const words = searchKey(query).split(" ").filter((w) => w.length > 1);
  if (words.length === 0) return rows.slice(0, limit);
  return rows
    .map((row) => {
      const q = searchKey(`${row.questionFa} ${row.questionEn}`);
      const a = searchKey(`${row.answerFa} ${row.answerEn}`);
      const score = words.reduce((s, w) => s + (q.includes(w) ? 2 : 0) + (a.includes(w) ? 1 : 0), 0);
      return { row, score };
    })
    .filter((r) => r.score > 0)
    // Citizens' questions before civil servants' ones, then the better match first.
    .sort((x, y) => Number(isForCivilServants(x.row)) - Number(isForCivilServants(y.row)) || y.score - x.score)
    .slice(0, limit)
    .map((r) => r.row);
}

export async function listFaq(db: Db): Promise<Faq[]> {
  return db.select().from(faqs).where(eq(faqs.active, true)).orderBy(asc(faqs.sortOrder), asc(faqs.id));
}

export async function getFaq(db: Db, id: number): Promise<Faq | null> {
  const [row] = await db.select().from(faqs).where(eq(faqs.id, id));
  return row ?? null;
}
