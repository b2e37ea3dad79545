import { CodeActError, type CodeActErrorOptions } from "./codeact-error.js";

const marker = Symbol.for("codeact.error.ToolError");

/** A tool call failed: bad input, denied approval, or the tool itself threw. The model sees the message. */
export class ToolError extends CodeActError {
  readonly toolName: string;
  /** Extra facts for programs, e.g. the status of a failed sub-agent run. */
  readonly details?: Record<string, unknown>;

  constructor(options: CodeActErrorOptions & { toolName: string; details?: Record<string, unknown> }) {
    super({ ...options, code: options.code ?? "tool_error" });
    ToolError.mark(this, marker);
    this.name = "ToolError";
    this.toolName = options.toolName;
    this.details = options.details;
  }

  static override isInstance(error: unknown): error is ToolError {
    return ToolError.hasMarker(error, marker);
  }
}
