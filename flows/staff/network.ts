import { randomUUID } from "node:crypto";
import { parseIranianPhone } from "../../core/identity.ts";
import { findMember, listMembers, MEMBER_DOMAINS, MEMBER_FORMS, MEMBER_KINDS, registerMember, updateMember, type Member, type MemberDomain, type MemberForm, type MemberKind } from "../../core/network.ts";
import { localDigits } from "../../core/persian.ts";
import { createMemberInvite, inviteLink } from "../../core/invites.ts";
import { formatJalaliDate } from "../../core/jalali.ts";
import { LIMITS } from "../../core/text-input.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Message, Outcome, Step } from "../types.ts";
import { choiceStep, textStep } from "./form-steps.ts";

// The assistant's network registry: the county's members listed and searched like agencies, one member's
// card with edit and deactivate buttons, and a short form for a new member (kind, person or group, name,
// domain, phone, notes). A member of another county is never listed and its id in a button is refused.

interface NetworkDraft {
  [key: string]: unknown;
  /** Names one registration: saving it twice (a double tap, a redelivery) registers one member. */
  nonce?: string;
  /** The member being shown or edited; absent while registering a new one. */
  memberId?: number;
  kind?: MemberKind;
  form?: MemberForm;
  name?: string;
  domain?: MemberDomain;
  phone?: string | null;
}

type Field = "name" | "domain" | "phone" | "notes";

/** A member's card as text. */
export function memberCard(env: FlowEnv, m: Member): string {
  return env.t("member-card", {
    name: m.name,
    kind: env.t(`member-kind-${m.kind}`),
    form: env.t(`member-form-${m.form}`),
    domain: env.t(`member-domain-${m.domain}`),
    phone: m.phone ? localDigits(m.phone, env.locale) : "—",
    notes: m.notes ?? "—",
    state: env.t(m.active ? "member-active" : "member-inactive"),
  });
}

const show = (draft: NetworkDraft, memberId: number, notice?: string): Outcome<NetworkDraft> => ({ kind: "goto", step: "member", draft: { memberId }, notice });

/** After a field's answer: a new member goes on to the next question; an edited one is saved and shown again. */
async function fieldDone(env: FlowEnv, draft: NetworkDraft, field: Field, value: string | null, next: string): Promise<Outcome<NetworkDraft>> {
  if (draft.memberId === undefined) return { kind: "goto", step: next, draft: { ...draft, [field]: value } };
  const saved = await updateMember(env.db, env.actor, draft.memberId, { [field]: value });
  if (!saved) return { kind: "finish", messages: [{ text: env.t("member-not-found") }] };
  return show(draft, saved.id, env.t("member-saved"));
}

const listStep = pickListStep<NetworkDraft>({
  prefix: "m",
  perPage: 10,
  perRow: 1,
  title: async (env) => {
    const all = await listMembers(env.db, env.actor);
    return env.t("network-title", { count: localDigits(all.filter((m) => m.active).length, env.locale) });
  },
  load: async (env, _d, query) => (await listMembers(env.db, env.actor, { query })).map((m) => ({ id: m.id, label: `${m.active ? "" : "⏸ "}${m.name} — ${env.t(`member-kind-${m.kind}`)}` })),
  onPick: (_env, draft, id) => show(draft, id),
  extra: {
    buttons: (env) => [{ text: env.t("btn-member-new"), data: "new" }],
    handle: (_env, _draft, data) => (data === "new" ? { kind: "goto", step: "kind", draft: { nonce: randomUUID() } } : null),
  },
});

/** A one-time code and link the assistant passes on to the member; shown once, stored hashed. */
async function memberInvite(env: FlowEnv, memberId: number): Promise<Outcome<NetworkDraft>> {
  const invite = await createMemberInvite(env.db, env.actor, memberId);
  const link = env.botUsername ? inviteLink(env.platform, env.botUsername, invite.code) : env.t("member-invite-no-link", { code: invite.code });
  const text = env.t("member-invite-created", { name: invite.memberName, code: invite.code, link, expires: formatJalaliDate(invite.expiresAt, env.locale) });
  return { kind: "finish", messages: [{ text, secret: true }] };
}

const memberStep: Step<NetworkDraft> = {
  async prompt(env, draft): Promise<Message> {
    const m = await findMember(env.db, env.actor, draft.memberId!);
    if (!m) return { text: env.t("member-not-found") };
    return {
      text: memberCard(env, m),
      inline: [
        [{ text: env.t("btn-edit-name"), data: "e:name" }, { text: env.t("btn-edit-domain"), data: "e:domain" }],
        [{ text: env.t("btn-edit-phone"), data: "e:phone" }, { text: env.t("btn-edit-notes"), data: "e:notes" }],
        [{ text: env.t(m.active ? "btn-member-deactivate" : "btn-member-activate"), data: m.active ? "off" : "on" }],
        // Linking the member's chat lets consultations reach them (flows/staff/consult.ts).
        ...(m.active ? [[{ text: env.t("btn-member-invite"), data: "inv" }]] : []),
        [{ text: env.t("btn-member-list"), data: "list" }],
      ],
    };
  },
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "list") return { kind: "goto", step: "list", draft: {} };
    if (input.data === "inv") return memberInvite(env, draft.memberId!);
    if (input.data === "on" || input.data === "off") {
      const saved = await updateMember(env.db, env.actor, draft.memberId!, { active: input.data === "on" });
      if (!saved) return { kind: "finish", messages: [{ text: env.t("member-not-found") }] };
      return { kind: "update", draft, notice: env.t(saved.active ? "member-activated" : "member-deactivated") };
    }
    const field = input.data.startsWith("e:") ? input.data.slice(2) : "";
    if (!["name", "domain", "phone", "notes"].includes(field)) return { kind: "invalid", error: env.t("choose-from-list") };
    return { kind: "goto", step: field, draft };
  },
};

const kindStep = choiceStep<NetworkDraft, MemberKind>({
  prompt: (env) => env.t("member-ask-kind"),
  options: MEMBER_KINDS,
  labelPrefix: "member-kind-",
  perRow: 1,
  accept: (_env, draft, kind) => ({ kind: "goto", step: "form", draft: { ...draft, kind } }),
});

const formStep = choiceStep<NetworkDraft, MemberForm>({
  prompt: (env) => env.t("member-ask-form"),
  options: MEMBER_FORMS,
  labelPrefix: "member-form-",
  accept: (_env, draft, form) => ({ kind: "goto", step: "name", draft: { ...draft, form } }),
});

const nameStep = textStep<NetworkDraft>({
  prompt: (env, draft) => env.t(draft.form === "group" ? "member-ask-group-name" : "member-ask-name", LIMITS.memberName),
  limits: LIMITS.memberName,
  accept: (env, draft, name) => fieldDone(env, draft, "name", name, "domain"),
});

const domainStep = choiceStep<NetworkDraft, MemberDomain>({
  prompt: (env) => env.t("member-ask-domain"),
  options: MEMBER_DOMAINS,
  labelPrefix: "member-domain-",
  perRow: 3,
  accept: (env, draft, domain) => fieldDone(env, draft, "domain", domain, "phone"),
});

const phoneStep = textStep<NetworkDraft>({
  prompt: (env) => env.t("member-ask-phone"),
  limits: { min: 4, max: 30 },
  skippable: true,
  accept(env, draft, typed) {
    const phone = typed === null ? null : parseIranianPhone(typed);
    if (typed !== null && phone === null) return env.t("member-bad-phone");
    return fieldDone(env, draft, "phone", phone, "notes");
  },
});

const notesStep = textStep<NetworkDraft>({
  prompt: (env) => env.t("member-ask-notes", LIMITS.notes),
  limits: LIMITS.notes,
  skippable: true,
  async accept(env, draft, notes) {
    if (draft.memberId !== undefined) return fieldDone(env, draft, "notes", notes, "member");
    const member = await registerMember(
      env.db,
      env.actor,
      { kind: draft.kind!, form: draft.form!, name: draft.name!, domain: draft.domain!, phone: draft.phone ?? null, notes },
      `member:${draft.nonce}`,
    );
    return show(draft, member.id, env.t("member-registered", { name: member.name }));
  },
});

export const networkFlow: Flow<NetworkDraft> = {
  name: "network",
  interruptible: true,
  roles: ["assistant"],
  start: () => ({ kind: "goto", step: "list", draft: {} }),
  steps: { list: listStep, member: memberStep, kind: kindStep, form: formStep, name: nameStep, domain: domainStep, phone: phoneStep, notes: notesStep },
};
