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

  it("never splits a surrogate pair at either end of the cut", () => {
    const emoji = "😀".repeat(40);
    for (const limit of [9, 10, 11, 12]) {
      const cut = truncate(emoji, limit);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      const count = Number(/\[(\d+) characters/.exec(cut)?.[1]);
      expect(cut.replace(/\n\.\.\. .* \.\.\.\n/, "").length + count).toBe(emoji.length);
    }
  });

  it("folds an executor's cut into its own, so the text has one marker and keeps its tail", () => {
    const full = Array.from({ length: 400 }, (_, i) => `line ${i}`).join("\n");
    const head = full.slice(0, 300);
    const tail = full.slice(-300);
    const fromExecutor = `${head}\n... [${full.length - 600} characters truncated] ...\n${tail}`;
    const cut = truncate(fromExecutor, 200);
    expect(cut.match(/characters truncated/g)).toHaveLength(1);
    expect(cut.startsWith("line 0\n")).toBe(true);
    expect(cut.endsWith("line 399")).toBe(true);
    const count = Number(/\[(\d+) characters/.exec(cut)?.[1]);
    expect(cut.replace(/\n\.\.\. .* \.\.\.\n/, "").length + count).toBe(full.length);
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
    expect(observation).toMatch(/Last value: \{"list":\[0,1,2,/);
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
    expect(show([1, { a: null }])).toBe('[1,{"a":null}]');
    expect(show(undefined)).toBe("undefined");
  });
});
