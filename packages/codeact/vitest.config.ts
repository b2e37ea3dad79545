import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@codeact/source"] },
  ssr: { resolve: { conditions: ["@codeact/source"] } },
  test: { include: ["src/**/*.test.ts", "tests/**/*.test.ts"] },
});
