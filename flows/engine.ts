import { randomUUID } from "node:crypto";
import type { Draft, Flow, FlowEnv, Input, Message, Outcome, ReplyButton } from "./types.ts";
import { formKeyboard, mayOpen, menuFor } from "./keyboards.ts";
import { comma } from "../core/persian.ts";

// The flow engine: a pure step function over the chat's saved session. It returns the new session and
// what to show; the bot adapter performs the actions and saves the session in the same transaction.

export interface Session {
  flow: string | null;
  step: string | null;
  draft: Draft;
  version: number;
}

/** Engine bookkeeping kept in the draft under "$": the flow instance id, the step history, the reply keyboard on screen. */
interface Meta {
  id: string;
  history: string[];
  kb: "menu" | "form" | "custom";
}

export type Action =
  | { type: "send"; message: Message }
  /** Replace the text and buttons of the message whose button was pressed. */
  | { type: "edit"; message: Message }
  /** Remove the buttons of the message whose button was pressed (the choice is made). */
  | { type: "clear_buttons" }
  /** Replace the pressed question with the answer given, without buttons (Step.answered). */
  | { type: "answered"; text: string }
  /** The small notice that answers a button press. */
  | { type: "toast"; text: string };

export interface Result {
  session: Session;
  actions: Action[];
}

export type FlowRegistry = Record<string, Flow<any>>;

const meta = (draft: Draft): Meta => (draft.$ as Meta) ?? { id: "", history: [], kb: "menu" };

export const emptySession = (version = 0): Session => ({ flow: null, step: null, draft: {}, version });

/** Encodes an inline button for the chat's current session version, so stale buttons are recognised. */
export function versioned(message: Message, version: number): Message {
  // A message made after the commit (flows/later.ts) gets its buttons then: it carries the version for them.
  if (message.later) return { ...message, later: { ...message.later, buttonsVersion: version } };
  if (!message.inline) return message;
  return { ...message, inline: message.inline.map((row) => row.map((b) => (b.url ? b : { text: b.text, data: `${version}:${b.data}` }))) };
}

/** The flow instance id; stable from start to finish (used as the idempotency key of what the flow files). */
export function flowInstanceId(draft: Draft): string {
  return meta(draft).id;
}

/** Starts a flow, replacing whatever was open. */
export async function startFlow(flows: FlowRegistry, session: Session, name: string, env: FlowEnv, arg?: string): Promise<Result> {
  const flow = flows[name];
  if (!flow) throw new Error(`unknown flow ${name}`);
  // A staff flow opened by someone without the role (a typed command, a forged button) is not there for them.
  if (!mayOpen(flow, env.actor)) return { session, actions: [{ type: "send", message: { text: env.t("unknown-command") } }] };
  const base: Session = {
    flow: name,
    step: null,
    draft: { $: { id: randomUUID(), history: [], kb: meta(session.draft).kb === "custom" ? "custom" : session.flow && !flows[session.flow]?.interruptible ? "form" : "menu" } satisfies Meta },
    version: session.version + 1,
  };
  const outcome = await flow.start(env, arg);
  return apply(flows, base, outcome, env, false);
}

/** Feeds one input to the open flow. Button data arrives as "<version>:<payload>". */
export async function advanceFlow(flows: FlowRegistry, session: Session, env: FlowEnv, input: Input): Promise<Result> {
  const flow = session.flow ? flows[session.flow] : undefined;
  const step = flow && session.step ? flow.steps[session.step] : undefined;
  const fromButton = input.type === "button";
  if (input.type === "button") {
    const sep = input.data.indexOf(":");
    const version = Number(input.data.slice(0, sep));
    if (!step || sep < 1 || version !== session.version) return { session, actions: [{ type: "toast", text: env.t("stale-button") }] };
    input = { ...input, data: input.data.slice(sep + 1) };
  }
  if (!flow || !step) return { session, actions: [] };
  // The role was taken back while the flow was open: it ends here, nothing of it is saved.
  if (!mayOpen(flow, env.actor)) return cancelFlow(session, env, flows);
  if (input.type === "text" && !flow.interruptible) {
    if (input.text === env.t("btn-cancel")) return cancelFlow(session, env, flows);
    if (input.text === env.t("btn-back")) return goBack(flows, session, env);
  }
  const outcome = await step.handle(env, session.draft as never, input);
  // Only a press that moves the flow on is an answer; paging a list or a refused press keeps the question.
  const movedOn = fromButton && (outcome.kind === "goto" || outcome.kind === "finish");
  let answered: string | undefined;
  if (movedOn && step.answered) answered = await step.answered(env, (outcome.kind === "goto" ? outcome.draft : session.draft) as never);
  else if (movedOn && !flow.interruptible && input.type === "button") answered = pressedAnswer(await step.prompt(env, session.draft as never), input.data, comma(env.locale));
  const result = await apply(flows, session, outcome, env, fromButton, answered);
  if (fromButton && !result.actions.some((a) => a.type === "toast")) result.actions.unshift({ type: "toast", text: "" });
  return result;
}

/** Shows the current step's prompt again (after /help or an interrupting command). */
export async function repromptFlow(flows: FlowRegistry, session: Session, env: FlowEnv): Promise<Result> {
  const flow = session.flow ? flows[session.flow] : undefined;
  const step = flow && session.step ? flow.steps[session.step] : undefined;
  if (!step) return { session, actions: [] };
  const prompt = await step.prompt(env, session.draft as never);
  return { session, actions: [{ type: "send", message: versioned(prompt, session.version) }] };
}

/** Leaves any open flow and shows the main menu. */
export function cancelFlow(session: Session, env: FlowEnv, flows: FlowRegistry): Result {
  return {
    session: emptySession(session.version + 1),
    actions: [{ type: "send", message: { text: env.t("cancelled"), reply: menuFor(env, flows) } }],
  };
}

/** Closes a browsing flow silently (its buttons go stale) before something else takes over. */
export function closeFlow(session: Session): Session {
  return session.flow ? emptySession(session.version + 1) : session;
}

async function goBack(flows: FlowRegistry, session: Session, env: FlowEnv): Promise<Result> {
  const m = meta(session.draft);
  const previous = m.history.at(-1);
  if (!previous) return { session, actions: [{ type: "send", message: { text: env.t("no-previous-step") } }] };
  const draft = { ...session.draft, $: { ...m, history: m.history.slice(0, -1) } };
  return enterStep(flows, { ...session, draft }, previous, env, undefined, false);
}

/**
 * A form's question as answered, for steps that say nothing of their own (Step.answered): the question and
 * the button pressed («فعلاً نه ✔»), or — when it was «done» under a list of toggles — the ones marked ✅.
 * Scrolling back, the chat then reads as the choices made, as the citizen's form does.
 */
function pressedAnswer(prompt: Message, data: string, separator: string): string | undefined {
  if (prompt.photo || prompt.document || prompt.later || !prompt.inline) return undefined;
  const buttons = prompt.inline.flat();
  const pressed = buttons.find((b) => b.data === data && !b.url);
  if (!pressed) return undefined;
  const ticked = buttons.filter((b) => b !== pressed && b.text.startsWith("✅")).map((b) => b.text.replace(/^✅\s*/u, ""));
  // A press that moves on is never a toggle itself: with toggles ticked, it is the «done» under them.
  const answer = ticked.length > 0 ? ticked.join(separator) : pressed.text;
  return `${prompt.question ?? prompt.text}\n\n${answer} ✔`;
}

/** What becomes of the pressed question when the flow moves on: the answer in its place, or just no buttons. */
const pressedQuestion = (fromButton: boolean, answered?: string): Action[] => (!fromButton ? [] : answered ? [{ type: "answered", text: answered }] : [{ type: "clear_buttons" }]);

async function apply(flows: FlowRegistry, session: Session, outcome: Outcome, env: FlowEnv, fromButton: boolean, answered?: string): Promise<Result> {
  switch (outcome.kind) {
    case "invalid":
      return { session, actions: [fromButton ? { type: "toast", text: outcome.error } : { type: "send", message: { text: outcome.error } }] };
    case "update": {
      const next = { ...session, draft: { ...outcome.draft, $: meta(session.draft) } };
      const prompt = versioned(await flows[session.flow!].steps[session.step!].prompt(env, next.draft as never), next.version);
      if (outcome.quiet) {
        if (!outcome.notice) return { session: next, actions: [] };
        if (fromButton) return { session: next, actions: [{ type: "toast", text: outcome.notice }] };
        // The notice carries the step's buttons: the newest message must offer the way on (e.g. "done" after each photo).
        return { session: next, actions: [{ type: "send", message: { text: outcome.notice, ...(prompt.inline ? { inline: prompt.inline } : {}) } }] };
      }
      const actions: Action[] = [];
      if (outcome.notice) actions.push(fromButton ? { type: "toast", text: outcome.notice } : { type: "send", message: { text: outcome.notice } });
      actions.push(fromButton ? { type: "edit", message: prompt } : { type: "send", message: prompt });
      return { session: next, actions };
    }
    case "goto": {
      const m = meta(session.draft);
      const history = session.step && session.step !== outcome.step ? [...m.history, session.step] : m.history;
      const draft = { ...outcome.draft, $: { ...m, history } };
      return enterStep(flows, { ...session, draft }, outcome.step, env, outcome.notice, fromButton, answered);
    }
    case "finish": {
      const flow = flows[session.flow!];
      const actions: Action[] = outcome.keepPressed ? [] : pressedQuestion(fromButton, answered);
      const messages = [...outcome.messages];
      // The main menu comes back with the first message that has no inline buttons, or with a message of its own.
      const plain = messages.findIndex((msg) => !msg.inline && !msg.reply);
      const needsMenu = meta(session.draft).kb !== "menu" || !flow.interruptible;
      if (needsMenu) {
        if (plain >= 0) messages[plain] = { ...messages[plain], reply: menuFor(env, flows) };
        else messages.push({ text: env.t("back-to-menu"), reply: menuFor(env, flows) });
      }
      for (const message of messages) actions.push({ type: "send", message });
      return { session: emptySession(session.version + 1), actions };
    }
  }
}

async function enterStep(flows: FlowRegistry, session: Session, stepName: string, env: FlowEnv, notice: string | undefined, fromButton: boolean, answered?: string): Promise<Result> {
  const flow = flows[session.flow!];
  const step = flow.steps[stepName];
  if (!step) throw new Error(`flow ${flow.name} has no step ${stepName}`);
  const next: Session = { ...session, step: stepName, version: session.version + 1 };
  const m = meta(next.draft);
  const prompt = versioned(await step.prompt(env, next.draft as never), next.version);
  const actions: Action[] = pressedQuestion(fromButton, answered);
  // A form keeps back/cancel on screen; a prompt with its own reply keyboard (share contact, location) replaces it.
  const wanted: Meta["kb"] = prompt.reply ? "custom" : flow.interruptible ? m.kb : "form";
  const formKb: ReplyButton[][] | undefined = wanted === "form" && m.kb !== "form" ? formKeyboard(env.t) : undefined;
  if (formKb && prompt.inline) {
    // A message holds one keyboard: the form's comes with the notice, or with a line saying what it is for
    // (it was «✔️ دریافت شد» after a menu press or a skip, acknowledging nothing).
    actions.push({ type: "send", message: { text: notice ?? env.t("form-keys"), reply: formKb } });
  } else if (notice) {
    actions.push({ type: "send", message: { text: notice, ...(formKb && !prompt.reply ? { reply: formKb } : {}) } });
  }
  const promptMessage = formKb && !prompt.inline && !notice ? { ...prompt, reply: formKb } : prompt;
  actions.push({ type: "send", message: promptMessage });
  const kb: Meta["kb"] = prompt.reply ? "custom" : formKb ? "form" : m.kb;
  next.draft = { ...next.draft, $: { ...m, kb } };
  return { session: next, actions };
}
