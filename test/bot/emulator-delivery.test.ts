import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { emulatorApp, sleep, until, webhookReceiver, type EmulatorApp, type WebhookReceiver } from "./emulator-harness.ts";

// How updates reach the bot: a webhook over real HTTP, or an in-process deliverer; one chat in order.

let e: EmulatorApp | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await e?.app.close();
  await receiver?.close();
  e = receiver = undefined;
});

const textOf = (u: Update) => u.message?.text ?? u.callback_query?.data;

describe("webhook delivery", () => {
  it("POSTs each update as JSON with the secret header, and the side door resolves once it is accepted", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    await e.api("setWebhook", { url: receiver.url, secret_token: "hook_Secret-42" });
    const update = await e.emu.sendText(5101, "سلام");
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers["x-telegram-bot-api-secret-token"]).toBe("hook_Secret-42");
    expect(receiver.received[0].headers["content-type"]).toBe("application/json");
    expect(receiver.received[0].update).toEqual(update);
    expect((await e.api("getWebhookInfo")).body.result.pending_update_count).toBe(0);
  });

  it("sends no secret header when none was set", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    await e.api("setWebhook", { url: receiver.url });
    await e.emu.sendText(5102, "سلام");
    expect(receiver.received[0].headers).not.toHaveProperty("x-telegram-bot-api-secret-token");
  });

  it("delivers one chat's updates strictly in order even when the receiver is slow for the first", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    const log: string[] = [];
    receiver.respond = async (u) => {
      log.push(`start ${textOf(u)}`);
      if (textOf(u) === "1") await sleep(300);
      log.push(`end ${textOf(u)}`);
      return 200;
    };
    await e.api("setWebhook", { url: receiver.url });
    await Promise.all(["1", "2", "3"].map((t) => e!.emu.sendText(5103, t)));
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("does not hold another chat back while one chat's update is slow", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    const log: string[] = [];
    receiver.respond = async (u) => {
      if (textOf(u) === "slow") await sleep(400);
      log.push(String(textOf(u)));
      return 200;
    };
    await e.api("setWebhook", { url: receiver.url });
    const slow = e.emu.sendText(5104, "slow");
    await e.emu.sendText(5105, "fast");
    expect(log).toEqual(["fast"]);
    expect((await e.api("getWebhookInfo")).body.result.pending_update_count).toBe(1);
    await slow;
    expect(log).toEqual(["fast", "slow"]);
  });

  it("redelivers the same update after a 500 until the receiver answers 200, keeping the chat's order", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    receiver.respond = (u, attempt) => (textOf(u) === "first" && attempt < 3 ? 500 : 200);
    const failures: unknown[] = [];
    e.emu.on("delivery_failed", (f) => failures.push(f));
    await e.api("setWebhook", { url: receiver.url });
    const first = e.emu.sendText(5106, "first");
    const second = e.emu.sendText(5106, "second");
    const [u1] = await Promise.all([first, second]);
    expect(receiver.received.map((r) => [r.update.update_id, textOf(r.update)])).toEqual([
      [u1.update_id, "first"],
      [u1.update_id, "first"],
      [u1.update_id, "first"],
      [u1.update_id + 1, "second"],
    ]);
    expect(failures).toEqual([{ update_id: u1.update_id, status: 500 }, { update_id: u1.update_id, status: 500 }]);
  });

  it("keeps retrying while the receiver is unreachable, and hands the update to getUpdates once the webhook is deleted", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    const url = receiver.url;
    await receiver.close();
    const failures: unknown[] = [];
    e.emu.on("delivery_failed", (f) => failures.push(f));
    await e.api("setWebhook", { url });
    let delivered = false;
    const sending = e.emu.sendText(5107, "سلام").then(() => (delivered = true));
    await until(() => failures.length >= 2);
    expect(delivered).toBe(false);
    await e.api("deleteWebhook");
    await sending;
    expect((await e.api("getUpdates")).body.result.map(textOf)).toEqual(["سلام"]);
  });

  it("stops redelivering on close(): a pending send rejects at once, and a long poll ends", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    receiver.respond = () => 503;
    await e.api("setWebhook", { url: receiver.url });
    const sending = e.emu.sendText(5109, "سلام");
    await until(() => receiver!.received.length >= 2);
    const closedAt = Date.now();
    e.emu.close();
    await expect(sending).rejects.toThrow("the emulator was closed before the update was delivered");
    expect(Date.now() - closedAt).toBeLessThan(500);

    const polling = new Emulator();
    const poll = polling.call(polling.token, "getUpdates", { timeout: 30 });
    polling.close();
    expect(await poll).toEqual([]);
  });

  it("hands updates queued for polling to a newly set webhook, unless told to drop them", async () => {
    e = await emulatorApp();
    receiver = await webhookReceiver();
    await e.emu.sendText(5108, "قبل از وبهوک");
    await e.api("setWebhook", { url: receiver.url });
    await until(() => receiver!.received.length === 1);
    expect(textOf(receiver.received[0].update)).toBe("قبل از وبهوک");

    await e.api("deleteWebhook");
    await e.emu.sendText(5108, "دورریختنی");
    await e.api("setWebhook", { url: receiver.url, drop_pending_updates: true });
    await e.emu.sendText(5108, "بعدی");
    expect(receiver.received.map((r) => textOf(r.update))).toEqual(["قبل از وبهوک", "بعدی"]);
  });
});

describe("in-process delivery", () => {
  it("calls the deliverer with each update and resolves the side door after it", async () => {
    const emu = new Emulator();
    const got: Update[] = [];
    emu.setDeliverer(async (u) => {
      await sleep(20);
      got.push(u);
    });
    const update = await emu.sendText(5201, "سلام");
    expect(got).toEqual([update]);
    expect(await emu.call(emu.token, "getUpdates", {})).toEqual([]);
  });

  it("keeps one chat's order and redelivers an update whose handling threw", async () => {
    const emu = new Emulator();
    const log: string[] = [];
    let failuresLeft = 2;
    emu.setDeliverer(async (u) => {
      if (textOf(u) === "1" && failuresLeft-- > 0) throw new Error("database down");
      if (textOf(u) === "1") await sleep(100);
      log.push(String(textOf(u)));
    });
    const failures: unknown[] = [];
    emu.on("delivery_failed", (f) => failures.push(f));
    await Promise.all(["1", "2"].map((t) => emu.sendText(5202, t)));
    expect(log).toEqual(["1", "2"]);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ error: "Error: database down" });
  });

  it("goes back to the getUpdates queue when the deliverer is removed", async () => {
    const emu = new Emulator();
    emu.setDeliverer(async () => {});
    emu.setDeliverer(null);
    await emu.sendText(5203, "سلام");
    expect(((await emu.call(emu.token, "getUpdates", {})) as Update[]).map(textOf)).toEqual(["سلام"]);
  });
});
