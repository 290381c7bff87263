import { toGregorian, toJalaali } from "jalaali-js";
import { describe, expect, it } from "vitest";
import { formatJalaliDate, formatJalaliDateTime } from "../../core/jalali.ts";
import { toAsciiDigits } from "../../core/persian.ts";

const monthNames = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

// Nowruz 1404 began at midnight Tehran time (UTC+3:30) on 21 March 2025.
const nowruz1404 = new Date("2025-03-20T20:30:00Z");
const lastMinuteOf1403 = new Date("2025-03-20T20:29:00Z");

describe("a Jalali date in Persian", () => {
  it("shows 1 Farvardin 1404 with the Persian month name and Persian digits", () => {
    expect(formatJalaliDate(nowruz1404, "fa")).toBe("۱ فروردین ۱۴۰۴");
  });

  it("shows the date and time with Persian digits only", () => {
    const text = formatJalaliDateTime(nowruz1404, "fa");
    expect(text).toMatch(/^۱ فروردین ۱۴۰۴/);
    expect(text).toContain("۰۰:۰۰");
    expect(text).not.toMatch(/[0-9]/);
  });

  it("shows midnight as ۰۰:۰۰, not ۲۴:۰۰", () => {
    expect(formatJalaliDateTime(nowruz1404, "fa")).not.toContain("۲۴:");
  });

  it("names every month in Persian", () => {
    monthNames.forEach((name, i) => {
      const { gy, gm, gd } = toGregorian(1404, i + 1, 15);
      expect(formatJalaliDate(new Date(Date.UTC(gy, gm - 1, gd, 9)), "fa")).toBe(`۱۵ ${name} ۱۴۰۴`);
    });
  });
});

describe("a Jalali date in English", () => {
  it("shows the Jalali month by its Persian name in Latin letters and Latin digits", () => {
    const text = formatJalaliDate(nowruz1404, "en");
    expect(text).toMatch(/^1 Farvardin 1404/);
    expect(text).not.toMatch(/[۰-۹]/);
  });

  it("shows the time in 24-hour Latin digits", () => {
    expect(formatJalaliDateTime(lastMinuteOf1403, "en")).toMatch(/^30 Esfand 1403.*23:59$/);
  });
});

describe("Tehran time", () => {
  it("puts 20:29 UTC on 20 March 2025 on the last day of 1403, at 23:59 in Tehran", () => {
    expect(formatJalaliDate(lastMinuteOf1403, "fa")).toBe("۳۰ اسفند ۱۴۰۳");
    expect(formatJalaliDateTime(lastMinuteOf1403, "fa")).toContain("۲۳:۵۹");
  });

  it("puts 20:30 UTC the same day on the first day of 1404", () => {
    expect(formatJalaliDate(nowruz1404, "fa")).toBe("۱ فروردین ۱۴۰۴");
  });

  it("is UTC+3:30 all year, as Iran dropped summer time in 2022", () => {
    expect(formatJalaliDateTime(new Date("2024-06-01T12:00:00Z"), "en")).toMatch(/15:30$/);
    expect(formatJalaliDateTime(new Date("2024-12-01T12:00:00Z"), "en")).toMatch(/15:30$/);
  });

  it("still shows summer time for dates before 2022", () => {
    expect(formatJalaliDateTime(new Date("2021-06-01T12:00:00Z"), "en")).toMatch(/16:30$/);
  });

  it("does not depend on the server's own time zone", () => {
    const before = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(formatJalaliDate(nowruz1404, "fa")).toBe("۱ فروردین ۱۴۰۴");
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe("the displayed calendar", () => {
  it("agrees with jalaali-js, which does month arithmetic, on every day from 1395 to 1420", () => {
    // Intl (display) and jalaali-js (report periods) must never disagree about which day it is.
    const start = Date.UTC(2016, 2, 20, 9);
    const end = Date.UTC(2042, 0, 1);
    for (let t = start; t < end; t += 86_400_000) {
      const date = new Date(t);
      const [day, month, year] = toAsciiDigits(formatJalaliDate(date, "fa")).split(" ");
      const expected = toJalaali(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
      expect({ year: Number(year), month: monthNames.indexOf(month) + 1, day: Number(day) }, date.toISOString()).toEqual({
        year: expected.jy,
        month: expected.jm,
        day: expected.jd,
      });
    }
  });
});
