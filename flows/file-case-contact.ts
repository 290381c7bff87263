import { parseIranianMobile, parseNationalId } from "../core/identity.ts";
import { ltr } from "../core/bidi.ts";
import { localDigits } from "../core/persian.ts";
import { checkText, LIMITS } from "../core/text-input.ts";
import { advance, MAX_ATTACHMENTS, MAX_FILE_BYTES, type CaseDraft } from "./file-case-draft.ts";
import { formKeyboard } from "./keyboards.ts";
import type { Input, ReplyButton, Step, Translate } from "./types.ts";

// The optional and personal parts of a filing: files, place, phone and national ID.

/**
 * The one way past an optional step (files, place, national ID): a «فعلاً نه» button on the reply keyboard,
 * where the location step's "share location" has to be anyway, so all three look and work alike.
 */
const notNowKeyboard = (t: Translate, extra: ReplyButton[][] = []) => formKeyboard(t, [...extra, [{ text: t("btn-not-now") }]]);
const isNotNow = (t: Translate, input: Input) => input.type === "text" && input.text === t("btn-not-now");

/** The saved phone as its button shows it; the isolates keep the "+" at the left of the digits. */
const savedPhoneLabel = (t: Translate, phone: string, locale: string) => t("btn-use-saved-phone", { phone: ltr(localDigits(phone, locale)) });
// A client may drop invisible characters from a button's label when it sends it back.
const visible = (text: string) => text.replace(/\p{Cf}/gu, "");

export const attachmentsStep: Step<CaseDraft> = {
  prompt(env, draft) {
    const n = draft.attachments?.length ?? 0;
    const text = env.t("file-ask-attachments", { max: localDigits(MAX_ATTACHMENTS, env.locale), count: localDigits(n, env.locale) });
    // Before any file: only «فعلاً نه» below. Once files came, the newest message offers "done" and "remove".
    if (n === 0) return { text, reply: notNowKeyboard(env.t) };
    return { text, inline: [[{ text: env.t("btn-attachments-done"), data: "at:done" }], [{ text: env.t("btn-attachments-clear"), data: "at:clear" }]] };
  },
  handle(env, draft, input) {
    const list = draft.attachments ?? [];
    // «فعلاً نه» after some files means "no more": the files sent so far stay.
    if ((input.type === "button" && input.data === "at:done") || isNotNow(env.t, input)) return advance({ ...draft, attachments: list });
    if (input.type === "button" && input.data === "at:clear") return { kind: "update", draft: { ...draft, attachments: [] } };
    if (input.type === "file") {
      if (list.length >= MAX_ATTACHMENTS) return { kind: "invalid", error: env.t("attachments-full", { max: localDigits(MAX_ATTACHMENTS, env.locale) }) };
      if ((input.file.fileSize ?? 0) > MAX_FILE_BYTES) return { kind: "invalid", error: env.t("attachment-too-big") };
      if (list.some((a) => a.fileUniqueId === input.file.fileUniqueId)) return { kind: "invalid", error: env.t("attachment-duplicate") };
      const attachments = [...list, input.file];
      return {
        kind: "update",
        draft: { ...draft, attachments },
        quiet: attachments.length < MAX_ATTACHMENTS,
        notice: env.t("attachment-received", { count: localDigits(attachments.length, env.locale), max: localDigits(MAX_ATTACHMENTS, env.locale) }),
      };
    }
    return { kind: "invalid", error: env.t("expect-attachment") };
  },
  answered: (env, d) =>
    env.t("file-answered", {
      field: env.t("answered-attachments"),
      value: d.attachments?.length ? env.t("answered-files", { count: localDigits(d.attachments.length, env.locale) }) : env.t("summary-none"),
    }),
};

export const locationStep: Step<CaseDraft> = {
  prompt: (env) => ({
    text: env.t("file-ask-location", { max: LIMITS.address.max }),
    reply: notNowKeyboard(env.t, [[{ text: env.t("btn-share-location"), requestLocation: true }]]),
  }),
  handle(env, draft, input) {
    if (input.type === "location") {
      const { latitude, longitude } = input;
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return { kind: "invalid", error: env.t("location-invalid") };
      return advance({ ...draft, latitude, longitude, locationDone: true });
    }
    if (input.type !== "text") return { kind: "invalid", error: env.t("expect-location") };
    if (isNotNow(env.t, input)) return advance({ ...draft, latitude: null, longitude: null, address: null, locationDone: true });
    // A client that cannot share locations sends the button's label as text; it is not an address.
    if (input.text === env.t("btn-share-location")) return { kind: "invalid", error: env.t("expect-location") };
    const check = checkText(input.text, LIMITS.address);
    if (!check.ok) return { kind: "invalid", error: env.t(`text-${check.error}`, { min: LIMITS.address.min, max: LIMITS.address.max }) };
    return advance({ ...draft, address: check.text, locationDone: true });
  },
};

export const contactStep: Step<CaseDraft> = {
  prompt(env) {
    const saved = env.user.phoneVerified && env.user.phone ? [[{ text: savedPhoneLabel(env.t, env.user.phone, env.locale) }]] : [];
    return { text: env.t("file-ask-contact"), reply: formKeyboard(env.t, [[{ text: env.t("btn-share-contact"), requestContact: true }], ...saved]) };
  },
  handle(env, draft, input) {
    if (input.type === "contact") {
      // The platform's contact button sends the sender's own user id; any other contact is someone else's number.
      if (!input.isOwn) return { kind: "invalid", error: env.t("contact-not-own") };
      return advance({ ...draft, phone: input.phone, phoneVerified: true }, env.t("contact-received"));
    }
    if (input.type === "text" && env.user.phoneVerified && env.user.phone && visible(input.text) === visible(savedPhoneLabel(env.t, env.user.phone, env.locale))) {
      return advance({ ...draft, phone: env.user.phone, phoneVerified: true }, env.t("contact-received"));
    }
    if (input.type === "text") {
      // A typed number cannot be checked to be the sender's own, so only the button is accepted.
      return { kind: "invalid", error: env.t(parseIranianMobile(input.text) ? "contact-use-button" : "phone-invalid") };
    }
    return { kind: "invalid", error: env.t("contact-use-button") };
  },
};

export const nationalIdStep: Step<CaseDraft> = {
  prompt: (env) => ({ text: env.t("file-ask-national-id"), reply: notNowKeyboard(env.t) }),
  handle(env, draft, input) {
    if (input.type !== "text") return { kind: "invalid", error: env.t("expect-national-id") };
    if (isNotNow(env.t, input)) return advance({ ...draft, nationalId: null, nationalIdDone: true });
    const nationalId = parseNationalId(input.text);
    if (!nationalId) return { kind: "invalid", error: env.t("national-id-invalid") };
    return advance({ ...draft, nationalId, nationalIdDone: true });
  },
};
