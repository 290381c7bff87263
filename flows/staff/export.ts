import { EXPORT_SLUGS, exportsFor, exportWorkbook, isExportKind, type ExportKind } from "../../core/exports.ts";
import { storeGeneratedFile } from "../../core/generated-files.ts";
import { parsePeriod, periodName, recentPeriods, type Period, type PeriodKind } from "../../core/jalali-periods.ts";
import { localDigits } from "../../core/persian.ts";
import { reachOf } from "../../core/access.ts";
import { XLSX } from "../../core/spreadsheets.ts";
import { laterMessage, type LaterEnv } from "../later.ts";
import type { Flow, FlowEnv, InlineButton, Message, Step } from "../types.ts";
import { grid } from "../keyboards.ts";

// /export: a spreadsheet (XLSX) of what the staff member may see, sent as a document in chat: which list
// (those core/exports.ts says can hold something for the actor), then which recent period. The file is
// built in memory, so a chat file stops at CHAT_EXPORT_MAX_ROWS and its caption points to the API, which
// streams any size.

export const CHAT_EXPORT_MAX_ROWS = 20_000;

interface ExportDraft {
  [key: string]: unknown;
  kind?: ExportKind;
}

const RECENT = ["thisMonth", "lastMonth", "thisQuarter", "lastQuarter", "thisYear"] as const;

// A quarterly report covers a quarter: a month holds none unless it happens to start one.
const periodKindsOf = (kind: ExportKind): PeriodKind[] => (kind === "quarterly_reports" ? ["quarter", "year"] : ["month", "quarter", "year"]);

const whatName = (env: { t: FlowEnv["t"] }, kind: ExportKind) => env.t(`export-what-${kind}`);

const whatStep: Step<ExportDraft> = {
  prompt(env): Message {
    const buttons: InlineButton[] = exportsFor(env.actor).map((k) => ({ text: whatName(env, k), data: `k:${k}` }));
    return { text: env.t("export-choose-what"), inline: grid(buttons, 2) };
  },
  handle(env, draft, input) {
    const kind = input.type === "button" && input.data.startsWith("k:") ? input.data.slice(2) : null;
    if (!isExportKind(kind) || !exportsFor(env.actor).includes(kind)) return { kind: "invalid", error: env.t("choose-from-list") };
    return { kind: "goto", step: "period", draft: { ...draft, kind } };
  },
};

function offeredPeriods(kind: ExportKind): Period[] {
  const recent = recentPeriods(new Date());
  return RECENT.map((k) => recent[k]).filter((p) => periodKindsOf(kind).includes(p.kind));
}

/** The spreadsheet itself, made after the step's commit (flows/later.ts): building an XLSX takes a while. */
export async function exportMessage(env: LaterEnv, asked: Record<string, string>): Promise<Message> {
  const kind = asked.kind;
  const period = parsePeriod(asked.period ?? "");
  // Checked again here: the row could only come from the step below, but a bad one must not export anything.
  if (!isExportKind(kind) || !exportsFor(env.actor).includes(kind) || !period) throw new Error(`export of ${kind} for ${asked.period} is not for this actor`);
  const built = await exportWorkbook(env.db, env.actor, kind, period, CHAT_EXPORT_MAX_ROWS);
  const slug = EXPORT_SLUGS[kind];
  const document = await storeGeneratedFile(env.db, { fileName: `${slug}-${period.label}.xlsx`, mimeType: XLSX, content: built.content });
  const params = { what: whatName(env, kind), period: periodName(period, env.locale) };
  const lines = [built.rows ? env.t("export-caption", { ...params, rows: localDigits(built.rows, env.locale) }) : env.t("export-caption-empty", params)];
  if (built.truncated) lines.push(env.t("export-truncated", { max: localDigits(CHAT_EXPORT_MAX_ROWS, env.locale), api: `GET /v1/exports/${slug}?period=${period.label}` }));
  // Survey results reach everyone who counts the cases; the case itself only those who read it.
  if (kind === "surveys" && reachOf(env.actor, "case", "read") === "none") lines.push(env.t("export-surveys-private"));
  return { text: lines.join("\n\n"), document };
}

const periodStep: Step<ExportDraft> = {
  prompt(env, draft): Message {
    const kind = draft.kind!;
    const buttons = offeredPeriods(kind).map((p) => ({ text: periodName(p, env.locale), data: `p:${p.label}` }));
    return { text: env.t("export-choose-period", { what: whatName(env, kind) }), inline: grid(buttons, 2) };
  },
  async handle(env, draft, input) {
    const kind = draft.kind;
    const period = input.type === "button" && input.data.startsWith("p:") ? parsePeriod(input.data.slice(2)) : null;
    if (!kind || !exportsFor(env.actor).includes(kind) || !period || !periodKindsOf(kind).includes(period.kind)) return { kind: "invalid", error: env.t("choose-from-list") };
    return { kind: "finish", messages: [laterMessage(env, "export", { kind, period: period.label })] };
  },
};

export const exportFlow: Flow<ExportDraft> = {
  name: "export",
  interruptible: true,
  roles: ["assistant", "provincial", "ministry", "admin"],
  start: () => ({ kind: "goto", step: "what", draft: {} }),
  steps: { what: whatStep, period: periodStep },
};
