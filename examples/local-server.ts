/**
 * A local OpenAI-compatible server: Ollama, llama.cpp, vLLM or LM Studio. No key needed.
 *   ollama serve && ollama pull qwen2.5-coder        (http://localhost:11434/v1)
 *   llama-server -m model.gguf --port 8080           (http://localhost:8080/v1)
 */
import { CodeAgent, openai } from "codeact";

const model = openai({
  baseURL: process.env.OPENAI_BASE_URL ?? "http://localhost:11434/v1",
  model: process.env.CODEACT_MODEL ?? "qwen2.5-coder",
});

const agent = new CodeAgent({ model, maxSteps: 8 });
const result = await agent.run("Compute the 30th Fibonacci number.");
console.log(result.status, result.output);
