/** Both directions against the official `@a2a-js/sdk`: its client calls `serveAgent`, and `remoteAgent` calls an agent built on its server. */
import type { Server } from "node:http";
import {
  A2A_PROTOCOL_VERSION,
  AGENT_CARD_PATH,
  type AgentCard,
  type Message,
  Role,
  TaskState,
} from "@a2a-js/sdk";
import { ClientFactory } from "@a2a-js/sdk/client";
import {
  AgentEvent as A2AEvent,
  type AgentExecutor,
  DefaultRequestHandler,
  InMemoryTaskStore,
} from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import { CodeAgent, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type AgentServer, remoteAgent, serveAgent } from "../index.js";

const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const text = (value: string) => ({
  content: { $case: "text" as const, value },
  metadata: undefined,
  filename: "",
  mediaType: "text/plain",
});
const userMessage = (value: string): Message => ({
  messageId: crypto.randomUUID(),
  role: Role.ROLE_USER,
  parts: [text(value)],
  taskId: "",
  contextId: "",
  metadata: {},
  extensions: [],
  referenceTaskIds: [],
});
const send = (value: string) => ({
  tenant: "",
  message: userMessage(value),
  configuration: undefined,
  metadata: {},
});

describe("the official A2A client calls serveAgent", () => {
  let server: AgentServer;
  let release!: () => void;
  let holding!: Promise<void>;
  beforeAll(async () => {
    const hold = tool({
      name: "hold",
      description: "Waits until the run stops.",
      inputSchema: z.object({}),
      execute: (_, { signal }) =>
        new Promise((_, reject) => {
          release();
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    });
    holding = new Promise((resolve) => {
      release = resolve;
    });
    const model = new ScriptedModel([
      js("final_answer({ answer: 42 })"),
      js("console.log('thinking')"),
      js("final_answer({ answer: 7 })"),
      js("await hold({})"),
    ]);
    const agent = new CodeAgent({
      model,
      executor: new QuickJSExecutor(),
      tools: [hold],
      name: "oracle",
      description: "Answers questions.",
      outputSchema: z.object({ answer: z.number() }),
    });
    server = await serveAgent(agent, { port: 0 });
  });
  afterAll(() => server.close());

  it("reads the card, sends a message and gets the typed answer as a data part", async () => {
    const client = await new ClientFactory().createFromUrl(server.url);
    const card = await (await fetch(new URL(AGENT_CARD_PATH, server.url))).json();
    expect(card).toMatchObject({
      name: "oracle",
      description: "Answers questions.",
      capabilities: { streaming: true },
    });
    const result = await client.sendMessage(send("What is the answer?"));
    const task = result as { status?: { state: TaskState }; artifacts: { parts: { content?: unknown }[] }[] };
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0]?.parts[0]?.content).toEqual({ $case: "data", value: { answer: 42 } });
  });

  it("streams status updates that carry codeact's events", async () => {
    const client = await new ClientFactory().createFromUrl(server.url);
    const types: string[] = [];
    let final: TaskState | undefined;
    for await (const { payload } of client.sendMessageStream(send("Think, then answer."))) {
      if (payload?.$case !== "statusUpdate") continue;
      const event = (payload.value.metadata?.codeact as { event?: { type: string } } | undefined)?.event;
      if (event) types.push(event.type);
      final = payload.value.status?.state;
    }
    expect(final).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(types).toEqual(
      expect.arrayContaining(["run-start", "code", "observation", "final-answer", "run-end"]),
    );
    expect(types.indexOf("run-start")).toBeLessThan(types.indexOf("run-end"));
  });

  it("cancels a running task when the client asks", async () => {
    const client = await new ClientFactory().createFromUrl(server.url);
    const stream = client.sendMessageStream(send("Hold."));
    let taskId = "";
    const states: TaskState[] = [];
    for await (const { payload } of stream) {
      if (payload?.$case === "task") {
        taskId = payload.value.id;
        void holding.then(() => client.cancelTask({ tenant: "", id: taskId, metadata: {} }));
      }
      if (payload?.$case === "statusUpdate" && payload.value.status) states.push(payload.value.status.state);
    }
    expect(states.at(-1)).toBe(TaskState.TASK_STATE_CANCELED);
    expect((await client.getTask({ tenant: "", id: taskId, historyLength: 0 })).status?.state).toBe(
      TaskState.TASK_STATE_CANCELED,
    );
  });
});

describe("remoteAgent calls an agent built on the official A2A server", () => {
  let http: Server;
  let url: string;
  beforeAll(async () => {
    // Answers with a direct message when asked to shout, and with a completed task otherwise.
    const executor: AgentExecutor = {
      async execute({ taskId, contextId, userMessage: asked }, bus) {
        const said = asked.parts
          .map((part) => (part.content?.$case === "text" ? part.content.value : ""))
          .join("");
        const reply = { ...userMessage(said.toUpperCase()), role: Role.ROLE_AGENT, taskId, contextId };
        if (said.startsWith("shout")) return bus.publish(A2AEvent.message({ ...reply, taskId: "" }));
        const status = (state: TaskState) => ({
          state,
          message: undefined,
          timestamp: new Date().toISOString(),
        });
        bus.publish(
          A2AEvent.task({
            id: taskId,
            contextId,
            status: status(TaskState.TASK_STATE_SUBMITTED),
            artifacts: [],
            history: [asked],
            metadata: {},
          }),
        );
        bus.publish(
          A2AEvent.artifactUpdate({
            taskId,
            contextId,
            artifact: {
              artifactId: "a",
              name: "",
              description: "",
              parts: reply.parts,
              metadata: {},
              extensions: [],
            },
            append: false,
            lastChunk: true,
            metadata: {},
          }),
        );
        bus.publish(
          A2AEvent.statusUpdate({
            taskId,
            contextId,
            status: status(TaskState.TASK_STATE_COMPLETED),
            metadata: {},
          }),
        );
      },
      async cancelTask() {},
    };
    const app = express();
    http = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => http.once("listening", resolve));
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}/`;
    const card: AgentCard = {
      name: "Upper Caser",
      description: "Says what it is told, in capitals.",
      supportedInterfaces: [
        { url, protocolBinding: "JSONRPC", tenant: "", protocolVersion: A2A_PROTOCOL_VERSION },
      ],
      provider: undefined,
      version: "1.0.0",
      capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
      securitySchemes: {},
      securityRequirements: [],
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [],
      signatures: [],
    };
    const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
    app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
    app.use("/", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  });
  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

  it("names the tool from the card and returns the agent's text, from a task or a direct message", async () => {
    const upper = await remoteAgent({ url, name: "upper" });
    expect(upper.description).toMatch(/^Says what it is told, in capitals\./);
    const model = new ScriptedModel([
      js('final_answer([await upper({ task: "hello" }), await upper({ task: "shout hi" })])'),
    ]);
    const manager = new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [upper] });
    const result = await manager.run("Say hello loudly.");
    expect(result.status, result.error?.message).toBe("success");
    expect(result.output).toEqual(["HELLO", "SHOUT HI"]);
  });
});
