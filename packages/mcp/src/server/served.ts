/** What an MCP server built by `serveMcp` offers. Its own file: the declarations users see stay free of the SDK's server types. */
import type { Agent, AnyTool } from "@codeact/core";

/** What `serveMcp` serves: tools, an agent as one tool taking a task, or both. */
export type Served = {
  tools?: AnyTool[];
  // biome-ignore lint/suspicious/noExplicitAny: any agent, whatever its output type.
  agent?: Agent<any>;
  /** The server's name in the MCP handshake. Default "codeact". */
  name?: string;
};
