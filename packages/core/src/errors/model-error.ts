import { CodeActError, type CodeActErrorOptions } from "./codeact-error.js";

const marker = Symbol.for("codeact.error.ModelError");

/** Stable codes of model failures. */
export type ModelErrorCode =
  | "missing_api_key"
  | "authentication"
  | "permission_denied"
  | "model_not_found"
  | "context_length_exceeded"
  | "content_filter"
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "network"
  | "invalid_request"
  | "invalid_response"
  | "model_error";

/** A model call failed. `status` is the HTTP status when there was one; `retryable` says whether trying again may help. */
export class ModelError extends CodeActError {
  declare readonly code: ModelErrorCode;
  readonly status?: number;
  readonly retryable: boolean;

  constructor(
    options: CodeActErrorOptions & { code?: ModelErrorCode; status?: number; retryable?: boolean },
  ) {
    super({ ...options, code: options.code ?? "model_error" });
    ModelError.mark(this, marker);
    this.name = "ModelError";
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }

  static override isInstance(error: unknown): error is ModelError {
    return ModelError.hasMarker(error, marker);
  }
}
