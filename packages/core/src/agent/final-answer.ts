/** Accepting a final answer: one at a time in call order, through `outputSchema` and every check. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ToolError } from "../errors/tool-error.js";
import { FINAL_ANSWER } from "../prompt/tool-declarations.js";
import { validateOrThrow } from "../schema/standard-schema.js";
import { abortable } from "../util/abortable.js";
import type { FinalAnswerCheck } from "./options.js";
import type { RunContext } from "./run-context.js";

/** What an answer must pass. */
export type AnswerRules = { schema?: StandardSchemaV1; checks: readonly FinalAnswerCheck<unknown>[] };

/**
 * Offers `answer` as the run's final answer. Offers are judged in the order they were made, so
 * when two race the first one called wins; once one is accepted, later ones are refused. Resolves
 * with the validated value (schema transforms applied), or rejects with a {@link ToolError}
 * telling the model what to fix.
 */
export function offerAnswer(
  answer: unknown,
  run: RunContext,
  rules: AnswerRules,
  signal = run.signal,
): Promise<unknown> {
  run.answerStep = run.step;
  const judged = run.answers.then(() => judge(answer, run, rules, signal));
  run.answers = judged.catch(() => undefined);
  return judged;
}

async function judge(answer: unknown, run: RunContext, rules: AnswerRules, signal: AbortSignal) {
  if (run.finalAnswer) {
    throw rejected("run_finished", "final_answer was already called and accepted; this answer was ignored.");
  }
  const problem = "The final answer does not match the expected shape";
  const value = rules.schema
    ? await abortable(validateOrThrow(rules.schema, answer, FINAL_ANSWER, problem), signal)
    : answer;
  for (const check of rules.checks) {
    const verdict = await abortable(check(value, { task: run.task, steps: run.steps, signal }), signal);
    if (verdict !== true) {
      const reason = typeof verdict === "string" ? verdict : "it did not pass a check";
      throw rejected("final_answer_rejected", `The final answer was rejected: ${reason}`);
    }
  }
  run.finalAnswer = { value };
  return value;
}

function rejected(code: string, message: string): ToolError {
  return new ToolError({ toolName: FINAL_ANSWER, code, message });
}

/** An answer given as text, read as JSON when it is JSON (fenced or not), else the text itself. */
export function parseMaybeJson(text: string): unknown {
  const trimmed = text.trim().replace(/^```(?:json)?\n([\s\S]*?)\n?```$/, "$1");
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
