// Appends numbered entries to a file journal as fast as it can, until it is killed.
import { fileJournal } from "@codeact/durable";

const [dir, runId] = process.argv.slice(2);
const journal = fileJournal(dir);
await journal.append(runId, { type: "start", task: "append forever" });
for (let index = 0; ; index++) {
  await journal.append(runId, {
    type: "call",
    step: 1,
    index,
    name: "count",
    input: { padding: "x".repeat(index % 5000) },
    output: index,
  });
}
