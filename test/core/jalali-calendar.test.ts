import { describe, expect, it } from "vitest";
import { addDays, addMonths, isLeapYear, monthLength, monthRange, parseJalaliDate, parseMoment, parseMonthLabel, parseQuarterLabel, quarterMonths, quarterOf, startOfJalaliDay, tehranJalaliDay, tehranLabel } from "../../core/jalali-calendar.ts";

describe("Jalali days people type", () => {
  it("accepts 30 Esfand in a leap year and refuses it in a common year, saying the day does not exist", () => {
    expect(isLeapYear(1403)).toBe(true);
    expect(parseJalaliDate("1403/12/30")).toEqual({ ok: true, day: { jy: 1403, jm: 12, jd: 30 } });
    expect(isLeapYear(1404)).toBe(false);
    expect(parseJalaliDate("۱۴۰۴/۱۲/۳۰")).toEqual({ ok: false, reason: "no_such_day" });
    expect(monthLength({ jy: 1404, jm: 12 })).toBe(29);
  });

  it("refuses 31 Mehr (the second half of the year has 30-day months) and a 13th month as days that do not exist", () => {
    expect(parseJalaliDate("1405/07/31")).toEqual({ ok: false, reason: "no_such_day" });
    expect(parseJalaliDate("1405/06/31").ok).toBe(true);
    expect(parseJalaliDate("1405/13/01")).toEqual({ ok: false, reason: "no_such_day" });
  });

  it("reads Persian, Arabic and Latin digits, dashes and dots, and day-first dates; anything else is a format error", () => {
    for (const typed of ["1405/9/12", "۱۴۰۵-۰۹-۱۲", "١٤٠٥.٠٩.١٢", "12/9/1405"]) expect(parseJalaliDate(typed)).toEqual({ ok: true, day: { jy: 1405, jm: 9, jd: 12 } });
    for (const typed of ["دیروز", "1405/09", "2026/12/01", "05/09/12"]) expect(parseJalaliDate(typed).ok, typed).toBe(false);
    expect(parseJalaliDate("2026/12/01")).toEqual({ ok: false, reason: "format" });
  });
});

describe("Tehran's days, months and quarters", () => {
  it("starts 1 Farvardin at Tehran midnight, including years when Iran kept summer time", () => {
    expect(startOfJalaliDay({ jy: 1405, jm: 1, jd: 1 }).toISOString()).toBe("2026-03-20T20:30:00.000Z");
    // 1 Khordad 1400 was in summer time (+04:30); 31 Shahrivar 1400 was back on +03:30.
    expect(startOfJalaliDay({ jy: 1400, jm: 3, jd: 1 }).toISOString()).toBe("2021-05-21T19:30:00.000Z");
    expect(startOfJalaliDay({ jy: 1400, jm: 6, jd: 31 }).toISOString()).toBe("2021-09-21T20:30:00.000Z");
  });

  it("ends a month at Tehran midnight, which is the evening before in UTC", () => {
    const azar = monthRange({ jy: 1405, jm: 9 });
    expect(azar.to.toISOString()).toBe("2026-12-21T20:30:00.000Z");
    expect(tehranJalaliDay(new Date("2026-12-21T20:29:59Z"))).toEqual({ jy: 1405, jm: 9, jd: 30 });
    expect(tehranJalaliDay(new Date("2026-12-21T20:30:00Z"))).toEqual({ jy: 1405, jm: 10, jd: 1 });
  });

  it("puts the last day of Esfand in the fourth quarter and 1 Farvardin in the first quarter of the next year", () => {
    expect(quarterOf(12)).toBe(4);
    expect(quarterOf(1)).toBe(1);
    expect(quarterOf(3)).toBe(1);
    expect(quarterOf(4)).toBe(2);
    expect(quarterMonths(1403, 4)).toEqual([{ jy: 1403, jm: 10 }, { jy: 1403, jm: 11 }, { jy: 1403, jm: 12 }]);
    expect(addMonths({ jy: 1403, jm: 12 }, 1)).toEqual({ jy: 1404, jm: 1 });
    expect(addMonths({ jy: 1404, jm: 1 }, -1)).toEqual({ jy: 1403, jm: 12 });
    const esfand = monthRange({ jy: 1403, jm: 12 });
    expect(tehranJalaliDay(new Date(esfand.to.getTime() - 1))).toEqual({ jy: 1403, jm: 12, jd: 30 });
    expect(tehranJalaliDay(esfand.to)).toEqual({ jy: 1404, jm: 1, jd: 1 });
  });

  it("reads the API's period labels", () => {
    expect(parseMonthLabel("1405-09")).toEqual({ jy: 1405, jm: 9 });
    expect(parseMonthLabel("1405-13")).toBeNull();
    expect(parseQuarterLabel("1405-Q3")).toEqual({ jy: 1405, quarter: 3 });
    expect(parseQuarterLabel("1405-Q5")).toBeNull();
  });
});

describe("moments an operator types (hamyar job run --at)", () => {
  const at = (typed: string) => {
    const r = parseMoment(typed);
    if (!r.ok) throw new Error(r.reason);
    return { iso: r.at.toISOString(), dateOnly: r.dateOnly };
  };

  it("reads a Jalali date as Tehran's midnight and a Jalali date and time as Tehran's clock, in any digits", () => {
    expect(at("1405-09-25")).toEqual({ iso: "2026-12-15T20:30:00.000Z", dateOnly: true });
    for (const typed of ["1405/09/25 10:00", "۱۴۰۵-۰۹-۲۵T10:00", "1405-9-25 10:00:00"]) expect(at(typed), typed).toEqual({ iso: "2026-12-16T06:30:00.000Z", dateOnly: false });
  });

  it("reads ISO 8601 Gregorian times with an offset as given and without one as Tehran's", () => {
    expect(at("2026-12-16T06:30:00Z").iso).toBe("2026-12-16T06:30:00.000Z");
    expect(at("2026-12-16T10:00+03:30").iso).toBe("2026-12-16T06:30:00.000Z");
    expect(at("2026-12-16T10:00").iso).toBe("2026-12-16T06:30:00.000Z");
    expect(at("2026-12-16")).toEqual({ iso: "2026-12-15T20:30:00.000Z", dateOnly: true });
  });

  it("refuses 30 Esfand of a common year, a 25th hour, an offset on a Jalali date and words", () => {
    expect(at("1403-12-30").dateOnly).toBe(true);
    for (const [typed, reason] of [["1404-12-30", "not a day of the Jalali calendar"], ["1405-09-25 25:00", "no such time"], ["1405-09-25T10:00Z", "leave out the offset"], ["فردا", "is not a date"], ["2026-02-30", "Gregorian"]]) {
      const r = parseMoment(typed);
      expect(r.ok, typed).toBe(false);
      expect(r.ok ? "" : r.reason, typed).toContain(reason);
    }
  });

  it("counts days across Esfand of a leap year into Farvardin and prints instants as Tehran's Jalali date and time", () => {
    expect(addDays({ jy: 1403, jm: 12, jd: 29 }, 1)).toEqual({ jy: 1403, jm: 12, jd: 30 });
    expect(addDays({ jy: 1403, jm: 12, jd: 30 }, 1)).toEqual({ jy: 1404, jm: 1, jd: 1 });
    expect(addDays({ jy: 1404, jm: 12, jd: 29 }, 1)).toEqual({ jy: 1405, jm: 1, jd: 1 });
    expect(tehranLabel(new Date("2026-12-21T20:30:00Z"))).toBe("1405-10-01 00:00");
  });
});
