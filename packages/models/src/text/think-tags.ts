/**
 * Models served without a reasoning parser (Qwen3, DeepSeek-R1 distills on Ollama or llama.cpp)
 * put their thinking in the answer as a leading `<think>...</think>` block. This moves it out of
 * the text and into `reasoning`, for whole answers and for streams alike.
 */

const open = "<think>";
const close = "</think>";

/** Splits streamed content into answer text and thinking; feed it deltas, then call `end()`. */
export class ThinkSplitter {
  #state: "start" | "thinking" | "after" | "text" = "start";
  #buffer = "";

  /** Consumes one content delta; returns what is known to be text and what is thinking. */
  push(delta: string): { text: string; reasoning: string } {
    if (this.#state === "text") return { text: delta, reasoning: "" };
    if (this.#state === "after") return this.#after(delta);
    this.#buffer += delta;
    if (this.#state === "start") {
      const trimmed = this.#buffer.trimStart();
      if (trimmed.startsWith(open)) {
        this.#state = "thinking";
        this.#buffer = trimmed.slice(open.length);
      } else if (open.startsWith(trimmed)) {
        return { text: "", reasoning: "" };
      } else {
        this.#state = "text";
        const text = this.#buffer;
        this.#buffer = "";
        return { text, reasoning: "" };
      }
    }
    return this.#thinking();
  }

  /** Flushes what is still held back once the content is complete. */
  end(): { text: string; reasoning: string } {
    const rest = this.#buffer;
    this.#buffer = "";
    if (this.#state === "thinking") return { text: "", reasoning: rest };
    return { text: rest, reasoning: "" };
  }

  /** Drops the blank lines between `</think>` and the answer. */
  #after(delta: string): { text: string; reasoning: string } {
    const text = delta.replace(/^\s+/, "");
    if (text) this.#state = "text";
    return { text, reasoning: "" };
  }

  #thinking(): { text: string; reasoning: string } {
    const index = this.#buffer.indexOf(close);
    if (index !== -1) {
      const reasoning = this.#buffer.slice(0, index);
      const rest = this.#buffer.slice(index + close.length);
      this.#buffer = "";
      this.#state = "after";
      return { text: this.#after(rest).text, reasoning };
    }
    // Keep back what could be the start of `</think>` split across deltas.
    let keep = 0;
    for (let length = Math.min(close.length - 1, this.#buffer.length); length > 0; length--) {
      if (this.#buffer.endsWith(close.slice(0, length))) {
        keep = length;
        break;
      }
    }
    const reasoning = this.#buffer.slice(0, this.#buffer.length - keep);
    this.#buffer = this.#buffer.slice(this.#buffer.length - keep);
    return { text: "", reasoning };
  }
}

/** Splits a whole answer into text and thinking. */
export function splitThinking(content: string): { text: string; reasoning: string } {
  const splitter = new ThinkSplitter();
  const first = splitter.push(content);
  const rest = splitter.end();
  return { text: first.text + rest.text, reasoning: first.reasoning + rest.reasoning };
}
