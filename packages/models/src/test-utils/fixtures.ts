/** Wire fixtures of this package, as replies of the shared fake server. */
import { readFileSync } from "node:fs";
import type { Reply } from "@codeact/test-utils";

/** The text of a wire fixture in `src/__fixtures__/`. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8");
}

/** A reply with a JSON fixture's exact bytes. */
export function jsonFixtureReply(name: string, status = 200, headers: Record<string, string> = {}): Reply {
  return { body: fixture(name), status, headers: { "content-type": "application/json", ...headers } };
}
