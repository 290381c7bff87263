// Moved to core/spreadsheets.ts (chat and cron write spreadsheets too); kept until every route imports it from there.
export * from "../../core/spreadsheets.ts";
