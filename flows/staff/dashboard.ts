import { issueDashboardLink, LINK_TTL_MS } from "../../core/dashboard-access.ts";
import { localDigits } from "../../core/persian.ts";
import type { Flow } from "../types.ts";

// /dashboard: a one-time link to the figures in a browser (handlers/http/dashboard.ts). The link's token
// row is written in the update's transaction, so the link is sent only once it works; the message is
// marked secret, so the reply queue forgets the link once the platform has it.

export const dashboardFlow: Flow = {
  name: "dashboard",
  interruptible: true,
  roles: ["assistant", "provincial", "ministry", "admin"],
  async start(env) {
    if (!env.appUrl) return { kind: "finish", messages: [{ text: env.t("dashboard-not-set-up") }] };
    const { token } = await issueDashboardLink(env.db, env.actor);
    const url = `${env.appUrl}/dashboard/open?t=${token}`;
    const text = env.t("dashboard-link", { url, minutes: localDigits(LINK_TTL_MS / 60_000, env.locale) });
    return { kind: "finish", messages: [{ text, secret: true, inline: [[{ text: env.t("dashboard-open-button"), data: "", url }]] }] };
  },
  steps: {},
};
