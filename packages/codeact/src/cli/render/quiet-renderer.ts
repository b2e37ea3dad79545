/** `--quiet`: only the final answer on stdout; a failure says why on stderr. */
import { formatAnswer, type Renderer } from "./renderer.js";

/** Prints the answer of a successful run, or the reason a run failed. */
export function quietRenderer(out: NodeJS.WritableStream, err: NodeJS.WritableStream): Renderer {
  return {
    event: () => {},
    end: (result) => {
      if (result.status === "success") out.write(`${formatAnswer(result.output)}\n`);
      else err.write(`${result.status}: ${result.error?.message ?? "the run did not finish"}\n`);
    },
  };
}
