import { defineConfig, mergeConfig } from "vitest/config";
import { sharedTestConfig } from "../vitest.shared.ts";

export default mergeConfig(
  sharedTestConfig,
  defineConfig({ test: { include: ["**/*.test.ts"], exclude: ["**/node_modules/**"] } }),
);
