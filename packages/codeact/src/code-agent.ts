/** CodeAgent with the batteries in: a QuickJS sandbox unless you bring another executor. */
import { type CodeAgentOptions, CodeAgent as CoreCodeAgent } from "@codeact/core";
import { QuickJSExecutor } from "@codeact/executors";

/** `CodeAgent`'s options where `executor` is optional. */
export type DefaultCodeAgentOptions<Output = unknown> = Omit<CodeAgentOptions<Output>, "executor"> &
  Partial<Pick<CodeAgentOptions<Output>, "executor">>;

/**
 * The `CodeAgent` of `@codeact/core`, running code in a `QuickJSExecutor` with its default
 * limits when no `executor` is given.
 *
 * @example
 * const agent = new CodeAgent({ model: openai({ model: "gpt-4.1-mini" }), tools: [getWeather] });
 * const { output } = await agent.run("Is it warmer in Paris or in Rome?");
 */
export class CodeAgent<Output = unknown> extends CoreCodeAgent<Output> {
  constructor(options: DefaultCodeAgentOptions<Output>) {
    super({ ...options, executor: options.executor ?? new QuickJSExecutor() });
  }
}
