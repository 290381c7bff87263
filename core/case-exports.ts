import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { scopeCondition, type Actor } from "./access.ts";
import { formatJalaliDateTime } from "./jalali.ts";
import { CLOSE_CAUSE_NAMES_FA, isCloseCause } from "./close-causes.ts";
import { KIND_NAMES, STATUS_NAMES } from "./open311.ts";

// Cases as a spreadsheet (CSV or XLSX): the cases the actor may read, filed in a period, one row each with
// Persian headers and both Jalali and ISO times. Kind, status, channel and closing cause are in Persian for
// people, each with its code in a column of its own for machines (at the end, so a reader's columns stay
// where they were). A reopened case shows no closing cause: the cause was of a closing that no longer
// stands. Read in pages by id, so an export of any size holds one
// page in memory while it streams. No description, contact or national ID: an export leaves the system and
// is passed around; the case itself is one API call away.

export const CASE_EXPORT_COLUMNS: { key: string; fa: string }[] = [
  { key: "tracking_code", fa: "کد رهگیری" },
  { key: "kind", fa: "نوع" },
  { key: "status", fa: "وضعیت" },
  { key: "agency", fa: "دستگاه" },
  { key: "agency_code", fa: "کد دستگاه" },
  { key: "topic", fa: "موضوع دستگاه" },
  { key: "province", fa: "استان" },
  { key: "county", fa: "شهرستان" },
  { key: "subject", fa: "عنوان" },
  { key: "channel", fa: "راه ثبت" },
  { key: "filed_jalali", fa: "ثبت (شمسی)" },
  { key: "filed_at", fa: "ثبت (ISO)" },
  { key: "deadline_jalali", fa: "مهلت پاسخ (شمسی)" },
  { key: "deadline_at", fa: "مهلت پاسخ (ISO)" },
  { key: "closed_jalali", fa: "پایان (شمسی)" },
  { key: "closed_at", fa: "پایان (ISO)" },
  { key: "close_cause", fa: "علت" },
  { key: "kind_code", fa: "کد نوع" },
  { key: "status_code", fa: "کد وضعیت" },
  { key: "channel_code", fa: "کد راه ثبت" },
  { key: "close_cause_code", fa: "کد علت" },
];

const CHANNEL_NAMES_FA: Record<string, string> = { bot: "گفتگو با ربات", open311: "Open311", api: "API" };
const named = <T extends string>(names: Record<T, { fa: string }>, code: unknown) => (code == null ? null : (names[code as T]?.fa ?? String(code)));

export type ExportRow = (string | null)[];

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const jalali = (v: unknown) => (v ? formatJalaliDateTime(new Date(v as string), "fa") : null);

/** The export's rows, page by page (`page` rows at a time), oldest first. */
export async function* caseExportRows(db: Db, actor: Actor, period: { from: Date; to: Date }, page = 2000): AsyncGenerator<ExportRow[]> {
  const scope = scopeCondition(actor, "case", "read") ?? sql`true`;
  let after = 0;
  for (;;) {
    const rows = rowsOf(
      await db.execute(sql`
        select cases.id, cases.tracking_code, cases.kind, cases.status, a.name_fa as agency, a.code as agency_code, t.name_fa as topic,
               p.name_fa as province, co.name_fa as county, cases.subject, cases.channel, cases.created_at, cases.expected_at, cases.closed_at, cases.close_cause
        from cases join agencies a on a.id = cases.agency_id join provinces p on p.id = cases.province_id join counties co on co.id = cases.county_id
        left join agency_topics t on t.id = cases.topic_id
        where cases.id > ${after} and cases.created_at >= ${period.from.toISOString()}::timestamptz and cases.created_at < ${period.to.toISOString()}::timestamptz and ${scope}
        order by cases.id limit ${page}`),
    );
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1].id);
    yield rows.map((r) => {
      const cause = r.status === "reopened" ? null : (r.close_cause ?? null);
      return [
        r.tracking_code,
        named(KIND_NAMES, r.kind),
        named(STATUS_NAMES, r.status),
        r.agency,
        r.agency_code,
        r.topic ?? null,
        r.province,
        r.county,
        r.subject,
        CHANNEL_NAMES_FA[r.channel as string] ?? r.channel,
        jalali(r.created_at),
        iso(r.created_at),
        jalali(r.expected_at),
        iso(r.expected_at),
        jalali(r.closed_at),
        iso(r.closed_at),
        cause === null ? null : isCloseCause(cause) ? CLOSE_CAUSE_NAMES_FA[cause] : String(cause),
        r.kind,
        r.status,
        r.channel,
        cause,
    ];
    });
    if (rows.length < page) return;
  }
}
