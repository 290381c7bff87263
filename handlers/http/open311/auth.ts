import type { FastifyReply, FastifyRequest } from "fastify";
import { verifyApiKey, type ApiPrincipal, type ApiScope } from "../../../core/api-keys.ts";
import type { Open311Context } from "./context.ts";
import { forbidden, type Message } from "./errors.ts";
import { one } from "./params.ts";
import { refuseOverBudget } from "./rate-limit.ts";

// The api_key of the resources that carry citizens' cases. The spec lets GET requests go without a key;
// Hamyar does not, because a service request is a citizen's report and, by law, not public. The message
// for a missing key says how to send one, and what FixMyStreet (the client that made this matter) needs.

const KEY_REQUIRED_TO_WRITE: Message = {
  fa: "api_key لازم است: کلید API همیار خود را در فیلد api_key بفرستید (یا در سرآیند Authorization: Bearer). در FixMyStreet همان «Open311 API Key» دستگاه است.",
  en: "api_key is required: send your Hamyar API key in the api_key field (or an Authorization: Bearer header). In FixMyStreet it is the body's \"Open311 API Key\".",
};

const KEY_REQUIRED_TO_READ: Message = {
  fa:
    "api_key لازم است: درخواست‌ها گزارش شهروندان‌اند و عمومی نیستند. کلید API همیار خود را در پارامتر api_key بفرستید " +
    "(یا در سرآیند Authorization: Bearer). FixMyStreet کلید «Open311 API Key» دستگاه را فقط با POSTها و servicerequestupdates می‌فرستد، " +
    "نه با GET requests در «Use Open311 problem fetching»؛ آن گزینه را خاموش بگذارید (docs/open311.md).",
  en:
    "api_key is required: service requests are citizens' reports and are not public. Send your Hamyar API key as the api_key " +
    "parameter (or an Authorization: Bearer header). FixMyStreet sends its body's \"Open311 API Key\" only with POSTs and " +
    "servicerequestupdates, not with GET requests for \"Use Open311 problem fetching\": leave that option off (docs/open311.md).",
};

/**
 * The key's principal; 403 for a missing, unknown or revoked key and for one without the scope. A valid
 * key spends its own budget, a missing or bad one the client address's budget of failed authentications
 * (429 past either).
 */
export async function principalOf(ctx: Open311Context, request: FastifyRequest, reply: FastifyReply, scope: ApiScope): Promise<ApiPrincipal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const key = one(ctx.params, "api_key") ?? bearer;
  const principal = key ? await verifyApiKey(ctx.deps.db, key) : null;
  if (!principal) {
    refuseOverBudget(reply, await ctx.deps.rateLimits.authFailure(request), "auth_failures");
    if (!key) throw forbidden(request.method === "GET" ? KEY_REQUIRED_TO_READ : KEY_REQUIRED_TO_WRITE);
    throw forbidden({
      fa: "api_key نامعتبر یا باطل‌شده است؛ کلید تازه‌ای از مدیر سامانهٔ همیار بگیرید (npx hamyar apikey create --agency CODE).",
      en: "Invalid or revoked api_key; ask the Hamyar administrator for a new one (npx hamyar apikey create --agency CODE).",
    });
  }
  refuseOverBudget(reply, await ctx.deps.rateLimits.key(request, principal.keyId), "key");
  if (!principal.scopes.includes(scope)) {
    throw forbidden({
      fa: `این api_key دسترسی ${scope} ندارد؛ کلیدی بگیرید که آن را دارد (npx hamyar apikey create --agency CODE بدون --scopes همهٔ دسترسی‌ها را می‌دهد).`,
      en: `This api_key lacks the ${scope} scope; use a key that has it (npx hamyar apikey create --agency CODE without --scopes grants every scope).`,
    });
  }
  return principal;
}
