import type { Actor } from "../core/access.ts";
import type { Flow, FlowEnv, InlineButton, ReplyButton, Translate } from "./types.ts";

/** A main-menu button: its label key, the command that does the same, and the flow it opens. */
export interface MenuEntry {
  key: string;
  command: string;
  flow?: string;
}

/** Staff work first (shown only to those whose role may open the flow), then what every citizen has. */
export const STAFF_MENU: MenuEntry[] = [
  { key: "menu-network", command: "network", flow: "network" },
  { key: "menu-log-activity", command: "activity", flow: "log_activity" },
  { key: "menu-activities", command: "activities", flow: "activities" },
  { key: "menu-consult", command: "consult", flow: "consult" },
  { key: "menu-monthly-report", command: "report", flow: "monthly_report" },
  { key: "menu-review-reports", command: "reviews", flow: "review_reports" },
  { key: "menu-quarterly-report", command: "quarterly", flow: "quarterly_report" },
  { key: "menu-agency-reports", command: "agencyreports", flow: "agency_reports" },
  { key: "menu-received-directives", command: "inbox", flow: "received_directives" },
  { key: "menu-issue-directive", command: "directive", flow: "issue_directive" },
  { key: "menu-follow-directives", command: "directives", flow: "follow_directives" },
  { key: "menu-announce", command: "announce", flow: "announce" },
  { key: "menu-invite", command: "invite", flow: "invite" },
  { key: "menu-staff", command: "staff", flow: "staff" },
  { key: "menu-stats", command: "stats", flow: "stats" },
  { key: "menu-export", command: "export", flow: "export" },
  { key: "menu-province-reports", command: "quarterlies", flow: "province_reports" },
  { key: "menu-dashboard", command: "dashboard", flow: "dashboard" },
];

export const CITIZEN_MENU: MenuEntry[] = [
  { key: "menu-file", command: "new", flow: "file_case" },
  { key: "menu-my-cases", command: "mycases", flow: "my_cases" },
  { key: "menu-track", command: "track", flow: "track_case" },
  { key: "menu-faq", command: "faq", flow: "faq" },
  { key: "menu-language", command: "lang" },
];

/** Whether the actor may open (and go on with) a flow: the flow's own roles decide. */
export const mayOpen = (flow: Pick<Flow, "roles"> | undefined, actor: Actor): boolean => !!flow && (!flow.roles || flow.roles.includes(actor.kind));

/** The staff entries this actor has, in menu order. */
export function staffEntries(flows: Record<string, Pick<Flow, "roles">>, actor: Actor): MenuEntry[] {
  return STAFF_MENU.filter((e) => e.flow && flows[e.flow] && mayOpen(flows[e.flow], actor));
}

/** The citizen's announcements switch as the menu shows it: «🔔 اطلاع‌رسانی‌ها: روشن» or «🔕 …: خاموش». */
export const announcementsLabel = (t: Translate, on: boolean) => t(on ? "menu-announcements-on" : "menu-announcements-off");

/**
 * The main menu, shown whenever no form is open: the actor's staff work two to a row, then the citizen's;
 * a citizen also gets the announcements switch, labelled with its state (`announcements`: opted in).
 */
export function mainMenu(t: Translate, actor?: Actor, flows?: Record<string, Pick<Flow, "roles">>, announcements?: boolean): ReplyButton[][] {
  const staff = actor && flows ? staffEntries(flows, actor) : [];
  return [
    ...grid(staff.map((e) => ({ text: t(e.key), data: "" })), 2).map((row) => row.map((b) => ({ text: b.text }))),
    [{ text: t("menu-file") }],
    [{ text: t("menu-my-cases") }, { text: t("menu-track") }],
    [{ text: t("menu-faq") }, { text: t("menu-language") }],
    ...(actor?.kind === "citizen" && announcements !== undefined ? [[{ text: announcementsLabel(t, announcements) }]] : []),
  ];
}

/** The main menu of the person behind `env`. */
export const menuFor = (env: Pick<FlowEnv, "t" | "actor" | "user">, flows: Record<string, Pick<Flow, "roles">>): ReplyButton[][] => mainMenu(env.t, env.actor, flows, env.user.announcementsOptIn);

/** The keyboard under every step of a form: one step back, or leave. */
export function formKeyboard(t: Translate, extra: ReplyButton[][] = []): ReplyButton[][] {
  return [...extra, [{ text: t("btn-back") }, { text: t("btn-cancel") }]];
}

/** Lays buttons out in rows of `perRow`. */
export function grid(buttons: InlineButton[], perRow: number): InlineButton[][] {
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}

/**
 * Previous/next buttons for a paged list, or none when everything fits on one page. Clients lay a row of
 * buttons out left to right in every language, so in a right-to-left locale (`text-direction = rtl`)
 * "next" comes first, on the left, where a Persian reader's eye goes on.
 */
export function pager(t: Translate, page: number, pages: number, data: (page: number) => string): InlineButton[][] {
  if (pages <= 1) return [];
  const row: InlineButton[] = [];
  if (page > 0) row.push({ text: t("btn-prev"), data: data(page - 1) });
  if (page < pages - 1) row.push({ text: t("btn-next"), data: data(page + 1) });
  return [t("text-direction") === "rtl" ? row.reverse() : row];
}
