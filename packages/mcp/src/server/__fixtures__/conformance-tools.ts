/**
 * The tools the official conformance suite's server scenarios call, written as ordinary codeact
 * tools: what they show a model is their `toModelOutput`, which `serveMcp` turns into MCP content.
 */
import { jsonSchema, type Tool, tool } from "@codeact/core";

const noInput = jsonSchema<Record<string, never>>({ type: "object", properties: {} });
// A 1x1 red PNG and a 44-byte silent WAV: the smallest real files of each kind.
const png =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const wav = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=";

function noArguments<Output>(
  name: string,
  execute: () => Output,
  toModelOutput?: Tool<Record<string, never>, Output>["toModelOutput"],
): Tool<Record<string, never>, Output> {
  return tool({
    name,
    description: `Conformance scenario tool ${name}.`,
    inputSchema: noInput,
    execute,
    ...(toModelOutput && { toModelOutput }),
  });
}

/** One tool per scenario of `@modelcontextprotocol/conformance` that codeact tools can serve. */
export const conformanceTools = [
  noArguments("test_simple_text", () => "This is a simple text response for testing."),
  noArguments(
    "test_image_content",
    () => ({ png }),
    ({ png }) => [{ type: "image", mimeType: "image/png", data: png }],
  ),
  noArguments(
    "test_audio_content",
    () => ({ wav }),
    ({ wav }) => [{ type: "audio", mimeType: "audio/wav", data: wav }],
  ),
  noArguments(
    "test_embedded_resource",
    () => "This is an embedded resource content.",
    (text) => [{ type: "resource", uri: "test://embedded-resource", mimeType: "text/plain", text }],
  ),
  noArguments(
    "test_multiple_content_types",
    () => ({ test: "data", value: 123 }),
    (value) => [
      { type: "text", text: "Multiple content types test:" },
      { type: "image", mimeType: "image/png", data: png },
      {
        type: "resource",
        uri: "test://mixed-content-resource",
        mimeType: "application/json",
        text: JSON.stringify(value),
      },
    ],
  ),
  noArguments("test_error_handling", () => {
    throw new Error("This tool intentionally returns an error for testing");
  }),
  tool({
    name: "json_schema_2020_12_tool",
    description: "Tool with JSON Schema 2020-12 features",
    inputSchema: jsonSchema({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      $defs: {
        address: {
          type: "object",
          properties: { street: { type: "string" }, city: { type: "string" } },
        },
      },
      properties: { name: { type: "string" }, address: { $ref: "#/$defs/address" } },
      additionalProperties: false,
    }),
    execute: (input) => input,
  }),
];
