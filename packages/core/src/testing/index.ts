/** Test helpers for codeact: import from `@codeact/core/testing`. */
export { ScriptedModel, type ScriptedModelOptions, type ScriptedResponse } from "./scripted-model.js";
