/** What an agent is built from, resolved once: the parts every run and both strategies read. */
import { CodeActError } from "../errors/codeact-error.js";
import type { ChatMessage, ModelRequest } from "../model.js";
import { schemaToTypeScript } from "../prompt/schema-to-typescript.js";
import { defaultPrompts, type PromptTemplates } from "../prompt/templates.js";
import { currentTools } from "../tool/tool.js";
import type { AnswerRules } from "./final-answer.js";
import type { AgentOptions } from "./options.js";
import { createToolSet, type ToolSet } from "./tool-set.js";

/** An agent's options with their defaults applied, and what is derived from them. */
export type AgentSetup = {
  readonly options: AgentOptions;
  readonly name: string;
  readonly maxSteps: number;
  readonly maxObservationChars: number;
  readonly prompts: PromptTemplates;
  readonly tools: ToolSet;
  readonly answerRules: AnswerRules;
  /** The TypeScript type answers must have, when there is an `outputSchema`. */
  readonly answerShape?: string;
};

/** Checks the options and resolves them; a bad option is a `CodeActError` saying what to pass. */
export function createSetup(options: AgentOptions): AgentSetup {
  const maxSteps = options.maxSteps ?? 20;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    const message = `maxSteps must be a whole number of at least 1, not ${maxSteps}.`;
    throw new CodeActError({ code: "invalid_option", message });
  }
  const tools = createToolSet(currentTools(options.tools ?? []), options.outputSchema);
  return {
    options,
    name: options.name ?? "agent",
    maxSteps,
    maxObservationChars: options.maxObservationChars ?? 10_000,
    prompts: { ...defaultPrompts, ...options.prompts },
    tools,
    answerRules: { schema: options.outputSchema, checks: options.finalAnswerChecks ?? [] },
    ...(options.outputSchema && { answerShape: schemaToTypeScript(tools.answer) }),
  };
}

/** A model request with the agent's sampling options. */
export function modelRequest(
  { options }: AgentSetup,
  messages: ChatMessage[],
  fields: Pick<ModelRequest, "tools" | "stop" | "toolChoice"> = {},
): ModelRequest {
  const { temperature, maxOutputTokens } = options;
  return {
    messages,
    ...fields,
    ...(temperature !== undefined && { temperature }),
    ...(maxOutputTokens !== undefined && { maxOutputTokens }),
  };
}
