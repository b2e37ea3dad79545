/** Environment variables, read so the package still loads where there is no `process` (browsers, edge). */

/** The value of environment variable `name`, or undefined when unset, empty, or there is no environment. */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}
