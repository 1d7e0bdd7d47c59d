/**
 * The exact JSON text a downstream result arrived as, remembered beside the parsed object so the
 * gateway can send it on without a JSON.stringify of what was just parsed (the largest per-call cost
 * after the HTTP exchanges themselves). Only results nobody changes are remembered: the gateway
 * passes tool results through as they came.
 */
const raw = new WeakMap<object, string>();

/** Remembers `text` as the JSON form of `value` (text must parse to exactly `value`). */
export function rememberRawJson(value: object, text: string): void {
  raw.set(value, text);
}

/** The JSON text `value` was parsed from, when it came from a downstream answer unchanged. */
export function rawJsonOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? raw.get(value) : undefined;
}

/**
 * The text of the `result` member of a JSON-RPC answer as MCP SDK servers write it,
 * `{"result":<value>,"jsonrpc":"2.0","id":<id>}`, given the answer parsed as `msg`; undefined for any
 * other spelling (other key order, whitespace, extra members), which then gets serialized again.
 */
export function rawResultText(text: string, msg: Record<string, unknown>, id: number): string | undefined {
  const prefix = '{"result":';
  const suffix = `,"jsonrpc":"2.0","id":${id}}`;
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) return undefined;
  // With exactly these three members, what lies between prefix and suffix is the result value alone.
  let members = 0;
  for (const _ in msg) members++;
  return members === 3 ? text.slice(prefix.length, text.length - suffix.length) : undefined;
}
