import { CASE_KINDS } from "../../../core/case-kinds.ts";
import { listAgencies, listTopics, type Agency, type CatalogSource, type Province, type Topic } from "../../../core/catalog.ts";
import { KIND_NAMES, parseServiceCode, serviceCode, type Locale } from "../../../core/open311.ts";
import type { Value } from "./format.ts";

// Services are Hamyar's agencies and their topics: "<agency>.<topic>" for each active topic, and "<agency>"
// for the agency itself (its only service when it has no topics, its "other" service when it has some,
// as the bot offers "other topic"). The agency is the service's group.

export interface Service {
  code: string;
  agency: Agency;
  topic: Topic | null;
  /** Whether the agency has active topics (its general service is then "other topics"). */
  hasTopics: boolean;
}

const nameIn = (row: { nameFa: string; nameEn: string }, locale: Locale) => (locale === "en" ? row.nameEn : row.nameFa);

/** Every service, agency by agency in display order: its topics first, then its general service. */
export async function listServices(src: CatalogSource): Promise<Service[]> {
  const out: Service[] = [];
  for (const agency of await listAgencies(src)) {
    const topics = await listTopics(src, agency.id);
    const hasTopics = topics.length > 0;
    for (const topic of topics) out.push({ code: serviceCode(agency.code, topic.code), agency, topic, hasTopics });
    out.push({ code: serviceCode(agency.code, null), agency, topic: null, hasTopics });
  }
  return out;
}

/** The service with this code, or null (also for codes of inactive agencies or topics). */
export async function findService(src: CatalogSource, code: string): Promise<Service | null> {
  const parsed = parseServiceCode(code);
  if (!parsed) return null;
  const agency = (await listAgencies(src)).find((a) => a.code === parsed.agency);
  if (!agency) return null;
  const topics = await listTopics(src, agency.id);
  const hasTopics = topics.length > 0;
  if (parsed.topic === null) return { code: serviceCode(agency.code, null), agency, topic: null, hasTopics };
  const topic = topics.find((t) => t.code === parsed.topic);
  return topic ? { code: serviceCode(agency.code, topic.code), agency, topic, hasTopics } : null;
}

/** The service's name: the topic's, the agency's own for an agency without topics, or "other topics of …". */
export function serviceName(agency: { nameFa: string; nameEn: string }, topic: { nameFa: string; nameEn: string } | null, hasTopics: boolean, locale: Locale): string {
  if (topic) return nameIn(topic, locale);
  if (!hasTopics) return nameIn(agency, locale);
  return locale === "en" ? `Other topics — ${agency.nameEn}` : `سایر موضوعات — ${agency.nameFa}`;
}

const kindList = (locale: Locale) => CASE_KINDS.map((k) => KIND_NAMES[k][locale]).join(locale === "en" ? ", " : "، ");

/** One entry of GET services, fields in the spec's order. */
export function serviceEntry(s: Service, locale: Locale): Value {
  const name = serviceName(s.agency, s.topic, s.hasTopics, locale);
  const agencyName = nameIn(s.agency, locale);
  const description =
    locale === "en"
      ? `${kindList("en")} about "${name}", sent to ${agencyName}. Response deadline: ${s.agency.slaDays} working days.`
      : `${kindList("fa")} دربارهٔ «${name}» برای ${agencyName}. مهلت پاسخ: ${s.agency.slaDays} روز کاری.`;
  const other: Locale = locale === "en" ? "fa" : "en";
  const keywords = [s.agency.code, s.topic?.code, s.topic ? nameIn(s.topic, other) : null, nameIn(s.agency, other)].filter(Boolean).join(", ");
  return {
    service_code: s.code,
    service_name: name,
    description,
    // Every service asks for the kind of case and its province and county: clients must read the definition.
    metadata: true,
    type: "realtime",
    keywords,
    group: agencyName,
  };
}

/** Attribute codes of every service definition. */
export const ATTRIBUTE = {
  kind: "kind",
  province: "province_code",
  county: "county",
  subject: "subject",
  anonymous: "anonymous",
} as const;

/** The service definition: what a client must ask the reporter besides location and description. */
export function serviceDefinition(s: Service, provinces: Province[], locale: Locale): Value {
  const en = locale === "en";
  return {
    service_code: s.code,
    attributes: [
      {
        variable: true,
        code: ATTRIBUTE.kind,
        datatype: "singlevaluelist",
        required: true,
        datatype_description: en ? "One of the keys listed." : "یکی از کلیدهای فهرست.",
        order: 1,
        description: en ? "What kind of case is this?" : "نوع پرونده چیست؟",
        values: CASE_KINDS.map((k) => ({ key: k, name: KIND_NAMES[k][locale] })),
      },
      {
        variable: true,
        code: ATTRIBUTE.province,
        datatype: "singlevaluelist",
        required: true,
        datatype_description: en ? "The province's code, one of the keys listed." : "کد استان، یکی از کلیدهای فهرست.",
        order: 2,
        description: en ? "Province (ostan) where this happened" : "استانی که موضوع در آن رخ داده است",
        values: provinces.map((p) => ({ key: p.code, name: nameIn(p, locale) })),
      },
      {
        variable: true,
        code: ATTRIBUTE.county,
        datatype: "string",
        required: true,
        datatype_description: en
          ? "The county's name in Persian (or English) as in the official divisions, e.g. «ری» or Rey for Tehran province."
          : "نام شهرستان به فارسی (یا انگلیسی) مطابق تقسیمات کشوری، مثلاً «ری» در استان تهران.",
        order: 3,
        description: en ? "County (shahrestan) within that province" : "شهرستان در همان استان",
      },
      {
        variable: true,
        code: ATTRIBUTE.subject,
        datatype: "string",
        required: false,
        datatype_description: en ? "5 to 120 characters; without it the first line of the description is used." : "۵ تا ۱۲۰ نویسه؛ اگر نیاید، سطر اول شرح عنوان می‌شود.",
        order: 4,
        description: en ? "A short title" : "عنوان کوتاه",
      },
      {
        variable: true,
        code: ATTRIBUTE.anonymous,
        datatype: "singlevaluelist",
        required: false,
        datatype_description: en ? "Only for kind=report: true keeps the reporter's identity from the agency." : "فقط برای گزارش تخلف: true یعنی هویت گزارش‌دهنده به دستگاه نمی‌رسد.",
        order: 5,
        description: en ? "File the report anonymously?" : "گزارش بدون نام ثبت شود؟",
        values: [
          { key: "false", name: en ? "With my name" : "با نام" },
          { key: "true", name: en ? "Anonymously" : "بدون نام" },
        ],
      },
    ],
  };
}
