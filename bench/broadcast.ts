import Fastify from "fastify";
import postgres from "postgres";
import { emulatorApiRoutes } from "../bot/emulator/api-routes.ts";
import { Emulator } from "../bot/emulator/emulator.ts";
import { createApiKey } from "../core/api-keys.ts";
import { openDatabase } from "../db/client.ts";
import { fileComplaint } from "./lib/citizen-script.ts";
import { dropPostgresDatabase, freshPostgresDatabase, perProcess } from "./lib/databases.ts";
import { freePort, startProcess, stopProcess } from "./lib/processes.ts";
import { SMOKE, size } from "./lib/smoke.ts";
import { formatFigures, LatencyRecorder, percentile, type RunFigures } from "./lib/stats.ts";
import type { ChildProcess } from "node:child_process";

// npm run bench:broadcast  (needs DATABASE_URL; RECIPIENTS=20000, SAMPLE=300, CITIZENS=50; BENCH_SMOKE=1:
// 400 recipients, a sample of 60, 5 citizens)
// An announcement to RECIPIENTS citizens, sent by Hamyar as its own process against the Bot-API emulator,
// which enforces a global flood limit (429 beyond it) and 1 message per second per chat like Telegram:
//   1. a short sample at 30/s (SAMPLE recipients) with SEND_RATE_PER_SECOND=30;
//      then CITIZENS citizens file a complaint (the bench:ingest script, 50 ms per Bot API call) against that
//      process alone, and again while an announcement to all RECIPIENTS goes out at 30/s (cancelled once they
//      are done): the ratio of their updates/s, the announcement's rate while they filed, their reply p99;
//   2. the full set at 1000/s (paid broadcasts), while a citizen chats with the bot: how long their replies take;
//   3. the full set again, killed with SIGKILL half way and restarted: who got it twice, who never got it.
// The rate is of messages the emulator accepted, first to last, as a fraction of its limit.
// Exits 1 when it fails, or when a filing citizen gave up.

const RECIPIENTS = size("RECIPIENTS", 20_000, 400);
const SAMPLE = Math.min(RECIPIENTS, size("SAMPLE", 300, 60));
const CITIZENS = size("CITIZENS", 50, 5);
const WARM_UP_CITIZENS = SMOKE ? 2 : 5;
const INGEST_LATENCY_MS = 50;
const FIRST_FILER = 5_000_000;
const FIRST_CHAT = 7_000_000;
const CITIZEN = 6_999_999;
const SECRET = "bench-broadcast-secret-0123456789";
const INSTANCE = "bench-broadcast-1";
const DB_NAME = perProcess("hamyar_bench_broadcast");

if (!process.env.DATABASE_URL) {
  console.error("bench:broadcast needs DATABASE_URL (a PostgreSQL server it may create a database on).");
  process.exit(2);
}

interface Receipt {
  chat: number;
  at: number;
}

async function main() {
  const url = await freshPostgresDatabase(process.env.DATABASE_URL!, DB_NAME);
  const emulator = new Emulator();
  emulator.recordCalls = false;
  const server = Fastify({ logger: false });
  await server.register(emulatorApiRoutes, { emulator });
  await server.listen({ host: "127.0.0.1", port: 0 });
  const apiRoot = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  const sql = postgres(url, { max: 2, onnotice: () => {} });

  // Receipts of each announcement, by its marker text.
  const receipts = new Map<string, Receipt[]>();
  emulator.on("update", (u: { type: string; message?: { from: string; chat_id: number; text?: string } }) => {
    if (u.type !== "message" || u.message?.from !== "bot" || !u.message.text) return;
    const list = receipts.get(u.message.text);
    if (list) list.push({ chat: u.message.chat_id, at: Date.now() });
  });

  const port = freePort();
  let child: ChildProcess | null = null;
  const start = async (env: Record<string, string>) => {
    child = startProcess("main.ts", {
      DATABASE_URL: url,
      BOT_TOKEN: emulator.token,
      BOT_API_ROOT: apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      INSTANCE_ID: INSTANCE,
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "0",
      // The scheduler's catch-up on a fresh database (last quarter's analyses) is one-off work at start, not the path measured.
      CRON: "false",
      ...env,
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error("Hamyar exited at start");
      if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error("Hamyar did not start within 60 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    emulator.webhook = { url: `http://127.0.0.1:${port}/webhook/telegram`, secret: SECRET };
  };

  await start({ SEND_RATE_PER_SECOND: "30" });
  const database = await openDatabase({ databaseUrl: url, dataDir: "memory://" });
  const key = (await createApiKey(database.db, { agencyCode: null, name: "bench" })).key;
  await database.close();
  const seed = async (from: number, to: number) => {
    for (let i = from; i < to; i++) emulator.userFor(FIRST_CHAT + i);
    await sql`insert into users (platform, platform_user_id, first_name, announcements_opt_in)
      select 'telegram', ${FIRST_CHAT}::bigint + g, 'citizen ' || g, true from generate_series(${from}::int, ${to - 1}::int) g`;
  };
  emulator.userFor(CITIZEN);

  const announce = async (text: string): Promise<number> => {
    receipts.set(text, []);
    const res = await fetch(`http://127.0.0.1:${port}/v1/broadcasts`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ text, audience: { to: "citizens" }, request_id: text }),
    });
    if (res.status !== 201) throw new Error(`POST /v1/broadcasts answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: number }).id;
  };
  const state = async (id: number) => (await sql`select state from deliveries where id = ${id}`)[0]?.state as string;
  const waitDone = async (id: number, text: string, expected: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((receipts.get(text)?.length ?? 0) >= expected && (await state(id)) === "done") return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`announcement ${id} not done within ${timeoutMs} ms: ${receipts.get(text)?.length} of ${expected} received`);
  };
  const figures = (text: string, expected: number, limit: number) => {
    const list = receipts.get(text)!;
    const perChat = new Map<number, number>();
    for (const r of list) perChat.set(r.chat, (perChat.get(r.chat) ?? 0) + 1);
    const duplicates = [...perChat.values()].reduce((s, n) => s + n - 1, 0);
    const missing = expected - perChat.size;
    const seconds = (list[list.length - 1].at - list[0].at) / 1000;
    const rate = (list.length - 1) / seconds;
    return { rate, fraction: rate / limit, duplicates, missing, seconds, sent: list.length };
  };

  const refusedSince = (b: { global: number; perChat: number }) => `${emulator.refused.global - b.global} 429s over the global limit, ${emulator.refused.perChat - b.perChat} over a chat's`;

  // 1. A short sample at 30/s.
  await seed(0, SAMPLE);
  emulator.faults.globalPerSecond = 30;
  emulator.faults.perChatPerSecond = 1;
  let before429 = { ...emulator.refused };
  const sampleText = `bench sample ${Date.now()}`;
  const sampleId = await announce(sampleText);
  await waitDone(sampleId, sampleText, SAMPLE, 120_000);
  const sample = figures(sampleText, SAMPLE, 30);
  console.log(`broadcast at 30/s: ${sample.fraction.toFixed(3)} of the limit (${sample.sent} in ${sample.seconds.toFixed(1)} s), ${refusedSince(before429)}, ${sample.missing} missing, ${sample.duplicates} duplicates`);

  // 1b. Citizens filing at 50 ms per Bot API call, against the 30/s process alone, then while an announcement
  // to every recipient goes out at 30/s. Replies to a citizen who just wrote are not held to the flood limits
  // (emulator: conversationMs), so both may reach their own targets at once.
  await seed(SAMPLE, RECIPIENTS);
  let filer = FIRST_FILER;
  const fileAll = async (name: string, n: number): Promise<{ figures: RunFigures; from: number; to: number }> => {
    const rec = new LatencyRecorder();
    const from = Date.now();
    const t0 = performance.now();
    const filed = await Promise.all(Array.from({ length: n }, () => fileComplaint(emulator, filer++, rec)));
    const seconds = (performance.now() - t0) / 1000;
    const figures = { ...rec.figures(name, INGEST_LATENCY_MS, seconds), casesFiled: filed.filter(Boolean).length, citizensFailed: rec.failures.length };
    for (const failure of rec.failures.slice(0, 3)) console.log(`  ${name}: ${failure}`);
    return { figures, from, to: Date.now() };
  };
  emulator.faults.latencyMs = INGEST_LATENCY_MS;
  await fileAll("warm-up", WARM_UP_CITIZENS);
  const alone = await fileAll("ingest alone (PostgreSQL)", CITIZENS);
  console.log(formatFigures(alone.figures));
  before429 = { ...emulator.refused };
  const duringText = `bench during ingest ${Date.now()}`;
  const duringId = await announce(duringText);
  // The citizens start once the announcement is under way.
  while ((receipts.get(duringText)?.length ?? 0) < 5) await new Promise((r) => setTimeout(r, 20));
  const during = await fileAll("ingest during a broadcast (PostgreSQL)", CITIZENS);
  const sentWhileFiling = receipts.get(duringText)!.filter((r) => r.at >= during.from && r.at <= during.to).length;
  const announcementDone = (await state(duringId)) === "done";
  await fetch(`http://127.0.0.1:${port}/v1/broadcasts/${duringId}/cancel`, { method: "POST", headers: { authorization: `Bearer ${key}` } });
  emulator.faults.latencyMs = 0;
  console.log(formatFigures(during.figures));
  const duringFraction = sentWhileFiling / ((during.to - during.from) / 1000) / 30;
  console.log(
    `broadcast at 30/s while citizens filed: ${duringFraction.toFixed(3)} of the limit (${sentWhileFiling} in ${((during.to - during.from) / 1000).toFixed(1)} s), ${refusedSince(before429)}` +
      (announcementDone ? "; the announcement ENDED before the citizens did (raise RECIPIENTS): the fraction is low for that" : ""),
  );
  const filingFailed = alone.figures.citizensFailed! + during.figures.citizensFailed!;

  // 2. The full set at 1000/s, a citizen chatting meanwhile.
  await stopProcess(child!);
  emulator.faults.globalPerSecond = 1000;
  await start({ PAID_BROADCAST: "true", PAID_BROADCAST_RATE: "1000" });
  before429 = { ...emulator.refused };
  const delays: number[] = [];
  let chatting = true;
  const citizen = (async () => {
    while (chatting) {
      const seq = emulator.botSeq(CITIZEN);
      const t0 = Date.now();
      await emulator.sendText(CITIZEN, "/help");
      await emulator.waitForBot(CITIZEN, seq, () => true, 10_000).then(
        () => delays.push(Date.now() - t0),
        () => delays.push(10_000),
      );
      // A person reads the answer before typing again (and the platform allows one message per second per chat).
      await new Promise((r) => setTimeout(r, 1500));
    }
  })();
  const fullText = `bench full ${Date.now()}`;
  const fullId = await announce(fullText);
  await waitDone(fullId, fullText, RECIPIENTS, 300_000);
  chatting = false;
  await citizen;
  const full = figures(fullText, RECIPIENTS, 1000);
  console.log(`broadcast at 1000/s (no kill): ${full.fraction.toFixed(3)} of the limit (${full.sent} in ${full.seconds.toFixed(1)} s), ${refusedSince(before429)}, ${full.missing} missing, ${full.duplicates} duplicates`);

  // 3. Again, killed half way and restarted under the same instance id.
  const killText = `bench kill ${Date.now()}`;
  const killId = await announce(killText);
  while ((receipts.get(killText)?.length ?? 0) < RECIPIENTS / 2) await new Promise((r) => setTimeout(r, 5));
  child!.kill("SIGKILL");
  await new Promise((r) => child!.once("exit", r));
  const atKill = receipts.get(killText)!.length;
  const [{ n: inFlight }] = await sql`select count(*)::int as n from delivery_recipients where delivery_id = ${killId} and state = 'sending'`;
  await start({ PAID_BROADCAST: "true", PAID_BROADCAST_RATE: "1000" });
  await waitDone(killId, killText, RECIPIENTS, 300_000);
  const killed = figures(killText, RECIPIENTS, 1000);
  console.log(`kill -9 after ${atKill} received: ${killed.missing} missing, ${killed.duplicates} duplicates, ${inFlight} claimed and not recorded at the kill`);

  const sorted = [...delays].sort((a, b) => a - b);
  console.log(`citizen replies during the 1000/s broadcast: ${sorted.length}, p50 ${percentile(sorted, 50)} ms, max ${sorted[sorted.length - 1]} ms`);
  console.log(`broadcast at 1000/s: ${full.fraction.toFixed(3)} of the limit, ${full.missing + killed.missing} missing, ${full.duplicates + killed.duplicates} duplicates (in flight at the kill: ${inFlight})`);
  console.log(`reply delay during broadcast: p99 ${percentile(sorted, 99)} ms`);
  const ingestRatio = during.figures.updatesPerSecond / alone.figures.updatesPerSecond;
  console.log(`ingest during a broadcast / ingest alone (PostgreSQL, ${INGEST_LATENCY_MS} ms): ${ingestRatio.toFixed(3)}`);
  console.log(`broadcast during ingest: ${duringFraction.toFixed(3)} of the limit`);
  console.log(`replies during the 30/s broadcast: p99 ${during.figures.p99.toFixed(0)} ms`);
  const met = (ok: boolean) => (ok && filingFailed === 0 ? "met" : "MISSED");
  console.log(
    `targets (${CITIZENS} citizens${SMOKE ? ", smoke size" : ""}): ingest during a broadcast ≥ 0.8× alone ${met(ingestRatio >= 0.8)}; broadcast ≥ 0.95 of its limit ${met(duringFraction >= 0.95)}; replies p99 ≤ 300 ms ${met(during.figures.p99 <= 300)}`,
  );
  if (filingFailed) console.log(`citizens FAILED (no reply within 10 s): ${filingFailed}`);

  await stopProcess(child!);
  emulator.close();
  await server.close();
  await sql.end();
  await dropPostgresDatabase(process.env.DATABASE_URL!, DB_NAME);
  return filingFailed === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  async (err) => {
    console.error(err);
    // The measured process dies with this one (lib/processes.ts); its database goes too.
    await dropPostgresDatabase(process.env.DATABASE_URL!, DB_NAME).catch(() => {});
    process.exit(1);
  },
);
