/** CodeAgent: an agent whose actions are JavaScript programs run in a sandbox. */
import { Agent } from "./agent.js";
import { codeActions } from "./code-action.js";
import type { CodeAgentOptions } from "./options.js";

/**
 * An agent that writes a short JavaScript program at each step. Tools are async functions in
 * the program; variables persist between steps; `final_answer(value)` ends the run.
 *
 * @example
 * const agent = new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [getWeather] });
 * const result = await agent.run("Is it warmer in Paris or in Rome?");
 * console.log(result.status, result.output);
 */
export class CodeAgent<Output = unknown> extends Agent<Output> {
  constructor(options: CodeAgentOptions<Output>) {
    super(options, (setup) => codeActions(setup, options.executor, options.toolSearch));
  }
}
