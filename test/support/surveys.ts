import { startOfJalaliDay, type JalaliDay } from "../../core/jalali-calendar.ts";
import type { SurveyAnswer } from "../../core/surveys.ts";
import type { Db } from "../../db/client.ts";
import { surveys } from "../../db/schema.ts";
import { makeCase, type CaseSpec } from "../http/api-v1-fixtures.ts";

// Surveys as the exports see them: a case filed through core fileCase, and its survey written directly
// (asked on a chosen Jalali day, at 10:00 Tehran time, answered an hour later when an answer is given).

export interface SurveySpec extends CaseSpec {
  askedOn: JalaliDay;
  answer?: { solved: SurveyAnswer; rating: number; comment?: string; objected?: boolean };
}

/** A case with its survey; returns the case's tracking code. */
export async function caseWithSurvey(db: Db, s: SurveySpec): Promise<string> {
  const c = await makeCase(db, s);
  const askedAt = new Date(startOfJalaliDay(s.askedOn).getTime() + 10 * 3_600_000);
  await db.insert(surveys).values({
    caseId: c.id,
    askedAt,
    ...(s.answer
      ? { solved: s.answer.solved, rating: s.answer.rating, comment: s.answer.comment ?? null, objected: s.answer.objected ?? false, answeredAt: new Date(askedAt.getTime() + 3_600_000) }
      : {}),
  });
  return c.code;
}

/** Every row of an export's pages, each as {Persian header: cell}. */
export async function exportedRows(sheet: { columns: { fa: string }[]; pages: AsyncIterable<(string | number | null)[][]> }): Promise<Record<string, string | number | null>[]> {
  const out: Record<string, string | number | null>[] = [];
  for await (const rows of sheet.pages) for (const row of rows) out.push(Object.fromEntries(sheet.columns.map((c, i) => [c.fa, row[i]])));
  return out;
}
