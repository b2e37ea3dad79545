export * from "./errors/index.js";
export type * from "./executor.js";
export type * from "./model.js";
export { type JSONSchema, jsonSchema, type Schema } from "./tool/json-schema.js";
export { type AnyTool, isSchema, type Tool, type ToolDefinition, type ToolExecuteOptions, tool } from "./tool/tool.js";
