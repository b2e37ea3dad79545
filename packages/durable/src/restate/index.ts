/** `@codeact/durable/restate`: codeact agents as Restate services. */
export {
  type ApprovalRequest,
  type RestateAgentOptions,
  type RestateRunRequest,
  type RestateRunResponse,
  restateAgent,
} from "./restate-agent.js";
