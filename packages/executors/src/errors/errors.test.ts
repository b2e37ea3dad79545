import { CodeActError, ExecutionError } from "@codeact/core";
import { describe, expect, it } from "vitest";
import {
  MemoryLimitError,
  OutputLimitError,
  PendingJobLimitError,
  StackOverflowError,
  TimeoutError,
  ToolCallLimitError,
} from "./index.js";

describe.each([
  [TimeoutError, "timeout"],
  [MemoryLimitError, "memory_limit"],
  [StackOverflowError, "stack_overflow"],
  [OutputLimitError, "output_limit"],
  [ToolCallLimitError, "tool_call_limit"],
  [PendingJobLimitError, "pending_job_limit"],
] as const)("%o", (ErrorClass, code) => {
  it("is an ExecutionError with a stable name and code", () => {
    const error = new ErrorClass({ message: "m", sessionLost: true });
    expect(error).toBeInstanceOf(ExecutionError);
    expect(ExecutionError.isInstance(error)).toBe(true);
    expect(CodeActError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: ErrorClass.name, code, message: "m", sessionLost: true });
    expect(new ErrorClass({ message: "m" }).sessionLost).toBe(false);
  });

  it("is recognised by its own isInstance only", () => {
    const error = new ErrorClass({ message: "m" });
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(ErrorClass.isInstance(new ExecutionError({ message: "m", code }))).toBe(false);
    const other =
      ErrorClass === TimeoutError
        ? new MemoryLimitError({ message: "m" })
        : new TimeoutError({ message: "m" });
    expect(ErrorClass.isInstance(other)).toBe(false);
  });
});
