import { createHash } from "node:crypto";
import type { Update } from "grammy/types";

// An update is known by its id and its content. The platform redelivers an update it could not hand over
// byte for byte, id included; but the id alone does not name one update for ever: Telegram starts its ids
// again from a random number after a week without updates, and the local chat page's emulator started at 1
// at every start. An id seen before with other content is a new update, not a redelivery.

/** A short hash of the update without its id: equal for a redelivery, different for another update. */
export function updateFingerprint(update: Update): string {
  const { update_id: _id, ...content } = update;
  return createHash("sha256").update(JSON.stringify(content)).digest("base64url").slice(0, 16);
}
