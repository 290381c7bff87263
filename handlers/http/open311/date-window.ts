import { parseW3cDateTime, requestWindow } from "../../../core/open311.ts";
import { badRequest, type Message } from "./errors.ts";
import { one, type Params } from "./params.ts";

// start_date and end_date, as GET requests and GET servicerequestupdates read them.

/** The two dates as sent (null when absent), and one error for each that is not a w3c datetime. */
export function readDates(params: Params): { start: Date | null; end: Date | null; errors: Message[] } {
  const errors: Message[] = [];
  const dates: Record<"start_date" | "end_date", Date | null> = { start_date: null, end_date: null };
  for (const field of ["start_date", "end_date"] as const) {
    const raw = one(params, field);
    if (raw === undefined) continue;
    dates[field] = parseW3cDateTime(raw);
    if (!dates[field]) errors.push({ fa: `${field} باید تاریخ w3c با منطقهٔ زمانی باشد، مثلاً 2026-01-01T00:00:00Z.`, en: `${field} must be a w3c datetime with a time zone, e.g. 2026-01-01T00:00:00Z.` });
  }
  return { start: dates.start_date, end: dates.end_date, errors };
}

/** The window the dates make (requestWindow); 400 for an end before the start or a span over 90 days. */
export function windowOf(start: Date | null, end: Date | null): { from: Date; to: Date | null } {
  const window = requestWindow(start, end);
  if (!("error" in window)) return window;
  throw badRequest(
    window.error === "reversed"
      ? { fa: "end_date پیش از start_date است.", en: "end_date is before start_date." }
      : { fa: "بازهٔ start_date تا end_date نباید بیش از ۹۰ روز باشد.", en: "start_date to end_date may not span more than 90 days." },
  );
}
