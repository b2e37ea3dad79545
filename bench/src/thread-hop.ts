/**
 * The floor under every crossing to a worker thread: one message to a thread that answers at
 * once, and its answer, over the same `MessagePort` the pool's sessions use. An execute costs at
 * least this, and an awaited tool call inside it costs it again.
 */
import { MessageChannel, Worker } from "node:worker_threads";
import { measure, type Sample } from "./harness.js";

const ECHO = `
const { workerData } = require("node:worker_threads");
workerData.on("message", (message) => workerData.postMessage(message));
`;

/** A message shaped like an execute, sent and answered 2,000 times after 200 warm-up. */
export async function threadHop(): Promise<Sample> {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(ECHO, { eval: true, workerData: port2, transferList: [port2] });
  const message = { type: "execute", id: 1, code: "1 + 1" };
  const roundTrip = () =>
    new Promise((resolve) => {
      port1.once("message", resolve);
      port1.postMessage(message);
    });
  try {
    return await measure("bare message round trip to a worker thread (MessagePort, no work)", roundTrip, {
      runs: 2000,
      warmup: 200,
    });
  } finally {
    port1.close();
    await worker.terminate();
  }
}
