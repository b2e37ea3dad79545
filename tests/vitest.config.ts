import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@codeact/source"] },
  ssr: { resolve: { conditions: ["@codeact/source"] } },
  test: { include: ["**/*.test.ts"], exclude: ["**/node_modules/**"] },
});
