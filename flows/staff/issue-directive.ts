import { countAudience } from "../../core/audiences.ts";
import { issueDirective } from "../../core/directives.ts";
import { DomainError } from "../../core/errors.ts";
import { formatJalaliDateTime } from "../../core/jalali.ts";
import { parseTehranTime, tehranJalaliDay } from "../../core/jalali-calendar.ts";
import { localDigits } from "../../core/persian.ts";
import { directiveText } from "../delivery-text.ts";
import { flowInstanceId } from "../engine.ts";
import { grid } from "../keyboards.ts";
import type { Flow, FlowEnv, Input, Message, Outcome, Step } from "../types.ts";
import { countText, needsRegion, regionSteps, rolesStep, staffAudience, audienceWords, type AudienceDraft } from "./audience-steps.ts";
import { issuerProgress, sendFinished } from "./progress-message.ts";
import { textStep } from "./form-steps.ts";

// An admin or a ministry's representative issues a directive (ابلاغیه): title → text → documents or a
// photo → who (roles) → where (the country, a province, a county) → due date → a preview that shows it as
// recipients will see it and how many they are → send, or edit any part. Sending issues it in the step's
// transaction, keyed by the flow instance (a double tap issues one), with the issuer's progress message.

export const DIRECTIVE_LIMITS = { title: { min: 3, max: 150 }, body: { min: 10, max: 3000 } } as const;
export const MAX_DOCUMENTS = 5;

interface DirectiveFile {
  kind: "photo" | "document";
  fileId: string;
  fileUniqueId: string;
  name?: string;
}

interface DirectiveDraft extends AudienceDraft {
  title?: string;
  body?: string;
  files?: DirectiveFile[];
  filesDone?: boolean;
  /** ISO instant; null: no due date. */
  dueAt?: string | null;
  dueDone?: boolean;
}

function nextMissing(d: DirectiveDraft): string {
  if (!d.title) return "title";
  if (!d.body) return "body";
  if (!d.filesDone) return "files";
  if (!d.rolesDone) return "roles";
  if (needsRegion(d) && !d.regionDone) return "province";
  if (!d.dueDone) return "due";
  return "preview";
}

/** Goes to the first part still missing: issuing and editing from the preview share this. */
const advance = (_env: FlowEnv, draft: DirectiveDraft, notice?: string): Outcome<DirectiveDraft> => ({ kind: "goto", step: nextMissing(draft), draft, notice });

/** What each edit button of the preview clears, so that advance() asks for it again. */
const EDITS: Record<string, (d: DirectiveDraft) => DirectiveDraft> = {
  title: (d) => ({ ...d, title: undefined }),
  body: (d) => ({ ...d, body: undefined }),
  files: (d) => ({ ...d, filesDone: false }),
  audience: (d) => ({ ...d, rolesDone: false, regionDone: false }),
  due: (d) => ({ ...d, dueDone: false }),
};

const titleStep = textStep<DirectiveDraft>({
  prompt: (env) => env.t("directive-ask-title", DIRECTIVE_LIMITS.title),
  limits: DIRECTIVE_LIMITS.title,
  accept: (env, draft, title) => advance(env, { ...draft, title: title! }),
});

const bodyStep = textStep<DirectiveDraft>({
  prompt: (env) => env.t("directive-ask-body", DIRECTIVE_LIMITS.body),
  limits: DIRECTIVE_LIMITS.body,
  accept: (env, draft, body) => advance(env, { ...draft, body: body! }),
});

const filesStep: Step<DirectiveDraft> = {
  prompt(env, draft) {
    const files = draft.files ?? [];
    return {
      text: env.t("directive-ask-files", { max: localDigits(MAX_DOCUMENTS, env.locale), count: localDigits(files.length, env.locale) }),
      inline: [
        [{ text: env.t(files.length > 0 ? "btn-attachments-done" : "btn-no-attachments"), data: "f:done" }],
        ...(files.length > 0 ? [[{ text: env.t("btn-attachments-clear"), data: "f:clear" }]] : []),
      ],
    };
  },
  handle(env, draft, input) {
    const files = draft.files ?? [];
    if (input.type === "button" && input.data === "f:done") return advance(env, { ...draft, files, filesDone: true });
    if (input.type === "button" && input.data === "f:clear") return { kind: "update", draft: { ...draft, files: [] } };
    if (input.type !== "file" || input.file.kind === "voice") return { kind: "invalid", error: env.t("directive-expect-file") };
    const f = input.file;
    if (files.some((x) => x.fileUniqueId === f.fileUniqueId)) return { kind: "invalid", error: env.t("attachment-duplicate") };
    if (f.kind === "photo" && files.some((x) => x.kind === "photo")) return { kind: "invalid", error: env.t("directive-one-photo") };
    if (f.kind === "document" && files.filter((x) => x.kind === "document").length >= MAX_DOCUMENTS) {
      return { kind: "invalid", error: env.t("attachments-full", { max: localDigits(MAX_DOCUMENTS, env.locale) }) };
    }
    const next: DirectiveFile[] = [...files, { kind: f.kind === "photo" ? "photo" : "document", fileId: f.fileId, fileUniqueId: f.fileUniqueId, ...(f.fileName ? { name: f.fileName } : {}) }];
    return { kind: "update", draft: { ...draft, files: next }, quiet: true, notice: env.t("directive-file-received", { count: localDigits(next.length, env.locale) }) };
  },
};

const rolesOf = rolesStep<DirectiveDraft>({ prompt: "directive-ask-roles", next: (env, d) => advance(env, d) });
const region = regionSteps<DirectiveDraft>({ withCounty: (d) => (d.roles ?? []).includes("assistant"), next: (env, d) => advance(env, d) });

/** The Jalali date `days` from today, as typed: «۱۴۰۵/۰۹/۲۰». */
function typedDate(env: FlowEnv, days: number): string {
  const d = tehranJalaliDay(new Date(Date.now() + days * 86_400_000));
  return localDigits(`${d.jy}/${String(d.jm).padStart(2, "0")}/${String(d.jd).padStart(2, "0")}`, env.locale);
}

const PRESET_DAYS = [3, 7, 14];
const MAX_DUE_DAYS = 366;

const dueStep: Step<DirectiveDraft> = {
  prompt: (env) => ({
    text: env.t("directive-ask-due", { example: typedDate(env, 7) }),
    inline: [
      PRESET_DAYS.map((n) => ({ text: env.t("btn-due-in-days", { days: localDigits(n, env.locale) }), data: `d:${n}` })),
      [{ text: env.t("btn-due-none"), data: "d:none" }],
    ],
  }),
  handle(env, draft, input) {
    if (input.type === "button") {
      if (input.data === "d:none") return advance(env, { ...draft, dueAt: null, dueDone: true });
      const days = Number(input.data.slice(2));
      if (!input.data.startsWith("d:") || !PRESET_DAYS.includes(days)) return { kind: "invalid", error: env.t("choose-from-list") };
      // The end of that Tehran day, as if its date had been typed.
      const due = parseTehranTime(typedDate(env, days), "end")!;
      return advance(env, { ...draft, dueAt: due.toISOString(), dueDone: true });
    }
    if (input.type !== "text") return { kind: "invalid", error: env.t("directive-due-format", { example: typedDate(env, 7) }) };
    const due = parseTehranTime(input.text, "end");
    if (!due) return { kind: "invalid", error: env.t("directive-due-format", { example: typedDate(env, 7) }) };
    if (due.getTime() <= Date.now()) return { kind: "invalid", error: env.t("directive-due-past", { now: formatJalaliDateTime(new Date(), env.locale) }) };
    if (due.getTime() > Date.now() + MAX_DUE_DAYS * 86_400_000) return { kind: "invalid", error: env.t("directive-due-too-far") };
    return advance(env, { ...draft, dueAt: due.toISOString(), dueDone: true });
  },
};

function filesText(env: FlowEnv, files: DirectiveFile[]): string {
  if (files.length === 0) return env.t("directive-preview-no-files");
  const photos = files.filter((f) => f.kind === "photo").length;
  const documents = files.filter((f) => f.kind === "document");
  const names = documents.map((f) => f.name).filter(Boolean).join(env.t("list-separator"));
  return env.t("directive-preview-files", { photos: localDigits(photos, env.locale), documents: localDigits(documents.length, env.locale), names: names || "—" });
}

const previewStep: Step<DirectiveDraft> = {
  async prompt(env, d): Promise<Message> {
    const counts = await countAudience(env.db, staffAudience(d));
    // The due date is part of the directive's own text; only its absence needs saying.
    const details = [
      env.t("directive-preview-files-line", { files: filesText(env, d.files ?? []) }),
      env.t("directive-preview-audience", { audience: await audienceWords(env, staffAudience(d)) }),
      env.t("directive-preview-count", { count: countText(env, counts) }),
      ...(d.dueAt ? [] : [env.t("directive-preview-no-due")]),
    ];
    const text = env.t("directive-preview", {
      directive: directiveText(env.t, env.locale, { title: d.title ?? "—", text: d.body ?? "—", dueAt: d.dueAt }),
      details: details.join("\n"),
    });
    const edits = ["title", "body", "files", "audience", "due"].map((f) => ({ text: env.t(`btn-directive-edit-${f}`), data: `e:${f}` }));
    return {
      text,
      inline: [[{ text: env.t("btn-directive-send"), data: "send" }], ...grid(edits, 2), [{ text: env.t("btn-directive-discard"), data: "cancel" }]],
    };
  },
  async handle(env, d, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("summary-use-buttons") };
    if (input.data === "cancel") return { kind: "finish", messages: [{ text: env.t("directive-discarded") }] };
    if (input.data.startsWith("e:")) {
      const edit = EDITS[input.data.slice(2)];
      return edit ? advance(env, edit(d)) : { kind: "invalid", error: env.t("choose-from-list") };
    }
    if (input.data !== "send") return { kind: "invalid", error: env.t("choose-from-list") };
    if (nextMissing(d) !== "preview") return advance(env, d);
    return send(env, d, input);
  },
};

async function send(env: FlowEnv, d: DirectiveDraft, input: Input): Promise<Outcome<DirectiveDraft>> {
  const audience = staffAudience(d);
  const counts = await countAudience(env.db, audience);
  const files = d.files ?? [];
  const progress = counts.total > 0 ? issuerProgress(env, input, { kind: "directive", message: { title: d.title! }, counts }) : undefined;
  try {
    const issued = await issueDirective(env.db, env.actor, {
      title: d.title!,
      body: d.body!,
      audience,
      dueAt: d.dueAt ? new Date(d.dueAt) : null,
      photo: files.find((f) => f.kind === "photo")?.fileId,
      documents: files.filter((f) => f.kind === "document").map((f) => f.fileId),
      key: `${env.platform}:${flowInstanceId(d)}`,
      progress,
    });
    const text =
      issued.total === 0
        ? env.t("directive-issued-nobody", { title: d.title! })
        : env.t("directive-issued", { title: d.title!, count: localDigits(issued.total, env.locale) });
    return sendFinished(input, [{ text }], progress);
  } catch (err) {
    // The preview waited past the due date: ask for a new one; nothing was written.
    if (err instanceof DomainError && err.code === "due_in_past") return advance(env, { ...d, dueDone: false }, env.t("directive-due-passed-meanwhile"));
    throw err;
  }
}

export const issueDirectiveFlow: Flow<DirectiveDraft> = {
  name: "issue_directive",
  interruptible: false,
  roles: ["admin", "ministry"],
  start: (env) => ({ kind: "goto", step: "title", draft: {}, notice: env.t("directive-intro") }),
  steps: { title: titleStep, body: bodyStep, files: filesStep, roles: rolesOf, province: region.province, county: region.county, due: dueStep, preview: previewStep },
};
