// The kinds and statuses of the people-government system (سامد); labels live in the locale files.

export const CASE_KINDS = ["complaint", "request", "suggestion", "idea", "report", "appreciation"] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_STATUSES = [
  "received",
  "in_review",
  "referred",
  "in_progress",
  "answered",
  "resolved",
  "unresolved",
  "not_responsible",
  "duplicate",
  "reopened",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Only reports of misconduct may be filed without the filer's identity reaching the agency. */
export function mayBeAnonymous(kind: CaseKind): boolean {
  return kind === "report";
}

export function isCaseKind(value: unknown): value is CaseKind {
  return typeof value === "string" && (CASE_KINDS as readonly string[]).includes(value);
}
