/** What went wrong in one model call, described in plain terms before it becomes a `ModelError`. */

/**
 * A failure as an adapter sees it. Each backend turns its library's errors into one of these, so
 * one function ({@link toModelError}) decides codes, messages and retryability for all of them.
 */
export type Failure =
  | {
      kind: "http";
      /** Missing for errors reported inside a stream that had already answered 200. */
      status?: number;
      message: string;
      /** The provider's own error code, e.g. `context_length_exceeded` or `insufficient_quota`. */
      code?: string;
      type?: string;
      /** How long the server asked us to wait, from `Retry-After` or `retry-after-ms`. */
      retryAfterMs?: number;
    }
  | {
      kind: "network" | "timeout" | "invalid-request" | "invalid-response" | "missing-key" | "unknown";
      message: string;
    };

/**
 * An error a transport throws once it has described its library's error, possibly with facts only
 * it could see (a Hugging Face response's headers). Internal: never leaves the package.
 */
export class TransportFailure extends Error {
  readonly failure: Failure;

  constructor(failure: Failure, cause?: unknown) {
    super(failure.message, { cause });
    this.name = "TransportFailure";
    this.failure = failure;
  }
}
