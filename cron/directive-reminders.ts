import { sql } from "drizzle-orm";
import { remindUnacknowledged, REMINDER_AFTER_HOURS } from "../core/directive-reminders.ts";
import { tehranLabel } from "../core/jalali-calendar.ts";
import { adminUsers, noticeStaff } from "../core/staff-notices.ts";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { DAY_MS, type Job } from "./job.ts";
import { countParam, counted } from "./notice-params.ts";

// Every hour, directives not yet acknowledged: a reminder to each recipient 24 and 72 hours after they got
// it, and after the last one a notice to the issuer (or the agency's ministry representatives, or the
// admins, when it came over the API) of how many still have not. After downtime only the latest hour
// runs: it reminds everyone whose time came meanwhile.

const NAME = "directive-reminders";

async function ministryOf(db: Db, agencyId: number): Promise<number[]> {
  return rowsOf(await db.execute(sql`select id from users where roles[1] = 'ministry' and agency_id = ${agencyId}`)).map((r) => Number(r.id));
}

export const directiveReminders: Job = {
  name: NAME,
  scheduleInWords: `hourly: reminders ${REMINDER_AFTER_HOURS.join(" and ")} hours after a directive reached someone who has not acknowledged it, then a notice to its issuer`,
  cron: "0 * * * *",
  slotName: (dueAt) => tehranLabel(dueAt),
  catchUp: "latest",
  lookbackMs: 2 * DAY_MS,
  async run(env, slot) {
    return env.db.transaction(async (tx) => {
      const first = await remindUnacknowledged(tx, 1, slot.dueAt, slot.name);
      const last = await remindUnacknowledged(tx, 2, slot.dueAt, slot.name);
      for (const e of last.escalations) {
        const to = e.issuerUserId !== null ? [e.issuerUserId] : e.issuerAgencyId !== null ? await ministryOf(tx, e.issuerAgencyId) : await adminUsers(tx, env.adminPlatformIds);
        await noticeStaff(
          tx,
          to,
          { key: "notice-directive-unacknowledged", params: { title: e.title, waiting: countParam(e.waiting), total: countParam(e.total), hours: countParam(REMINDER_AFTER_HOURS[1]) } },
          `cron:${NAME}:${e.directiveId}`,
        );
      }
      return `reminded ${counted(first.recipients + last.recipients, "recipient")} of ${counted(first.directives + last.directives, "directive")}; ${counted(last.escalations.length, "issuer")} told who is still waiting`;
    });
  },
};
