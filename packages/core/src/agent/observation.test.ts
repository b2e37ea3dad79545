import { describe, expect, it } from "vitest";
import { show } from "../tool/tool-output.js";
import { codeObservation, truncate } from "./observation.js";

describe("observations", () => {
  it("keeps short text and cuts long text in the middle with a marker saying how much", () => {
    expect(truncate("short", 10)).toBe("short");
    const long = `${"a".repeat(50)}${"b".repeat(50)}`;
    const cut = truncate(long, 20);
    expect(cut).toBe(`${"a".repeat(10)}\n... [80 characters truncated] ...\n${"b".repeat(10)}`);
  });

  it("shows logs, the last value and the error, each truncated on its own", () => {
    const observation = codeObservation(
      {
        logs: "x".repeat(500),
        value: { list: Array.from({ length: 100 }, (_, i) => i) },
        error: { name: "TypeError", message: `bad ${"y".repeat(500)}`, line: 3 },
        durationMs: 1,
      },
      100,
    );
    const [header, logsLabel, logs, ...rest] = observation.split("\n");
    expect(header).toBe("Observation:");
    expect(logsLabel).toBe("Logs:");
    expect(logs).toBe("x".repeat(50));
    expect(observation).toMatch(/\[400 characters truncated\]/);
    expect(observation).toMatch(/Last value: \{\n {2}"list": \[/);
    expect(observation).toMatch(
      /Error: TypeError: bad y+\n\.\.\. \[\d+ characters truncated\] \.\.\.\ny+ \(line 3\)$/,
    );
    expect(rest.join("\n").length).toBeLessThan(500);
  });

  it("says when code printed nothing", () => {
    expect(codeObservation({ logs: "", durationMs: 1 }, 100)).toBe(
      "Observation:\nThe code ran without output. Use console.log to see values.",
    );
  });

  it("shows strings as they are and other values as JSON", () => {
    expect(show("plain")).toBe("plain");
    expect(show([1, { a: null }])).toBe('[\n  1,\n  {\n    "a": null\n  }\n]');
    expect(show(undefined)).toBe("undefined");
  });
});
