/** codeact's core: agents that act by writing code, tools, the Model and Executor contracts. */
export type { ActionOutcome, ActionStrategy, Actor, RunContext } from "./agent/action.js";
export { Agent, type StrategyParts } from "./agent/agent.js";
export { CodeAgent } from "./agent/code-agent.js";
export type { AgentEvent, AgentEventType, EventBase } from "./agent/events.js";
export type { ActionStep, FinalAnswerStep, PlanStep, Step, TaskStep } from "./agent/memory.js";
export { renderMessages } from "./agent/memory.js";
export type {
  AgentOptions,
  ApprovalHandler,
  CodeAgentOptions,
  FinalAnswerCheck,
  RunOptions,
} from "./agent/options.js";
export { extractCode, stripTypes } from "./agent/parse-code.js";
export type { RunResult, RunStatus } from "./agent/run-result.js";
export type { AgentRun } from "./agent/run-stream.js";
export { ToolCallingAgent } from "./agent/tool-calling-agent.js";
export * from "./errors/index.js";
export type * from "./executor.js";
export type * from "./model.js";
export { defaultPrompts, type PromptTemplates } from "./prompt/templates.js";
export { type JSONSchema, jsonSchema, type Schema } from "./tool/json-schema.js";
export {
  type AnyTool,
  isSchema,
  type Tool,
  type ToolDefinition,
  type ToolExecuteOptions,
  tool,
} from "./tool/tool.js";
