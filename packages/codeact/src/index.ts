/**
 * codeact, batteries included: everything from `@codeact/core`, `@codeact/models` and
 * `@codeact/executors`, with `CodeAgent` defaulting to a QuickJS sandbox.
 */
export * from "@codeact/core";
export * from "@codeact/executors";
export * from "@codeact/models";
export { CodeAgent, type DefaultCodeAgentOptions } from "./code-agent.js";
