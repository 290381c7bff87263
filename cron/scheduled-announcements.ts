import { startDueDeliveries } from "../core/deliveries.ts";
import { tehranLabel } from "../core/jalali-calendar.ts";
import { DAY_MS, type Job } from "./job.ts";
import { counted } from "./notice-params.ts";

// Every minute, announcements scheduled for a time that has come start: their audience is resolved now
// (who has opted in by then) and the delivery senders take them. After downtime the latest minute starts
// everything that fell due meanwhile, late rather than never.

export const scheduledAnnouncements: Job = {
  name: "scheduled-announcements",
  scheduleInWords: "every minute: starts the announcements whose time has come (after downtime, all that fell due meanwhile)",
  cron: "* * * * *",
  slotName: (dueAt) => tehranLabel(dueAt),
  catchUp: "latest",
  lookbackMs: DAY_MS,
  async run(env) {
    let started = 0;
    for (let ids; (ids = await startDueDeliveries(env.db)).length > 0; ) started += ids.length;
    return `started ${counted(started, "scheduled announcement")}`;
  },
};
