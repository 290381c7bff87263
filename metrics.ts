import { Counter, Gauge, Histogram, Registry } from "prom-client";

// Metrics for operators (GET /metrics, Prometheus text format; METRICS=true). The counters live here, one
// registry for the process, and the places that count import them: a counter's increment is a few
// nanoseconds, and threading a metrics object through every worker would add a parameter to each for no
// gain in testability (tests read the registry). Figures that are state, not events — outbox depth and
// age, recipients waiting — are read from the database at scrape time (handlers/http/metrics.ts).

export const registry = new Registry();

export const updatesHandled = new Counter({
  name: "hamyar_updates_total",
  help: "Platform updates handled, by outcome: done, duplicate (a redelivery, ignored), failed (a bug, acknowledged), transient (retried or answered 5xx).",
  labelNames: ["platform", "outcome"] as const,
  registers: [registry],
});

export const updateSeconds = new Histogram({
  name: "hamyar_update_seconds",
  help: "Time to handle one update, from its arrival to its commit (the step's latency), by platform.",
  labelNames: ["platform"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const repliesQueued = new Counter({
  name: "hamyar_replies_queued_total",
  help: "Chat messages queued by updates (rows of the reply queue), by platform.",
  labelNames: ["platform"] as const,
  registers: [registry],
});

export const messagesSent = new Counter({
  name: "hamyar_messages_sent_total",
  help: "Messages the platform took, by platform and sender: chat (replies and notifications) or delivery (directives, announcements, consultations, reminders).",
  labelNames: ["platform", "sender"] as const,
  registers: [registry],
});

export const botApiErrors = new Counter({
  name: "hamyar_bot_api_errors_total",
  help: "Bot API calls that failed, by platform and error code (429, 403, 400, 5xx; network for no answer).",
  labelNames: ["platform", "code"] as const,
  registers: [registry],
});

export const webhookDeliveries = new Counter({
  name: "hamyar_webhook_deliveries_total",
  help: "Attempts to deliver agency webhooks, by outcome: delivered, failed.",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

export const outboxDepth = new Gauge({ name: "hamyar_outbox_pending", help: "Outbox items waiting, by kind.", labelNames: ["kind"] as const, registers: [registry] });
export const outboxAge = new Gauge({ name: "hamyar_outbox_oldest_seconds", help: "Age of the oldest waiting outbox item, by kind.", labelNames: ["kind"] as const, registers: [registry] });
export const repliesPending = new Gauge({ name: "hamyar_replies_pending", help: "Chat messages waiting to be sent, by platform.", labelNames: ["platform"] as const, registers: [registry] });
export const recipientsPending = new Gauge({ name: "hamyar_delivery_recipients_pending", help: "Recipients of directives, announcements and consultations not yet sent, by platform.", labelNames: ["platform"] as const, registers: [registry] });
export const databasePool = new Gauge({ name: "hamyar_database_pool", help: "Database connections: size (configured) and busy (queries in flight now).", labelNames: ["state"] as const, registers: [registry] });

/** The error code label of a failed Bot API call. */
export const errorCode = (err: unknown): string => {
  const code = (err as { error_code?: unknown })?.error_code;
  return typeof code === "number" ? String(code) : "network";
};
