import type { FlowRegistry } from "./engine.ts";
import { faqFlow } from "./faq.ts";
import { fileCaseFlow } from "./file-case.ts";
import { followupFlow } from "./followup.ts";
import { myCasesFlow } from "./my-cases.ts";
import { surveyFlow } from "./survey.ts";
import { trackCaseFlow } from "./track-case.ts";
import { consultationAnswerFlow } from "./consultation-answer.ts";
import { activitiesFlow } from "./staff/activities.ts";
import { consultFlow } from "./staff/consult.ts";
import { agencyReportsFlow } from "./staff/agency-reports.ts";
import { announceFlow } from "./staff/announce.ts";
import { followDirectivesFlow } from "./staff/follow-directives.ts";
import { inviteFlow } from "./staff/invite.ts";
import { issueDirectiveFlow } from "./staff/issue-directive.ts";
import { logActivityFlow } from "./staff/log-activity.ts";
import { monthlyReportFlow } from "./staff/monthly-report.ts";
import { networkFlow } from "./staff/network.ts";
import { quarterlyReportFlow } from "./staff/quarterly-report.ts";
import { receivedDirectivesFlow } from "./staff/received-directives.ts";
import { reviewReportsFlow } from "./staff/review-reports.ts";
import { staffListFlow } from "./staff/staff-list.ts";
import { statsFlow } from "./staff/stats.ts";
import { exportFlow } from "./staff/export.ts";
import { dashboardFlow } from "./staff/dashboard.ts";
import { provinceReportsFlow } from "./staff/province-reports.ts";

/** Every conversation the bot can hold, by the name saved in the chat state. */
export const flows: FlowRegistry = {
  [fileCaseFlow.name]: fileCaseFlow,
  [myCasesFlow.name]: myCasesFlow,
  [trackCaseFlow.name]: trackCaseFlow,
  [faqFlow.name]: faqFlow,
  [surveyFlow.name]: surveyFlow,
  [followupFlow.name]: followupFlow,
  [networkFlow.name]: networkFlow,
  [logActivityFlow.name]: logActivityFlow,
  [activitiesFlow.name]: activitiesFlow,
  [monthlyReportFlow.name]: monthlyReportFlow,
  [reviewReportsFlow.name]: reviewReportsFlow,
  [quarterlyReportFlow.name]: quarterlyReportFlow,
  [agencyReportsFlow.name]: agencyReportsFlow,
  [inviteFlow.name]: inviteFlow,
  [staffListFlow.name]: staffListFlow,
  [consultFlow.name]: consultFlow,
  [consultationAnswerFlow.name]: consultationAnswerFlow,
  [issueDirectiveFlow.name]: issueDirectiveFlow,
  [followDirectivesFlow.name]: followDirectivesFlow,
  [receivedDirectivesFlow.name]: receivedDirectivesFlow,
  [announceFlow.name]: announceFlow,
  [statsFlow.name]: statsFlow,
  [exportFlow.name]: exportFlow,
  [dashboardFlow.name]: dashboardFlow,
  [provinceReportsFlow.name]: provinceReportsFlow,
};
