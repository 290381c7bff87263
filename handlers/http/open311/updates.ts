import type { FastifyInstance } from "fastify";
import { DomainError } from "../../../core/errors.ts";
import { sendFollowup, sendFollowupOnce } from "../../../core/followups.ts";
import { clientCommentText, clientUpdateKey, MAX_RESULTS, OPEN311_PLATFORM, open311Status } from "../../../core/open311.ts";
import { parseTrackingCode } from "../../../core/tracking-code.ts";
import type { ApiDeps } from "../deps.ts";
import { principalOf } from "./auth.ts";
import { contextOf, requestNotFound } from "./context.ts";
import { readDates, windowOf } from "./date-window.ts";
import { badRequest, forbidden } from "./errors.ts";
import { sendDoc, type Format } from "./format.ts";
import { refuseFiles } from "./media.ts";
import { openapi } from "./openapi.ts";
import { readPostBody } from "./post-body.ts";
import { readComment } from "./update-input.ts";
import { findCommentTarget, findUpdates } from "./update-store.ts";
import { updateView } from "./update-view.ts";
import { keyActor } from "../../../core/access.ts";

// The servicerequestupdates extension FixMyStreet uses (its Open311 spec; perllib/Open311.pm): GET pulls
// what changed on the requests a key sees, POST sends a comment on one. Both need the key, which
// FixMyStreet sends on both (the body's "Open311 API Key").

const FORMATS: Format[] = ["json", "xml"];

export async function updateRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  for (const format of FORMATS) {
    app.get(`/servicerequestupdates.${format}`, openapi.queryUpdates(format), async (request, reply) => {
      const ctx = contextOf(deps, request);
      const principal = await principalOf(ctx, request, reply, "cases:read");
      const dates = readDates(ctx.params);
      if (dates.errors.length > 0) throw badRequest(...dates.errors);
      const rows = await findUpdates(deps.db, keyActor(principal), windowOf(dates.start, dates.end), MAX_RESULTS);
      return sendDoc(reply, format, { root: "service_request_updates", body: rows.map((r) => updateView(r, ctx.locale)) });
    });

    app.post(`/servicerequestupdates.${format}`, openapi.postUpdate(format), async (request, reply) => {
      const { form, files } = await readPostBody(request);
      const ctx = contextOf(deps, request, form);
      const principal = await principalOf(ctx, request, reply, "cases:write");
      refuseFiles(files);
      const comment = readComment(ctx.params);
      const parsed = parseTrackingCode(comment.serviceRequestId);
      const target = parsed.ok ? await findCommentTarget(deps.db, keyActor(principal), parsed.code) : null;
      if (!target) throw requestNotFound(comment.serviceRequestId);
      // A case filed in the bot belongs to a citizen who writes in the chat: nobody else may speak for them.
      if (target.channel !== OPEN311_PLATFORM) {
        throw forbidden({
          fa: `درخواست «${comment.serviceRequestId}» در بازوی همیار ثبت شده است؛ فقط بر درخواست‌هایی که با Open311 ثبت شده‌اند می‌توان پیام فرستاد.`,
          en: `Request "${comment.serviceRequestId}" was filed in Hamyar's chat bot; comments may be posted only on requests filed through Open311.`,
        });
      }
      // The client's view of the status is told to the agency only when it differs from the case's.
      const reported = comment.reportedStatus && comment.reportedStatus !== open311Status(target.status) ? comment.reportedStatus : undefined;
      const text = clientCommentText({ description: comment.description, mediaUrl: comment.mediaUrl, reportedStatus: reported });
      const message = { caseId: target.caseId, userId: target.userId, text, holidays: deps.holidays };
      let sent;
      try {
        sent = comment.updateId ? await sendFollowupOnce(deps.db, { ...message, key: clientUpdateKey(principal.keyId, comment.updateId) }) : await sendFollowup(deps.db, message);
      } catch (err) {
        if (!(err instanceof DomainError && err.code === "key_reused")) throw err;
        throw badRequest({
          fa: `update_id «${comment.updateId}» پیش‌تر برای پیامی بر درخواست دیگری به کار رفته است؛ برای هر پیام شناسهٔ تازه‌ای بفرستید.`,
          en: `update_id "${comment.updateId}" was already used for a comment on another request; send a new id for each comment.`,
        });
      }
      return sendDoc(reply, format, { root: "service_request_updates", body: [{ update_id: String(sent.event.id) }] });
    });
  }
}
