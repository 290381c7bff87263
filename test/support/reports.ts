import { eq } from "drizzle-orm";
import type { Actor } from "../../core/access.ts";
import type { JalaliMonth } from "../../core/jalali-calendar.ts";
import type { MonthlyFigures } from "../../core/report-figures.ts";
import { upsertUser } from "../../core/users.ts";
import type { Db } from "../../db/client.ts";
import { agencies, monthlyReports, monthlyReportVersions, users } from "../../db/schema.ts";

// Reports as the province and the API see them: monthly reports with a frozen version of chosen figures
// (written directly, so a test states exactly what each county-month reported), and staff actors.

let nextStaff = 800_000;

/** A provincial representative of a province (a users row holding the role), as the access model sees them. */
export async function provincialActor(db: Db, provinceId: number): Promise<Extract<Actor, { kind: "provincial" }>> {
  const user = await upsertUser(db, { platform: "telegram", platformUserId: nextStaff++, firstName: "نماینده" });
  await db.update(users).set({ roles: ["provincial"], provinceId }).where(eq(users.id, user.id));
  return { kind: "provincial", userId: user.id, provinceId };
}

/**
 * A staff member who has written to the bot (a users row on Telegram holding `role` in a region), in
 * Persian unless told; returns the user id and the chat their notices arrive in.
 */
export async function staffMember(db: Db, role: "assistant" | "provincial" | "admin", region: { provinceId?: number; countyId?: number } = {}, language: "fa" | "en" = "fa"): Promise<{ id: number; chatId: number }> {
  const chatId = nextStaff++;
  const user = await upsertUser(db, { platform: "telegram", platformUserId: chatId, firstName: role, languageCode: language });
  await db.update(users).set({ roles: [role], provinceId: region.provinceId ?? null, countyId: region.countyId ?? null }).where(eq(users.id, user.id));
  return { id: user.id, chatId };
}

/** A users row holding the admin role; returns its id. */
export async function adminUser(db: Db): Promise<number> {
  const user = await upsertUser(db, { platform: "telegram", platformUserId: nextStaff++, firstName: "مدیر" });
  await db.update(users).set({ roles: ["admin"] }).where(eq(users.id, user.id));
  return user.id;
}

export interface FiguresSpec {
  activities?: number;
  participants?: number;
  meetings?: number;
  proposals?: number;
  done?: number;
  /** Cases by agency code: filed, answered, overdue. */
  cases?: Record<string, [number, number, number]>;
  /** Activities linked to an agency, by code. */
  linked?: Record<string, number>;
}

/** Monthly figures with the given counts (everything else zero), agencies looked up by code. */
export async function figuresOf(db: Db, s: FiguresSpec): Promise<MonthlyFigures> {
  const rows = await db.select().from(agencies);
  const byCode = (code: string) => {
    const a = rows.find((r) => r.code === code);
    if (!a) throw new Error(`no seeded agency ${code}`);
    return a;
  };
  const byAgency = Object.entries(s.cases ?? {}).map(([code, [filed, answered, overdue]]) => {
    const a = byCode(code);
    return { agencyId: a.id, name: { fa: a.nameFa, en: a.nameEn }, filed, answered, overdue };
  });
  return {
    activities: {
      total: s.activities ?? 0,
      participants: s.participants ?? 0,
      byKind: { topical_meeting: s.meetings ?? 0 },
      byAgency: Object.entries(s.linked ?? {}).map(([code, n]) => ({ agencyId: byCode(code).id, n })),
    },
    proposals: { total: s.proposals ?? 0, byProgress: { reported: (s.proposals ?? 0) - (s.done ?? 0), in_progress: 0, done: s.done ?? 0, rejected: 0 }, items: [] },
    members: { active: 0, tookPart: 0 },
    cases: {
      filed: byAgency.reduce((n, a) => n + a.filed, 0),
      answered: byAgency.reduce((n, a) => n + a.answered, 0),
      overdue: byAgency.reduce((n, a) => n + a.overdue, 0),
      byAgency,
      topTopics: [],
    },
  };
}

export interface MonthlyReportSpec {
  countyId: number;
  provinceId: number;
  month: JalaliMonth;
  /** draft (no version), submitted, returned or accepted. */
  status: string;
  /** Figures of each submitted version, oldest first (the last is the one that counts). */
  versions?: FiguresSpec[];
  narrative?: string;
  obstacles?: string;
  proposals?: string;
}

/** A county's monthly report with its submitted versions, written directly. */
export async function monthlyReportWith(db: Db, s: MonthlyReportSpec): Promise<number> {
  const versions = s.status === "draft" ? [] : (s.versions ?? [{}]);
  const [report] = await db
    .insert(monthlyReports)
    .values({
      countyId: s.countyId,
      provinceId: s.provinceId,
      jYear: s.month.jy,
      jMonth: s.month.jm,
      status: s.status,
      version: versions.length,
      narrative: s.narrative ?? null,
      obstacles: s.obstacles ?? null,
      proposals: s.proposals ?? null,
      submittedAt: versions.length ? new Date() : null,
    })
    .returning();
  for (const [i, spec] of versions.entries()) {
    const last = i === versions.length - 1;
    await db.insert(monthlyReportVersions).values({
      reportId: report.id,
      version: i + 1,
      figures: (await figuresOf(db, spec)) as unknown as Record<string, unknown>,
      narrative: s.narrative ?? null,
      obstacles: last ? (s.obstacles ?? null) : null,
      proposals: last ? (s.proposals ?? null) : null,
      decision: !last ? "returned" : s.status === "accepted" || s.status === "returned" ? s.status : null,
    });
  }
  return report.id;
}
