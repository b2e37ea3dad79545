/** Test settings every workspace project shares; each project's config adds only what it includes. */
import { defineConfig } from "vitest/config";

export const sharedTestConfig = defineConfig({
  // Tests import each other's packages from source, never from a possibly stale build.
  resolve: { conditions: ["@codeact/source"] },
  ssr: { resolve: { conditions: ["@codeact/source"] } },
  test: {
    // The default 5 s is close to what a test that starts the CLI or an example as a process
    // takes on a loaded CI machine (measured up to 4.4 s here beside six busy processes).
    // Tests that are about time assert their own bounds.
    testTimeout: 30_000,
  },
});
