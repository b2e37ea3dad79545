/** Every text the agents send to a model, as data. Override any of them through `prompts`. */

/** The prompt texts. Each takes the facts it needs and returns a string. */
export type PromptTemplates = {
  /** `environment` is the executor's account of what the code can reach. */
  codeSystem(input: { declarations: string; environment: string; instructions?: string }): string;
  toolCallingSystem(input: { instructions?: string }): string;
  variables(input: { names: string[]; listing: string }): string;
  initialPlan(input: { task: string; maxSteps: number }): string;
  updatePlan(input: { task: string; remainingSteps: number }): string;
  /** `shape` is the TypeScript type the answer must have, when the agent has an `outputSchema`. */
  finalAnswer(input: { task: string; shape?: string }): string;
  sessionLost(input: { reason: string }): string;
  /** Appended to each observation: steps taken out of `maxSteps`. */
  stepBudget(input: { step: number; maxSteps: number }): string;
  /**
   * The tools changed during the run: `declarations` of the new and changed ones, the names of
   * those `removed`, and how many new ones only `search_tools` shows.
   */
  toolsChanged(input: { declarations: string; removed: string[]; searchable: number }): string;
  /** Tool calls the code started but never awaited, by name. */
  pendingCalls(input: { names: string[] }): string;
};

const extra = (instructions?: string) => (instructions ? `\n\nFurther instructions:\n${instructions}` : "");

/** The prompts codeact ships with. */
export const defaultPrompts: PromptTemplates = {
  codeSystem: ({
    declarations,
    environment,
    instructions,
  }) => `You are an expert assistant who solves tasks by writing JavaScript.
At each step, write a short thought, then one code block, for example:

\`\`\`js
const result = await some_tool({ query: "..." });
console.log(result);
\`\`\`

${environment}
- Tools are async functions taking one object: always \`await\` them, and run independent calls together with \`await Promise.all([...])\`.
- The next message is "Observation:" with the step's logs, last value and any error.
- Top-level variables and functions persist between steps and may be declared again. A failed step keeps what ran before the error.
- Do not guess results: wait for the observation.
- Call \`final_answer(answer)\` when you have the answer; it ends the task.

The functions you can call:
\`\`\`ts
${declarations}
\`\`\`${extra(instructions)}`,

  toolCallingSystem: ({ instructions }) =>
    `You are an expert assistant who solves tasks by calling the tools you are given.
Call tools to gather facts and act; independent calls can be made together. Do not guess results: wait for them.
When you have the answer, call the final_answer tool with it. That ends the task.${extra(instructions)}`,

  variables: ({ names, listing }) =>
    `These variables are available to your code: ${names.map((name) => `\`${name}\``).join(", ")}.\n${listing}`,

  initialPlan: ({ task, maxSteps }) => `Before acting, write a plan for this task:
${task}

First list the facts: those given in the task, those to look up, those to derive. Then write a short numbered plan of high-level steps; you have at most ${maxSteps} steps. Write no code now.`,

  updatePlan: ({ task, remainingSteps }) => `Pause and review your progress on the task:
${task}

Update the facts (learned so far, still to look up, still to derive), then write a new short numbered plan for what remains. You have ${remainingSteps} step${remainingSteps === 1 ? "" : "s"} left. Write no code now.`,

  finalAnswer: ({ task, shape }) =>
    `You have run out of steps. Using only what you learned above, give your best final answer to the task:
${task}

${shape ? `Answer with JSON only, without code, matching this TypeScript type:\n\`\`\`ts\n${shape}\n\`\`\`` : "Answer with the answer itself, without code."}`,

  toolsChanged: ({ declarations, removed, searchable }) =>
    [
      "The tools changed.",
      declarations && `New or changed:\n\`\`\`ts\n${declarations}\n\`\`\``,
      searchable > 0 && `${searchable} new tools are not declared; search_tools finds them.`,
      removed.length > 0 && `No longer available: ${removed.join(", ")}.`,
    ]
      .filter(Boolean)
      .join("\n"),

  pendingCalls: ({ names }) =>
    `${names.length === 1 ? "1 tool call was" : `${names.length} tool calls were`} still pending when the code ended (${names.join(", ")}), so nothing used ${names.length === 1 ? "its result" : "their results"}. \`await\` tool calls to use what they return.`,

  stepBudget: ({ step, maxSteps }) =>
    `Step ${step} of ${maxSteps} done${step + 1 >= maxSteps ? ": the next answer must be final" : ""}.`,

  sessionLost: ({ reason }) =>
    `The sandbox failed (${reason}) and was replaced by a fresh one: every variable and function from earlier steps is gone. Recreate what you still need.`,
};
