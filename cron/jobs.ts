import { caseSlaEscalation } from "./case-sla-escalation.ts";
import { directiveReminders } from "./directive-reminders.ts";
import { scheduledAnnouncements } from "./scheduled-announcements.ts";
import type { Job } from "./job.ts";
import { monthlyReportEscalation } from "./monthly-report-escalation.ts";
import { monthlyReportReminders } from "./monthly-report-reminders.ts";
import { prune } from "./prune.ts";
import { quarterlyComplaintAnalysis } from "./quarterly-complaint-analysis.ts";
import { quarterlyReportReminders } from "./quarterly-report-reminders.ts";

// Every scheduled job, in the order `hamyar job list` shows them. A new job is a file in cron/ and a line here.

export const JOBS: Job[] = [monthlyReportReminders, monthlyReportEscalation, quarterlyReportReminders, directiveReminders, caseSlaEscalation, quarterlyComplaintAnalysis, scheduledAnnouncements, prune];

export const findJob = (name: string) => JOBS.find((j) => j.name === name) ?? null;
