import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { buildAdminApp } from "../../handlers/http/admin-endpoint.ts";

// The app's loopback admin endpoint (handlers/http/admin-endpoint.ts) on its own, through inject with a
// chosen peer address; test/e2e/cli-and-running-app.test.ts drives it from a real CLI process.

const TOKEN = "t0ken-of-this-test_0123456789abcdef";
const ran: string[][] = [];
const app = buildAdminApp({
  token: TOKEN,
  logger: pino({ level: "silent" }),
  run: async (argv) => {
    ran.push(argv);
    return { exitCode: 3, output: [{ stream: "stdout", text: "done\n" }] };
  },
});
afterAll(() => app.close());

const post = (o: { remoteAddress?: string; authorization?: string; payload?: unknown }) =>
  app.inject({
    method: "POST",
    url: "/cli",
    remoteAddress: o.remoteAddress ?? "127.0.0.1",
    headers: o.authorization === undefined ? {} : { authorization: o.authorization },
    payload: (o.payload ?? { argv: ["apikey", "list"] }) as object,
  });

describe("the admin endpoint", () => {
  it("runs the argv it is given and answers with the command's output and exit code", async () => {
    ran.length = 0;
    const res = await post({ authorization: `Bearer ${TOKEN}`, remoteAddress: "::ffff:127.0.0.1" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ exitCode: 3, output: [{ stream: "stdout", text: "done\n" }] });
    expect(ran).toEqual([["apikey", "list"]]);
  });

  it("refuses a peer that is not on loopback, even with the right token", async () => {
    ran.length = 0;
    for (const remoteAddress of ["192.0.2.7", "::ffff:10.0.0.1", "fd00::2"]) {
      const res = await post({ authorization: `Bearer ${TOKEN}`, remoteAddress });
      expect(res.statusCode, remoteAddress).toBe(403);
      expect(res.json().error.code).toBe("not_loopback");
    }
    expect(ran).toEqual([]);
  });

  it("refuses a missing, wrong or differently sent token with 401", async () => {
    ran.length = 0;
    for (const authorization of [undefined, "", `Bearer ${TOKEN.slice(1)}`, `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const res = await post({ authorization });
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.json().error.code).toBe("bad_admin_token");
    }
    expect(ran).toEqual([]);
  });

  it("answers 400 with a JSON body for a body that is not an argv", async () => {
    for (const payload of [{}, { argv: "apikey list" }, { argv: [1, 2] }, { argv: Array(201).fill("x") }]) {
      const res = await post({ authorization: `Bearer ${TOKEN}`, payload });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(400);
      expect(res.json().error.code).toBe("bad_argv");
    }
  });
});
