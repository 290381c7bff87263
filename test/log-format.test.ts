import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import pino from "pino";
import { parseConfig } from "../config.ts";
import { prettyLine, prettyStream } from "../log-format.ts";
import { loggerOptions } from "../logger.ts";

// Logs at a terminal read as lines; everywhere else they stay JSON. Redaction happens before either.

describe("readable logs", () => {
  it("write time, level, message and fields on one line, an error's stack below it", () => {
    const line = prettyLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 11, 2, 8, 4, 31), pid: 1, hostname: "h", msg: "could not register", component: "cron", note: "two words", err: { type: "Error", message: "boom", stack: "Error: boom\n    at x" } }), false);
    expect(line).toMatch(/^\d\d:\d\d:\d\d WARN  could not register {2}component=cron note="two words" err="Error: boom"\n {4}Error: boom\n {8}at x\n$/);
    expect(line).not.toContain("hostname");
  });

  it("pass a line that is not JSON through unchanged", () => {
    expect(prettyLine("plain text", false)).toBe("plain text\n");
  });

  it("keep secrets out: the pretty stream gets what pino redacted", () => {
    let out = "";
    const sink = Object.assign(new Writable({ write: (chunk, _e, done) => ((out += String(chunk)), done()) }), { isTTY: false });
    const logger = pino(loggerOptions("info"), prettyStream(sink));
    logger.info({ req: { headers: { authorization: "Bearer hy_secret_key" } } }, "request");
    expect(out).toContain("request");
    expect(out).not.toContain("hy_secret_key");
    expect(out).not.toContain("\x1b[");
  });

  it("are chosen by LOG_FORMAT, and refuse a format they do not know", () => {
    expect(parseConfig({ LOG_FORMAT: "pretty" }).logFormat).toBe("pretty");
    expect(parseConfig({ LOG_FORMAT: "json" }).logFormat).toBe("json");
    expect(() => parseConfig({ LOG_FORMAT: "xml" })).toThrow(/LOG_FORMAT/);
  });
});
