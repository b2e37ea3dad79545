/** Test helpers for codeact: import from `@codeact/core/testing`. */
export {
  type ConformanceCase,
  type ExecutorConformanceOptions,
  executorConformance,
} from "./executor-conformance.js";
export { ScriptedModel, type ScriptedModelOptions, type ScriptedResponse } from "./scripted-model.js";
