import type { FlowRegistry } from "./engine.ts";
import { faqFlow } from "./faq.ts";
import { fileCaseFlow } from "./file-case.ts";
import { followupFlow } from "./followup.ts";
import { myCasesFlow } from "./my-cases.ts";
import { surveyFlow } from "./survey.ts";
import { trackCaseFlow } from "./track-case.ts";

/** Every conversation the bot can hold, by the name saved in the chat state. */
export const flows: FlowRegistry = {
  [fileCaseFlow.name]: fileCaseFlow,
  [myCasesFlow.name]: myCasesFlow,
  [trackCaseFlow.name]: trackCaseFlow,
  [faqFlow.name]: faqFlow,
  [surveyFlow.name]: surveyFlow,
  [followupFlow.name]: followupFlow,
};
