import http from "node:http";
import https from "node:https";

// grammY's default HTTP client (node-fetch with a stream pipeline) costs more CPU per Bot API call than
// the rest of a typical update. JSON calls — every call Hamyar makes except file uploads — go through
// node:http with a keep-alive agent instead; anything else (multipart uploads) uses the platform's fetch.

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

interface MinimalResponse {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export const keepAliveFetch = ((input: string | URL, init: RequestInit & { agent?: unknown } = {}): Promise<MinimalResponse> => {
  if (typeof init.body !== "string") return fetch(input, init as RequestInit) as unknown as Promise<MinimalResponse>;
  const url = new URL(String(input));
  const secure = url.protocol === "https:";
  const body = Buffer.from(init.body);
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method: init.method ?? "POST",
        agent: secure ? agents.https : agents.http,
        signal: init.signal ?? undefined,
        headers: { ...(init.headers as Record<string, string>), "content-length": String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          resolve({ status, ok: status >= 200 && status < 300, text: async () => text, json: async () => JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}) as unknown as typeof fetch;
