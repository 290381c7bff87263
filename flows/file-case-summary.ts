import { fileCase } from "../core/cases.ts";
import { mayBeAnonymous } from "../core/case-kinds.ts";
import { findUnit, getAgency, getCounty, getProvince, getTopic } from "../core/catalog.ts";
import { isolate, ltr } from "../core/bidi.ts";
import { formatJalaliDate } from "../core/jalali.ts";
import { comma, localDigits } from "../core/persian.ts";
import { groupedTrackingCode } from "../core/tracking-code.ts";
import { setVerifiedPhone } from "../core/users.ts";
import { flowInstanceId } from "./engine.ts";
import { advance, nextMissing, type CaseDraft } from "./file-case-draft.ts";
import { grid } from "./keyboards.ts";
import type { FlowEnv, InlineButton, Step } from "./types.ts";

const name = (env: FlowEnv, row: { nameFa: string; nameEn: string } | null) => (row ? (env.locale === "fa" ? row.nameFa : row.nameEn) : "—");

/** What "edit" clears for each field, so that advance() asks for it (and anything depending on it) again. */
const edits: Record<string, (d: CaseDraft) => CaseDraft> = {
  kind: (d) => ({ ...d, kind: undefined }),
  agency: (d) => ({ ...d, agencyId: undefined, topicId: undefined }),
  region: (d) => ({ ...d, provinceId: undefined, countyId: undefined }),
  subject: (d) => ({ ...d, subject: undefined }),
  description: (d) => ({ ...d, description: undefined }),
  attachments: (d) => ({ ...d, attachments: undefined }),
  location: (d) => ({ ...d, latitude: null, longitude: null, address: null, locationDone: false }),
  anonymity: (d) => ({ ...d, anonymous: undefined }),
  contact: (d) => ({ ...d, phone: undefined, phoneVerified: false }),
  national_id: (d) => ({ ...d, nationalId: null, nationalIdDone: false }),
};

async function summaryText(env: FlowEnv, d: CaseDraft): Promise<string> {
  // Fields may be missing when "back" returns here from an edit left half-way; they show as "—".
  const agency = d.agencyId ? await getAgency(env, d.agencyId) : null;
  const topic = d.agencyId && d.topicId ? await getTopic(env, d.agencyId, d.topicId) : null;
  const province = d.provinceId ? await getProvince(env, d.provinceId) : null;
  const county = d.provinceId && d.countyId ? await getCounty(env, d.provinceId, d.countyId) : null;
  const location =
    d.latitude != null ? env.t("summary-location-point") : d.address ? isolate(d.address) : env.t("summary-none");
  const lines = [
    env.t("summary-title"),
    "",
    `${env.t("field-kind")}: ${d.kind ? env.t(`kind-${d.kind}`) : "—"}`,
    `${env.t("field-agency")}: ${name(env, agency)}${topic ? ` / ${name(env, topic)}` : ""}`,
    `${env.t("field-region")}: ${name(env, province)}${comma(env.locale)}${name(env, county)}`,
    `${env.t("field-subject")}: ${d.subject ? isolate(d.subject) : "—"}`,
    `${env.t("field-description")}:\n${d.description ?? "—"}`,
    `${env.t("field-attachments")}: ${localDigits(d.attachments?.length ?? 0, env.locale)}`,
    `${env.t("field-location")}: ${location}`,
  ];
  if (d.anonymous) lines.push(`${env.t("field-identity")}: ${env.t("summary-anonymous")}`);
  else {
    lines.push(`${env.t("field-phone")}: ${d.phone ? ltr(localDigits(d.phone, env.locale)) : env.t("summary-none")}`);
    lines.push(`${env.t("field-national-id")}: ${d.nationalId ? ltr(localDigits(d.nationalId, env.locale)) : env.t("summary-none")}`);
  }
  lines.push("", env.t("summary-confirm-hint"));
  return lines.join("\n");
}

export const summaryStep: Step<CaseDraft> = {
  async prompt(env, d) {
    const fields = ["kind", "agency", "region", "subject", "description", "attachments", "location"];
    if (d.kind && mayBeAnonymous(d.kind)) fields.push("anonymity");
    if (!d.anonymous) fields.push("contact", "national_id");
    const editButtons: InlineButton[] = fields.map((f) => ({ text: env.t(`edit-${f}`), data: `e:${f}` }));
    return {
      text: await summaryText(env, d),
      // Confirming is what most people do here, so it comes first; leaving is the form keyboard's «انصراف», as on every step.
      inline: [[{ text: env.t("btn-confirm"), data: "ok" }], ...grid(editButtons, 2)],
    };
  },
  async handle(env, d, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("summary-use-buttons") };
    if (input.data.startsWith("e:")) {
      const edit = edits[input.data.slice(2)];
      return edit ? advance(edit(d)) : { kind: "invalid", error: env.t("choose-from-list") };
    }
    if (input.data !== "ok") return { kind: "invalid", error: env.t("choose-from-list") };
    // Defensive: a draft saved by an older version of the flow may lack a field; ask for it instead of failing.
    if (nextMissing(d) !== "summary") return advance(d);
    const filed = await fileCase(env.db, {
      platform: env.platform,
      userId: env.user.id,
      kind: d.kind!,
      agencyId: d.agencyId!,
      topicId: d.topicId ?? null,
      provinceId: d.provinceId!,
      countyId: d.countyId!,
      subject: d.subject!,
      description: d.description!,
      anonymous: d.anonymous === true,
      contactPhone: d.phone ?? null,
      contactPhoneVerified: d.phoneVerified === true,
      nationalId: d.nationalId ?? null,
      latitude: d.latitude ?? null,
      longitude: d.longitude ?? null,
      address: d.address ?? null,
      attachments: d.attachments ?? [],
      clientKey: `${env.platform}:${flowInstanceId(d)}`,
    }, { holidays: env.holidays });
    if (d.phoneVerified && d.phone && !d.anonymous) await setVerifiedPhone(env.db, env.user.id, d.phone);
    const agency = await getAgency(env, d.agencyId!);
    // The office that will answer («شهرداری کرج», the province's water company), not the agency at large.
    const unit = await findUnit(env, d.agencyId!, d.provinceId!, d.countyId!);
    const code = groupedTrackingCode(filed.trackingCode, env.locale);
    return {
      kind: "finish",
      messages: [
        {
          text: env.t("filed", {
            kind: env.t(`kind-${d.kind}`),
            code: ltr(code),
            agency: name(env, unit ?? agency),
            days: localDigits(agency?.slaDays ?? 0, env.locale),
            deadline: filed.expectedAt ? formatJalaliDate(filed.expectedAt, env.locale) : "—",
          }),
          copyable: [code],
        },
      ],
    };
  },
};
