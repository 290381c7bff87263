import { describe, expect, it } from "vitest";
import { addWorkingDays, isOverdue, isWorkingDay, jalaliToGregorianKey } from "../../core/deadlines.ts";

// Dates below are instants; Tehran is UTC+3:30. 2026-11-22 is a Sunday (1 Azar 1405).
const tehranNoon = (isoDay: string) => new Date(`${isoDay}T08:30:00Z`);

describe("response deadlines in working days", () => {
  it("counts Saturday to Wednesday and ends at the end of the last working day in Tehran", () => {
    expect(addWorkingDays(tehranNoon("2026-11-22"), 1).toISOString()).toBe("2026-11-23T20:29:59.000Z");
    expect(addWorkingDays(tehranNoon("2026-11-22"), 3).toISOString()).toBe("2026-11-25T20:29:59.000Z");
  });

  it("skips Thursday and Friday", () => {
    // Wednesday + 1 working day is Saturday.
    expect(addWorkingDays(tehranNoon("2026-11-25"), 1).toISOString()).toBe("2026-11-28T20:29:59.000Z");
    // A case filed on Friday: the first working day is Saturday.
    expect(addWorkingDays(tehranNoon("2026-11-27"), 1).toISOString()).toBe("2026-11-28T20:29:59.000Z");
    // Ten working days are two calendar weeks.
    expect(addWorkingDays(tehranNoon("2026-11-22"), 10).toISOString()).toBe("2026-12-06T20:29:59.000Z");
  });

  it("skips official holidays given as Jalali dates", () => {
    const holidays = new Set([jalaliToGregorianKey("1405/09/02")!]); // Monday 2026-11-23
    expect(addWorkingDays(tehranNoon("2026-11-22"), 1, holidays).toISOString()).toBe("2026-11-24T20:29:59.000Z");
    expect(isWorkingDay(tehranNoon("2026-11-23"), holidays)).toBe(false);
  });

  it("uses the Tehran day, not the UTC day, for a filing just after midnight in Tehran", () => {
    // 2026-11-25 21:00 UTC is already Thursday 00:30 in Tehran: the next working day is Saturday.
    expect(addWorkingDays(new Date("2026-11-25T21:00:00Z"), 1).toISOString()).toBe("2026-11-28T20:29:59.000Z");
  });

  it("reads Jalali holiday dates and refuses impossible ones", () => {
    expect(jalaliToGregorianKey("1405/01/01")).toBe("2026-03-21");
    expect(jalaliToGregorianKey("1405/13/01")).toBeNull();
    expect(jalaliToGregorianKey("not a date")).toBeNull();
  });

  it("calls a case overdue only after its deadline and while it is open", () => {
    const expectedAt = new Date("2026-11-23T20:29:59Z");
    expect(isOverdue({ expectedAt, closedAt: null }, new Date("2026-11-23T20:00:00Z"))).toBe(false);
    expect(isOverdue({ expectedAt, closedAt: null }, new Date("2026-11-24T08:00:00Z"))).toBe(true);
    expect(isOverdue({ expectedAt, closedAt: new Date("2026-11-23T10:00:00Z") }, new Date("2026-11-30T08:00:00Z"))).toBe(false);
    expect(isOverdue({ expectedAt: null, closedAt: null })).toBe(false);
  });
});
