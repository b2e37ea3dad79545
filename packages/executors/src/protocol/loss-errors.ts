/** The error a session is lost with when its sandbox goes away, worded for the model that reads it. */
import { ExecutionError } from "@codeact/core";
import { TimeoutError } from "../errors/timeout-error.js";
import type { SandboxLoss } from "./channel.js";

/** The lost-session error for `loss` of a sandbox named `label` ("QuickJS worker thread"). */
export function lossError(
  { type, culprit, others, detail }: SandboxLoss,
  label: string,
  timeoutMs: number,
): ExecutionError {
  const alsoLost =
    others > 0 ? `, and so are those of ${others} other session${others === 1 ? "" : "s"} on it` : "";
  const lost = `this session's variables are lost${alsoLost}.`;
  if (type === "stuck" && culprit) {
    const message =
      `The code did not finish within ${timeoutMs.toLocaleString("en-US")} ms (timeoutMs) and ` +
      `could not be interrupted (one built-in call, or parsing the code, ran all along), so its ${label} was stopped: ${lost} ` +
      `Do less per step: one call on a huge array, string or number can run for minutes.`;
    return new TimeoutError({ message, sessionLost: true });
  }
  const message =
    type === "aborted" && culprit
      ? `The code was aborted inside one built-in function that could not be interrupted, so its ${label} was stopped: ${lost}`
      : type === "violation"
        ? `The ${label} broke the sandbox protocol (${detail}) and was stopped: ${lost}`
        : culprit
          ? `The ${label} stopped (${detail ?? "it exited"}): ${lost}`
          : `The ${label} was stopped because another session's code on it could not be interrupted: ${lost}`;
  return new ExecutionError({
    message,
    code: type === "violation" ? "protocol_violation" : "sandbox_lost",
    sessionLost: true,
  });
}
