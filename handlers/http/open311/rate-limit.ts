import type { FastifyReply } from "fastify";
import { toPersianDigits } from "../../../core/persian.ts";
import { setRateHeaders, type RateCharge } from "../rate-limits.ts";
import { Open311Error, type Message } from "./errors.ts";

// A request past one of its budgets (handlers/http/rate-limits.ts) answers 429 in the spec's error format,
// JSON or XML by the URL, with Retry-After; the message says which budget and when to come back.

/** Route config of the resources that take no api_key (discovery, services, tokens): counted per client address. */
export const KEYLESS = { rateBudget: "address" } as const;

type Budget = "key" | "address" | "auth_failures";

const wording: Record<Budget, (n: number, s: number) => Message> = {
  key: (n, s) => ({
    fa: `این api_key در یک دقیقه بیش از ${toPersianDigits(n)} درخواست فرستاده است؛ ${toPersianDigits(s)} ثانیهٔ دیگر دوباره تلاش کنید (Retry-After).`,
    en: `This api_key made more than ${n} requests in a minute; retry after ${s} s (Retry-After).`,
  }),
  address: (n, s) => ({
    fa: `از نشانی شما در یک دقیقه بیش از ${toPersianDigits(n)} درخواست رسیده است؛ ${toPersianDigits(s)} ثانیهٔ دیگر دوباره تلاش کنید (Retry-After).`,
    en: `More than ${n} requests in a minute came from your address; retry after ${s} s (Retry-After).`,
  }),
  auth_failures: (n, s) => ({
    fa: `از نشانی شما در یک دقیقه بیش از ${toPersianDigits(n)} درخواست بدون api_key یا با api_key نامعتبر رسیده است؛ ${toPersianDigits(s)} ثانیهٔ دیگر با کلیدی معتبر دوباره تلاش کنید (Retry-After).`,
    en: `More than ${n} requests with a missing or invalid api_key came from your address in a minute; retry after ${s} s (Retry-After) with a valid key.`,
  }),
};

/** Sets the budget's headers; throws the 429 when the request is over it. */
export function refuseOverBudget(reply: FastifyReply, charge: RateCharge | null, budget: Budget): void {
  setRateHeaders(reply, charge);
  if (charge && !charge.allowed) throw new Open311Error(429, [wording[budget](charge.limit, charge.retryAfterSeconds)]);
}
