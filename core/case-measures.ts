import { sql, type SQL } from "drizzle-orm";
import { FINAL_STATUSES } from "./case-events.ts";

// What "answered", "overdue" and "resolved" mean, once, for every figure: /stats, the dashboard, the monthly
// and quarterly reports, the complaint analysis and the exports. `t` names the cases table or its alias.
// A reopened case that had an answer stays answered (its objection and reopening are counted apart): the
// monthly report counted it «پاسخ‌داده: ۰» while /stats counted it «پاسخ داده‌شده: ۱».

const finals = sql.join(FINAL_STATUSES.map((s) => sql`${s}`), sql`, `);

/** The agency responded to the case (answered or closed it) at least once: migration 0012's responded_at. */
export const answeredSql = (t: SQL): SQL => sql`${t}.responded_at is not null`;

/** Open past its deadline as of `now`: not closed, not in a final status, its deadline gone. */
export const overdueSql = (t: SQL, now: Date | string): SQL =>
  sql`${t}.closed_at is null and ${t}.expected_at < ${typeof now === "string" ? now : now.toISOString()}::timestamptz and ${t}.status not in (${finals})`;

/** Closed as resolved («مختومه - رفع شد»). */
export const resolvedSql = (t: SQL): SQL => sql`${t}.status = 'resolved'`;
