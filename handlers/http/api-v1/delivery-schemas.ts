import { z } from "zod";

// API v1 bodies and views of directives and announcements.

const codes = z.array(z.string().min(1).max(32)).max(100);
const ids = z.array(z.number().int().positive()).max(500);
const time = z.string().max(40).meta({ description: "An ISO 8601 instant with an offset (2026-12-10T09:00:00+03:30) or a Jalali date with an optional Tehran time (1405/09/20, 1405/09/20 09:00)." });
const requestId = z.string().min(1).max(100).optional().meta({ description: "Your id for this request: posting it again answers 200 with the first result and sends nothing twice." });

export const directiveAudience = z
  .object({
    roles: z.array(z.enum(["assistant", "provincial", "ministry"])).min(1),
    provinces: codes.optional().meta({ description: "Province codes (THR); none: every province." }),
    counties: ids.optional().meta({ description: "County ids: their assistants and their provinces' representatives." }),
    agencies: codes.optional().meta({ description: "Agency codes: only these agencies' ministry representatives." }),
  })
  .meta({ id: "DirectiveAudience" });

export const postDirectiveBody = z
  .object({
    title: z.string().trim().min(3).max(200),
    text: z.string().trim().min(3).max(3500),
    audience: directiveAudience,
    due_at: time.optional(),
    attachments: z.array(z.object({ url: z.url({ protocol: /^https?$/ }).max(2048) })).max(10).optional().meta({ description: "Documents sent with it, by URL (the platform fetches them)." }),
    request_id: requestId,
  })
  .meta({ id: "NewDirective" });

const counts = {
  total: z.number().int(),
  delivered: z.number().int(),
  blocked: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
};

export const directiveView = z
  .object({
    id: z.number().int(),
    title: z.string(),
    text: z.string(),
    due_at: z.string().nullable(),
    created_at: z.string(),
    issuer_role: z.string(),
    forwards: z.number().int().nullable().meta({ description: "The directive this one forwards." }),
    state: z.string(),
    ...counts,
    acknowledged: z.number().int(),
    progress: z.string().meta({ description: "«۱۲ از ۳۰ تأیید کرده‌اند»" }),
    not_acknowledged: z.array(z.object({ name: z.string().nullable(), username: z.string().nullable(), role: z.string(), province: z.string().nullable(), county: z.string().nullable(), received: z.boolean() })),
  })
  .meta({ id: "Directive" });

export const broadcastAudience = z
  .object({
    to: z.enum(["citizens", "staff"]),
    roles: z.array(z.enum(["assistant", "provincial", "ministry"])).min(1).optional().meta({ description: "Staff roles (to: staff); all three when absent." }),
    provinces: codes.optional(),
    counties: ids.optional(),
  })
  .meta({ id: "BroadcastAudience" });

export const postBroadcastBody = z
  .object({
    text: z.string().trim().min(1).max(4000),
    photo_url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
    audience: broadcastAudience,
    send_at: time.optional().meta({ description: "Send later (Jalali or ISO); now when absent." }),
    request_id: requestId,
  })
  .meta({ id: "NewBroadcast" });

export const broadcastView = z
  .object({ id: z.number().int(), state: z.string(), text: z.string(), send_at: z.string(), created_at: z.string(), finished_at: z.string().nullable(), ...counts, cancelled: z.number().int() })
  .meta({ id: "Broadcast" });
