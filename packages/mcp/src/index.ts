/** MCP for codeact: MCP servers' tools as codeact tools, and codeact tools served over MCP. */
export {
  type ConnectOptions,
  connectMcp,
  McpClient,
  type StdioServer,
} from "./client/connect.js";
export type { HttpServer } from "./client/http.js";
export type { ApprovalPolicy, McpContent } from "./client/to-tool.js";
export { type McpServerHandle, type ServeMcpOptions, serveMcp } from "./server/serve.js";
export type { Served } from "./server/served.js";
