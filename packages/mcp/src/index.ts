/** MCP for codeact: MCP servers' tools as codeact tools, and codeact tools served over MCP. */
export {};
