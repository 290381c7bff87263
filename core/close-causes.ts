// Why a case arose, as the agency closing it says (seed 001 §3-1.4: the performance-management office
// analyses the causes of complaints): a fixed list, so a quarter's causes can be counted and compared.

export const CLOSE_CAUSES = ["process_too_long", "missing_information", "staff_conduct", "regulation", "out_of_remit", "resources", "other"] as const;
export type CloseCause = (typeof CLOSE_CAUSES)[number];

export const isCloseCause = (v: unknown): v is CloseCause => typeof v === "string" && (CLOSE_CAUSES as readonly string[]).includes(v);

/** Each cause in Persian, as the bot's fa.ftl names it («cause-…»), for exports made outside any chat. */
export const CLOSE_CAUSE_NAMES_FA: Record<CloseCause, string> = {
  process_too_long: "طولانی بودن فرایند",
  missing_information: "نقص اطلاعات",
  staff_conduct: "رفتار کارکنان",
  regulation: "مقررات و ضوابط",
  out_of_remit: "خارج از حیطهٔ دستگاه",
  resources: "کمبود منابع",
  other: "سایر",
};
