/** Recognises a server refusing one request field, so the request can be sent again without it. */
import type { ModelError } from "@codeact/core";

const unsupported =
  /unsupported|not supported|does not support|unrecognized|unknown|not permitted|not allowed|extra|only the default/i;

/**
 * Whether `error` is a 400/422 that names `field` (as a word, quoted or not). With
 * `needsUnsupportedWording`, the message must also say the field is unsupported, so a plain bad
 * value ("temperature must be at most 2") is still reported instead of silently dropped.
 */
export function rejectsField(error: ModelError, field: string, needsUnsupportedWording = false): boolean {
  if (error.status !== 400 && error.status !== 422) return false;
  if (error.code !== "invalid_request") return false;
  const named = new RegExp(`(^|[^A-Za-z_])${field}([^A-Za-z_]|$)`).test(error.message);
  return named && (!needsUnsupportedWording || unsupported.test(error.message));
}
