import type { Context } from "grammy";
import type { Db } from "../db/client.ts";
import type { User } from "../core/users.ts";
import type { Session } from "../flows/engine.ts";
import type { FlowEnv } from "../flows/types.ts";
import type { ChatStateRow } from "../messaging/chat-state.ts";

/** The grammY context of Hamyar: the update's transaction, its chat session and its user. */
export interface BotContext extends Context {
  /** The transaction this update runs in; everything the update changes commits together with its update_id. */
  tx: Db;
  /** The chat's locked state row (flood counters, one-time notices); null for updates without a chat. */
  chatRow: ChatStateRow | null;
  /** The chat's flow session; saved before the transaction commits. */
  session: Session;
  user: User;
  /** Plain-data environment handed to flows and core functions. */
  env: FlowEnv;
}
