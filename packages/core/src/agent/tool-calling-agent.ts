/** ToolCallingAgent: an agent whose actions are the model's native tool calls. */
import { Agent } from "./agent.js";
import type { AgentOptions } from "./options.js";
import { toolCallingActions } from "./tool-calling-action.js";

/**
 * An agent that acts through the model's native tool calls, in parallel when the model asks for
 * several, and ends with the `final_answer` tool. Same options as `CodeAgent`, minus the executor.
 *
 * @example
 * const agent = new ToolCallingAgent({ model, tools: [getWeather] });
 * const result = await agent.run("What is the weather in Paris?");
 */
export class ToolCallingAgent<Output = unknown> extends Agent<Output> {
  constructor(options: AgentOptions<Output>) {
    super(options, toolCallingActions);
  }
}
