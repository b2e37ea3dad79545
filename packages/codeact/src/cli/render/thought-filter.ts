/**
 * Streams the prose of a model answer as it arrives and holds back its code block, which is
 * shown highlighted once it is complete.
 */

const fences = ["```", "~~~", "<code>"];

/** Feeds text deltas in; gets out only the thought, the part before the first code block. */
export class ThoughtFilter {
  #line = "";
  #inCode = false;

  /** The part of `delta` that is prose and safe to print now. */
  push(delta: string): string {
    if (this.#inCode) return "";
    let out = "";
    for (const char of delta) {
      if (this.#inCode) break;
      this.#line += char;
      if (char === "\n") {
        out += this.#line;
        this.#line = "";
      } else if (opensFence(this.#line)) {
        this.#inCode = true;
        this.#line = "";
      } else if (!mayOpenFence(this.#line)) {
        out += this.#line;
        this.#line = "";
      }
    }
    return out;
  }

  /** Ends the answer: returns held-back prose, if any, and resets for the next one. */
  end(): string {
    const rest = this.#inCode ? "" : this.#line;
    this.#line = "";
    this.#inCode = false;
    return rest;
  }
}

// A line is held back while it could still turn out to open a code block.
function mayOpenFence(line: string): boolean {
  const start = line.trimStart();
  return fences.some((fence) => fence.startsWith(start) || start.startsWith(fence));
}

function opensFence(line: string): boolean {
  const start = line.trimStart();
  return fences.some((fence) => start.startsWith(fence));
}
