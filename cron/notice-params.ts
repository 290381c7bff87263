import { monthName, type JalaliMonth } from "../core/jalali-calendar.ts";
import { localDigits } from "../core/persian.ts";
import type { Named } from "../core/report-figures.ts";
import type { NoticeParam } from "../core/staff-notices.ts";
import type { Actor } from "../core/access.ts";

// Parameters of the jobs' staff notices, in both languages (the worker picks the recipient's), and the
// lines the jobs return for the CLI and the log.

/** Scheduled work acts as the system (core/access.ts): it reaches every record. */
export const SYSTEM: Actor = { kind: "system" };

export const countParam = (n: number): NoticeParam => ({ fa: localDigits(n, "fa"), en: String(n) });
export const monthParam = (m: JalaliMonth): NoticeParam => ({ fa: monthName(m, "fa"), en: monthName(m, "en") });
export const namedParam = (x: Named): NoticeParam => ({ fa: x.fa, en: x.en });
export const namesParam = (xs: Named[]): NoticeParam => ({ fa: xs.map((x) => x.fa).join("، "), en: xs.map((x) => x.en).join(", ") });

/** "1 assistant", "3 assistants". */
export const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
