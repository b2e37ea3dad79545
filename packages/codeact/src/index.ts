/**
 * codeact, batteries included: everything from `@codeact/core`, `@codeact/models`,
 * `@codeact/executors` and `@codeact/mcp`, with `CodeAgent` defaulting to a QuickJS sandbox.
 */
export * from "@codeact/core";
export * from "@codeact/executors";
export * from "@codeact/mcp";
export * from "@codeact/models";
export { CodeAgent, type DefaultCodeAgentOptions } from "./code-agent.js";
