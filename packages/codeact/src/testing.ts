/** Test helpers: `ScriptedModel` replays responses and records every request. */
export * from "@codeact/core/testing";
