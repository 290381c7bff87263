// Request parameters as Open311 clients send them: form fields (POST, application/x-www-form-urlencoded)
// and query strings, where a field may repeat, lists may be comma-delimited, and attributes arrive as
// attribute[code]=value or attribute[code][]=value for a multivaluelist.

/** Every value of every parameter, in order. */
export type Params = Map<string, string[]>;

/** Parses a form body (UTF-8, as the spec assumes). */
export function parseForm(text: string): Params {
  const params: Params = new Map();
  for (const [k, v] of new URLSearchParams(text)) add(params, k, v);
  return params;
}

/** Adds a value (or each of a list, or each entry of an object as key[entry]) under a parameter. */
export function add(params: Params, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) add(params, key, v);
    return;
  }
  if (typeof value === "object") {
    // A JSON body may nest attributes: {"attribute": {"kind": "complaint"}}.
    for (const [k, v] of Object.entries(value)) add(params, `${key}[${k}]`, v);
    return;
  }
  const list = params.get(key) ?? [];
  list.push(String(value));
  params.set(key, list);
}

/** Query-string parameters, then body parameters (the body wins where both give a single value). */
export function collectParams(query: unknown, body: unknown): Params {
  const params: Params = new Map();
  const merge = (source: unknown) => {
    if (source instanceof Map) {
      for (const [k, v] of source as Params) params.set(k, [...v]);
    } else if (source && typeof source === "object") {
      const local: Params = new Map();
      for (const [k, v] of Object.entries(source)) add(local, k, v);
      for (const [k, v] of local) params.set(k, v);
    }
  };
  merge(query);
  merge(body);
  return params;
}

/** The parameter's value, trimmed; undefined when absent or empty (the spec treats both alike). */
export function one(params: Params, name: string): string | undefined {
  const values = params.get(name);
  if (!values) return undefined;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i].trim();
    if (v !== "") return v;
  }
  return undefined;
}

/** A list parameter: repeated and/or comma-delimited values, trimmed, empty ones dropped. */
export function list(params: Params, name: string): string[] {
  return (params.get(name) ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** attribute[code] and attribute[code][] values by code; empty values dropped. */
export function attributes(params: Params): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, values] of params) {
    const m = /^attribute\[([^\][]+)\](?:\[\])?$/.exec(key);
    if (!m) continue;
    const kept = values.map((v) => v.trim()).filter((v) => v !== "");
    if (kept.length === 0) continue;
    out.set(m[1], [...(out.get(m[1]) ?? []), ...kept]);
  }
  return out;
}
