import Fastify from "fastify";

// The HTTP ceiling: the same webhook route that acknowledges without doing anything.
const app = Fastify({ logger: false });
app.post("/webhook/telegram", async () => ({ ok: true }));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
console.log("ready");
