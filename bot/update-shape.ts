import { z } from "zod";

// The parts of a Bot API Update that Hamyar reads, as a real platform sends them. Anything else in an
// update passes through untouched; an update whose read parts have the wrong shape (a number where text
// goes, a chat id no platform issues) cannot come from Telegram or Bale and is ignored at the edge rather
// than failing deep in a handler or an insert.

// Telegram and Bale ids fit in 52 bits; a bigint column would take more, but no platform sends it.
const id = z.number().int().refine(Number.isSafeInteger, "not an id a platform issues");
const user = z.looseObject({ id, is_bot: z.boolean().optional(), first_name: z.string().optional(), username: z.string().optional(), language_code: z.string().optional() });
const chat = z.looseObject({ id, type: z.string() });
const file = z.looseObject({ file_id: z.string(), file_unique_id: z.string().optional(), file_size: z.number().optional() });
const message = z.looseObject({
  message_id: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() })).optional(),
  contact: z.looseObject({ phone_number: z.string(), user_id: id.optional() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  photo: z.array(file).optional(),
  document: file.optional(),
  voice: file.optional(),
});

export const updateShape = z.looseObject({
  update_id: z.number().int().nonnegative().refine(Number.isSafeInteger),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: z
    .looseObject({ id: z.string(), from: user, data: z.string().optional(), message: z.looseObject({ message_id: z.number().int(), chat }).optional() })
    .optional(),
  my_chat_member: z.looseObject({ chat, from: user }).optional(),
});

/** Where an update's read parts have the wrong shape, as `path: problem` lines (no values: they may be personal). */
export function malformedParts(update: unknown): string[] | null {
  const parsed = updateShape.safeParse(update);
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}
