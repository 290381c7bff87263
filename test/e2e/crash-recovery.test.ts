import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import { toAsciiDigits } from "../../core/persian.ts";
import { cases, users } from "../../db/schema.ts";
import { useEmulatorServer } from "../support/emulator-server.ts";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { childDatabase } from "../support/database.ts";
import { EmulatorCitizen, withText } from "../support/emulator-citizen.ts";

// Kill -9 at each point of a filing, with Hamyar in a process of its own behind the emulator's webhook:
// before the commit, after the commit and before the reply is sent, and after the platform took the
// reply but before Hamyar recorded it. Every time, once Hamyar is back: exactly one case, and every
// tracking code the citizen was shown exists and is theirs.

const SECRET = "crash-secret-0123456789abcdef";
let emulator: Emulator;
let apiRoot: string;
useEmulatorServer((s) => ({ emulator, apiRoot } = s));

const points = ["before-commit", "after-commit", "during-send"] as const;

describe("a filing killed with SIGKILL", () => {
  it.each(points)("at %s leaves exactly one case, and every code shown is real and the citizen's", async (point) => {
    const database = await childDatabase();
    const port = await appPort();
    const env = {
      ...database.env,
      BOT_TOKEN: emulator.token,
      BOT_API_ROOT: apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: SECRET,
      INSTANCE_ID: `crash-test-${port}`,
    };
    let app: AppProcess | undefined;
    try {
      // Armed only for the step whose reply shows a tracking code: the confirmation (the welcome only
      // mentions codes). The code stands in a left-to-right isolate (core/bidi.ts).
      app = await startApp({ ...env, HAMYAR_CRASH_AT: point, HAMYAR_CRASH_IF: "کد رهگیری: \u2066?[۰-۹]" }, port);
      emulator.webhook = { url: `http://127.0.0.1:${port}/webhook/telegram`, secret: SECRET };
      const citizen = new EmulatorCitizen(emulator, 880_000 + points.indexOf(point));
      await citizen.fillComplaint().catch((err) => {
        throw new Error(`${err}\nHamyar's stderr: ${app?.stderr()}`);
      });

      // The emulator keeps redelivering the confirmation until a Hamyar accepts it, like the platform.
      const seq = emulator.botSeq(citizen.id);
      const delivered = citizen.pressInline("تأیید و ثبت نهایی");
      expect(await app.exited).toBe("SIGKILL");
      app = await startApp(env, port);
      await delivered;
      await emulator.waitForBot(citizen.id, seq, withText("کد رهگیری"), 30_000);
      // Time for a second, wrong code to show up if one were coming.
      await new Promise((r) => setTimeout(r, 1500));
      await stopApp(app);
      app = undefined;

      const shown = citizen.codesShown();
      expect(shown).toHaveLength(1);
      const db = await database.open();
      try {
        const [owner] = await db.db.select().from(users).where(eq(users.platformUserId, citizen.id));
        const filed = await db.db.select().from(cases).where(eq(cases.userId, owner.id));
        expect(filed).toHaveLength(1);
        expect(filed[0].trackingCode).toBe(toAsciiDigits(shown[0]));
      } finally {
        await db.close();
      }
    } finally {
      emulator.webhook = null;
      await stopApp(app);
      await database.drop();
    }
  }, 180_000);
});

// An ordinary step (no case filed yet) killed right after the platform took its reply: the person has seen
// the next question, so the step must be on disk — after the restart their answer lands on that question,
// not on the one before. (Ordinary steps used to commit without waiting for the disk, and on the embedded
// database the step was gone while its question had been shown.)
describe("an ordinary step killed with SIGKILL just after its reply was shown", () => {
  it.each([1, 2])("is still where the reply said after the restart (run %i)", async (run) => {
    const database = await childDatabase();
    const port = await appPort();
    const env = { ...database.env, BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET, INSTANCE_ID: `crash-step-${port}` };
    let app: AppProcess | undefined;
    try {
      app = await startApp({ ...env, HAMYAR_CRASH_AT: "during-send", HAMYAR_CRASH_IF: "شرح کامل" }, port);
      emulator.webhook = { url: `http://127.0.0.1:${port}/webhook/telegram`, secret: SECRET };
      const citizen = new EmulatorCitizen(emulator, 881_000 + run);
      await citizen.fillUntilSubject();
      // The subject is answered; the description's question reaches the platform, and Hamyar dies.
      const seq = emulator.botSeq(citizen.id);
      const sent = emulator.sendText(citizen.id, "کمبود معلم در مدرسهٔ محله");
      expect(await app.exited).toBe("SIGKILL");
      await emulator.waitForBot(citizen.id, seq, withText("شرح کامل"), 10_000);
      app = await startApp(env, port);
      await sent;
      // The answer to the question shown is taken as that: the next question is about attachments.
      const reply = await citizen.say("از ابتدای سال تحصیلی کلاس ریاضی پایهٔ نهم مدرسهٔ محلهٔ ما معلم ندارد.", /پیوست|عنوان/);
      expect(reply.text).toContain("پیوست");
    } finally {
      emulator.webhook = null;
      await stopApp(app);
      await database.drop();
    }
  }, 180_000);
});
