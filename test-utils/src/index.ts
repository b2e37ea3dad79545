/** Shared test servers: never published, imported as TypeScript source by vitest and tsx. */

export * from "./catalogue.js";
export * from "./fake-server.js";
export * from "./openai-sse.js";
export * from "./run-process.js";
