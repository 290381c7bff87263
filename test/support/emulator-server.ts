import Fastify from "fastify";
import { afterAll, beforeAll } from "vitest";
import { emulatorApiRoutes } from "../../bot/emulator/api-routes.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";

// The Bot-API emulator served over HTTP on a free local port, for tests that run Hamyar as a child
// process (BOT_API_ROOT = apiRoot).

export interface EmulatorServer {
  emulator: Emulator;
  apiRoot: string;
  close(): Promise<void>;
}

export async function emulatorServer(o: { recordCalls?: boolean } = {}): Promise<EmulatorServer> {
  const emulator = new Emulator();
  if (o.recordCalls === false) emulator.recordCalls = false;
  const app = Fastify({ logger: false });
  await app.register(emulatorApiRoutes, { emulator });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    emulator,
    apiRoot: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    async close() {
      emulator.close();
      await app.close();
    },
  };
}

/** Serves one emulator for the whole test file: started before its tests, closed after; `use` receives it. */
export function useEmulatorServer(use: (server: EmulatorServer) => void, o: { recordCalls?: boolean } = {}): void {
  let server: EmulatorServer | undefined;
  beforeAll(async () => {
    server = await emulatorServer(o);
    use(server);
  });
  afterAll(async () => {
    await server?.close();
  });
}
