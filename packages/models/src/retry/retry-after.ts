/** Reads how long a server asked us to wait before trying again. */

/** Response headers as the libraries expose them: a `Headers`, or a plain record. */
export type HeaderSource = { get(name: string): string | null } | Record<string, unknown>;

/**
 * Milliseconds to wait according to `retry-after-ms` (OpenAI) or `Retry-After`, which holds
 * either seconds or an HTTP date. A date in the past means "now" (0); anything unreadable is
 * ignored so the usual backoff applies.
 *
 * @example
 * retryAfterMs(new Headers({ "retry-after": "2" })); // 2000
 */
export function retryAfterMs(headers: HeaderSource | undefined | null, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(header(headers, "retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = header(headers, "retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  // An HTTP date names its day and month; anything else ("-3", "soon") is unreadable.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : undefined;
  return typeof value === "string" ? value : undefined;
}
