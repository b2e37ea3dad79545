/** Agents that manage agents: workers as tools in one process, and over HTTP with A2A. */
export { type RemoteAgentOptions, remoteAgent } from "./a2a/remote-agent.js";
export {
  type AgentServer,
  OUTPUT_SCHEMA_EXTENSION,
  type ServeAgentOptions,
  serveAgent,
} from "./a2a/serve-agent.js";
export { type AgentToolOptions, agentTool } from "./agent-tool.js";
export type { WorkerInput, WorkerLimits } from "./worker-tool.js";
