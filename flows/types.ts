import type { Db } from "../db/client.ts";
import type { AttachmentInput } from "../core/cases.ts";
import type { User } from "../core/users.ts";
import type { CatalogCache } from "../core/catalog.ts";
import type { Actor } from "../core/access.ts";
import type { GeneratedFileRef } from "../core/generated-files.ts";

// Flows speak plain data: an Input in, Messages out. They never see grammY or Fastify.

export type Input =
  | { type: "text"; text: string }
  /** `messageId`: the message the button is under, where the platform says (a bulk send's progress takes it over). */
  | { type: "button"; data: string; messageId?: number }
  | { type: "contact"; phone: string; isOwn: boolean }
  /** A photo, document or voice message; `caption` is the text sent with it (Persian-normalised), when any. */
  | { type: "file"; file: AttachmentInput; caption?: string }
  | { type: "location"; latitude: number; longitude: number }
  | { type: "unsupported"; what: string };

export interface InlineButton {
  text: string;
  /** Flow-local payload, at most 50 bytes; the engine prefixes the chat's state version. */
  data: string;
  /** A link the button opens instead of sending `data` (the dashboard's); it never comes back to the flow. */
  url?: string;
}

export interface ReplyButton {
  text: string;
  requestContact?: boolean;
  requestLocation?: boolean;
}

export interface Message {
  text: string;
  /** The text holds a secret (an invite code): the reply queue forgets it once the platform has it. */
  secret?: boolean;
  inline?: InlineButton[][];
  reply?: ReplyButton[][];
  /** An image the product drew (a chart) shown with the text as its caption (core/generated-files.ts). */
  photo?: GeneratedFileRef;
  /** A file the product made (a spreadsheet) sent as a document with the text as its caption. */
  document?: GeneratedFileRef;
  /** Parts of the text a tap copies (a tracking code): sent as `code` entities where the platform has them (bot/render.ts). */
  copyable?: string[];
  /** The question alone, without the hints under it, for showing it answered (flows/engine.ts); the whole text when absent. */
  question?: string;
  /** The whole message is made after the step's commit, by the chat sender (flows/later.ts); `text` is then unused. */
  later?: LaterWork;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface FlowEnv {
  db: Db;
  /** The process's cache of reference data (agencies, regions); see core/catalog.ts. */
  catalogCache?: CatalogCache;
  /** Official holidays (Gregorian day keys) that do not count towards response deadlines. */
  holidays?: ReadonlySet<string>;
  user: User;
  /** Who the user is to the access model (core/access.ts): a citizen, or staff with a role and region. */
  actor: Actor;
  platform: string;
  /** Platform user ids of the admins by configuration (ADMIN_IDS), for notices to admins; empty when none. */
  adminIds?: ReadonlySet<number>;
  /** The bot's username, for links that open it (t.me/<bot>?start=…); absent when unknown. */
  botUsername?: string;
  /** Where people reach the app's own pages (PUBLIC_URL, or http://HOST:PORT in local mode); absent: no links to them. */
  appUrl?: string;
  locale: "fa" | "en";
  t: Translate;
}

export type Draft = Record<string, unknown>;

export type Outcome<D extends Draft = Draft> =
  /** Enter a step (or re-enter the same one) and show its prompt, after an optional notice. */
  | { kind: "goto"; step: string; draft: D; notice?: string }
  /** Stay on the step with the draft unchanged; tell the user what was wrong. */
  | { kind: "invalid"; error: string }
  /**
   * Stay on the step with a new draft and show the prompt again (edited in place when a button was pressed);
   * quiet: only the notice, e.g. "photo 2 of 5 received" for each photo of an album.
   */
  | { kind: "update"; draft: D; notice?: string; quiet?: boolean }
  /**
   * The flow is over; show these messages and the main menu. `keepPressed`: the pressed question is left
   * as it is, because the step made it into something else (a bulk send's preview becomes its progress).
   */
  | { kind: "finish"; messages: Message[]; keepPressed?: boolean };

export interface Step<D extends Draft = Draft> {
  prompt(env: FlowEnv, draft: D): Message | Promise<Message>;
  handle(env: FlowEnv, draft: D, input: Input): Outcome<D> | Promise<Outcome<D>>;
  /**
   * What the question becomes once a button of it has been answered and the flow moved on («نوع پرونده:
   * شکایت ✔»), given the draft after the answer: scrolling back, the chat shows the choices made. Absent
   * (or undefined): the question only loses its buttons.
   */
  answered?(env: FlowEnv, draft: D): string | undefined | Promise<string | undefined>;
}

export interface Flow<D extends Draft = Draft> {
  name: string;
  /**
   * Browsing flows (my cases, track, FAQ) keep the main menu on screen and give way to any menu
   * button or command; form flows (file a case) show back/cancel and keep the user until done or /cancel.
   */
  interruptible: boolean;
  /** The kinds of actor who may open the flow (and go on with it); everyone when absent. Others are told the command is unknown. */
  roles?: readonly Actor["kind"][];
  start(env: FlowEnv, arg?: string): Outcome<D> | Promise<Outcome<D>>;
  steps: Record<string, Step<D>>;
}

/** Work a step leaves until after its commit (flows/later.ts). */
export type LaterJob = "stats" | "export";

export interface LaterWork {
  job: LaterJob;
  /** Who asked, as the access model knew them at the step: the figures are scoped to this actor. */
  actor: Actor;
  locale: "fa" | "en";
  /** The job's own parameters (a period, a grouping, a list). */
  params: Record<string, string>;
  /** The chat's session version when the step showed it, for its buttons (set by the flow engine). */
  buttonsVersion?: number;
}
