/**
 * A large, deterministic tool catalogue of the kind a company's internal MCP server offers: ten
 * domains, each with its own things and the usual verbs. Tests and benchmarks declare or serve it.
 */

/** One generated tool: a name, a description and a JSON Schema for its input. */
export type CatalogueTool = {
  name: string;
  description: string;
  inputSchema: {
    type: "object";
    properties: Record<string, { type: string; description: string }>;
    required: string[];
  };
};

const DOMAINS: Record<string, string[]> = {
  crm: ["contact", "lead", "deal", "account", "note"],
  billing: ["invoice", "payment", "refund", "subscription", "coupon"],
  github: ["issue", "pull_request", "release", "branch", "workflow"],
  jira: ["ticket", "sprint", "epic", "board", "comment"],
  calendar: ["event", "attendee", "room", "reminder", "availability"],
  mail: ["message", "draft", "label", "thread", "filter"],
  storage: ["file", "folder", "share_link", "version", "quota"],
  analytics: ["report", "dashboard", "metric", "segment", "export"],
  hr: ["employee", "leave_request", "payslip", "review", "team"],
  support: ["case", "macro", "satisfaction_survey", "sla", "agent_shift"],
};

const VERBS: [string, (thing: string, domain: string) => string][] = [
  ["create", (thing, domain) => `Creates a new ${thing} in ${domain}.`],
  ["get", (thing, domain) => `Reads one ${thing} from ${domain} by its id.`],
  ["list", (thing, domain) => `Lists ${thing}s in ${domain}, newest first, with paging.`],
  ["update", (thing, domain) => `Changes fields of an existing ${thing} in ${domain}.`],
  ["delete", (thing, domain) => `Deletes a ${thing} from ${domain} for good.`],
  ["archive", (thing, domain) => `Archives a ${thing} in ${domain}; it can be restored later.`],
];

/** `count` tools (at most 300), the same every time. */
export function generateCatalogue(count = 300): CatalogueTool[] {
  const tools: CatalogueTool[] = [];
  for (const [verb, describe] of VERBS) {
    for (const [domain, things] of Object.entries(DOMAINS)) {
      for (const thing of things) {
        const words = thing.replaceAll("_", " ");
        const id = `${thing}Id`.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
        const properties: CatalogueTool["inputSchema"]["properties"] =
          verb === "create" || verb === "list"
            ? { workspace: { type: "string", description: `The ${domain} workspace.` } }
            : { [id]: { type: "string", description: `The ${words}'s id.` } };
        if (verb === "update" || verb === "create") {
          properties.fields = { type: "object", description: `Fields of the ${words} to set.` };
        }
        if (verb === "list")
          properties.pageToken = { type: "string", description: "From the previous page." };
        tools.push({
          name: `${domain}_${verb}_${thing}`,
          description: describe(words, domain),
          inputSchema: { type: "object", properties, required: Object.keys(properties).slice(0, 1) },
        });
      }
    }
  }
  return tools.slice(0, count);
}
