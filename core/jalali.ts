// Display only: Intl knows the Persian calendar and Tehran's clock; month arithmetic lives in jalaali-js.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "fa" ? "fa-IR-u-ca-persian" : "en-GB-u-ca-persian", {
      timeZone: "Asia/Tehran",
      year: "numeric",
      month: "long",
      day: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** A Jalali date and Tehran time, e.g. «۱ آذر ۱۴۰۵ ساعت ۰۹:۲۹». */
export function formatJalaliDateTime(date: Date, locale: string): string {
  return formatter(locale, true).format(date);
}

/** A Jalali date, e.g. «۱ آذر ۱۴۰۵». */
export function formatJalaliDate(date: Date, locale: string): string {
  return formatter(locale, false).format(date);
}
