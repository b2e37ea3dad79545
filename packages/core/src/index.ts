/** codeact's core: agents that act by writing code, tools, the Model and Executor contracts. */
export { Agent } from "./agent/agent.js";
export { CodeAgent } from "./agent/code-agent.js";
export type {
  AgentOptions,
  CodeAgentOptions,
  FinalAnswerCheck,
  ResumeOptions,
  RunOptions,
} from "./agent/options.js";
export type { AgentRun } from "./agent/run-stream.js";
export { ToolCallingAgent } from "./agent/tool-calling-agent.js";
export type { ToolSearchOptions } from "./agent/tool-search.js";
export * from "./errors/index.js";
export type * from "./executor.js";
export type * from "./model.js";
export { RESERVED_GLOBALS } from "./prompt/identifiers.js";
export { defaultPrompts, type PromptTemplates } from "./prompt/templates.js";
export {
  type AgentEvent,
  type AgentEventType,
  agentEventSchema,
  type EventBase,
  type ParentRun,
} from "./run/events.js";
export { type JournalEntry, memoryJournal, type RunJournal } from "./run/journal.js";
export type { PendingApproval, RunError, RunResult, RunStatus } from "./run/run-result.js";
export type { ActionStep, FinalAnswerStep, PlanStep, Step, TaskStep } from "./run/steps.js";
export { type JSONSchema, jsonSchema, type Schema } from "./schema/json-schema.js";
export {
  type ApprovalDecision,
  type ApprovalHandler,
  type CallToolOptions,
  callTool,
} from "./tool/call-tool.js";
export {
  type AnyTool,
  prefixTools,
  type Tool,
  type ToolContent,
  type ToolDefinition,
  type ToolExecuteOptions,
  type ToolSource,
  tool,
} from "./tool/tool.js";
