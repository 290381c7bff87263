import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { reachOf, scopeCondition, type Actor } from "./access.ts";
import { isoCell, jalaliCell, textCell, yesNoCell, type ExportColumn, type ExportRange, type SheetExport } from "./export-cells.ts";

// Satisfaction surveys as a spreadsheet: one row per survey asked in a period, answered or not. Survey
// results are agency performance data, so they reach everyone who may count the cases (an assistant its
// county, a ministry's representative its agency); the case itself stays private, so its tracking code and
// the citizen's own words reach only those who may read the case (its agency's key, admins).

const CASE_COLUMNS: ExportColumn[] = [{ key: "tracking_code", fa: "کد رهگیری" }];

const SURVEY_COLUMNS: ExportColumn[] = [
  { key: "kind", fa: "نوع" },
  { key: "agency", fa: "دستگاه" },
  { key: "agency_code", fa: "کد دستگاه" },
  { key: "topic", fa: "موضوع دستگاه" },
  { key: "province", fa: "استان" },
  { key: "county", fa: "شهرستان" },
  { key: "asked_jalali", fa: "پرسش (شمسی)" },
  { key: "asked_at", fa: "پرسش (ISO)" },
  { key: "answered_jalali", fa: "پاسخ (شمسی)" },
  { key: "answered_at", fa: "پاسخ (ISO)" },
  { key: "solved", fa: "مشکل رفع شد" },
  { key: "rating", fa: "امتیاز (۱ تا ۵)" },
  { key: "objected", fa: "اعتراض" },
];

const COMMENT_COLUMNS: ExportColumn[] = [{ key: "comment", fa: "نظر شهروند" }];

/** Whether the actor reads any case itself, not only its figures: then the private columns are there. */
const readsCases = (actor: Actor) => reachOf(actor, "case", "read") !== "none";

/** The surveys the actor may count, asked in the range, oldest first, with the columns the actor may see. */
export function surveyExport(db: Db, actor: Actor, range: ExportRange, page = 2000): SheetExport {
  const withCase = readsCases(actor);
  return {
    sheet: "surveys",
    columns: withCase ? [...CASE_COLUMNS, ...SURVEY_COLUMNS, ...COMMENT_COLUMNS] : SURVEY_COLUMNS,
    pages: surveyPages(db, actor, range, withCase, page),
  };
}

async function* surveyPages(db: Db, actor: Actor, range: ExportRange, withCase: boolean, page: number) {
  const counted = scopeCondition(actor, "case", "count") ?? sql`true`;
  // Row by row as well: a row the actor counts but may not read keeps the private cells empty.
  const readable = scopeCondition(actor, "case", "read") ?? sql`true`;
  let after = 0;
  for (;;) {
    const rows = rowsOf(
      await db.execute(sql`
        select s.id, cases.tracking_code, cases.kind, a.name_fa as agency, a.code as agency_code, t.name_fa as topic, p.name_fa as province, co.name_fa as county,
               s.asked_at, s.answered_at, s.solved, s.rating, s.objected, s.comment, (${readable}) as readable
        from surveys s join cases on cases.id = s.case_id join agencies a on a.id = cases.agency_id
        join provinces p on p.id = cases.province_id join counties co on co.id = cases.county_id left join agency_topics t on t.id = cases.topic_id
        where s.id > ${after} and s.asked_at >= ${range.from.toISOString()}::timestamptz and s.asked_at < ${range.to.toISOString()}::timestamptz and ${counted}
        order by s.id limit ${page}`),
    );
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1].id);
    yield rows.map((r) => {
      const cells = [
        r.kind,
        r.agency,
        r.agency_code,
        r.topic ?? null,
        r.province,
        r.county,
        jalaliCell(r.asked_at),
        isoCell(r.asked_at),
        jalaliCell(r.answered_at),
        isoCell(r.answered_at),
        r.solved ?? null,
        r.rating === null || r.rating === undefined ? null : Number(r.rating),
        r.answered_at ? yesNoCell(r.objected) : null,
      ];
      if (!withCase) return cells;
      const mine = r.readable === true || r.readable === "t";
      return [mine ? r.tracking_code : null, ...cells, mine ? textCell(r.comment) : null];
    });
    if (rows.length < page) return;
  }
}
