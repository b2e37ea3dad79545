import { readdirSync, readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { JSONSchema } from "../schema/json-schema.js";
import { assignIdentifiers } from "./identifiers.js";
import { renderToolDeclaration, schemaToTypeScript } from "./schema-to-typescript.js";
import { toolSpecs } from "./tool-declarations.js";

type Fixture = {
  server: string;
  name: string;
  description: string;
  inputSchema: JSONSchema;
  outputSchema?: JSONSchema;
};

const fixtureDir = new URL("./__fixtures__/schemas/", import.meta.url);
const fixtures = new Map(
  readdirSync(fixtureDir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => [
      file.slice(0, -5),
      JSON.parse(readFileSync(new URL(file, fixtureDir), "utf8")) as Fixture,
    ]),
);
const identifiers = assignIdentifiers([...fixtures.values()].map((fixture) => fixture.name));

function declaration(file: string): string {
  const fixture = fixtures.get(file);
  if (!fixture) throw new Error(`no fixture ${file}`);
  return renderToolDeclaration({ ...fixture, identifier: identifiers.get(fixture.name) ?? fixture.name });
}

// Realistic zod 4 tool schemas, converted the two ways codeact meets them.
const Section: z.ZodType<{ heading: string; children: unknown[] }> = z.object({
  heading: z.string(),
  get children() {
    return z.array(Section);
  },
});
const zodTools = {
  create_calendar_event: {
    description: "Create an event in the user's calendar.",
    input: z.object({
      title: z.string().min(1).describe("Short title shown in the calendar"),
      start: z.iso.datetime().describe("Start time, ISO 8601"),
      durationMinutes: z.number().int().positive().default(30),
      attendees: z.array(z.object({ email: z.email(), optional: z.boolean().optional() })).default([]),
      location: z
        .discriminatedUnion("kind", [
          z.object({ kind: z.literal("room"), roomId: z.string() }),
          z.object({
            kind: z.literal("video"),
            provider: z.enum(["meet", "zoom", "teams"]),
            url: z.url().optional(),
          }),
        ])
        .optional(),
      recurrence: z
        .union([z.literal("daily"), z.literal("weekly"), z.object({ rrule: z.string() })])
        .nullable()
        .optional(),
      labels: z.record(z.string(), z.string()).optional().describe("Free-form labels"),
    }),
    output: z.object({
      id: z.string(),
      status: z.enum(["confirmed", "tentative"]),
      conflicts: z.array(z.string()),
    }),
  },
  query_table: {
    description: "Query rows from one table.\nFilters are combined with AND.",
    input: z.object({
      table: z.enum(["users", "orders", "products"]),
      filters: z
        .array(
          z.object({
            column: z.string(),
            op: z.enum(["=", "!=", "<", ">", "in"]),
            value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
          }),
        )
        .describe("All filters must match."),
      orderBy: z.tuple([z.string(), z.enum(["asc", "desc"])]).optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.object({
      rows: z.array(z.record(z.string(), z.unknown())),
      total: z.number().int(),
      nextCursor: z.string().nullable(),
    }),
  },
  save_outline: {
    description: "Save a document outline.",
    input: z.object({
      title: z.string(),
      sections: z.array(Section),
      glob: z.string().optional().describe("Files it covers, such as src/**/*.ts"),
    }),
    output: undefined,
  },
};

function zodDeclaration(
  name: keyof typeof zodTools,
  target: "draft-2020-12" | "draft-07" = "draft-2020-12",
): string {
  const { description, input, output } = zodTools[name];
  return renderToolDeclaration({
    identifier: name,
    description,
    inputSchema: input["~standard"].jsonSchema.input({ target }) as JSONSchema,
    outputSchema: output && (z.toJSONSchema(output) as JSONSchema),
  });
}

function typeCheck(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    types: [],
    skipDefaultLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    name in files
      ? ts.createSourceFile(name, files[name] ?? "", version)
      : getSourceFile.call(host, name, version, ...rest);
  host.fileExists = (name) => name in files || fileExists.call(host, name);
  host.readFile = (name) => files[name] ?? readFile.call(host, name);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    return `${diagnostic.file?.fileName}:${where ? where.line + 1 : "?"}: ${message}`;
  });
}

describe("renderToolDeclaration on real-world schemas", () => {
  it("renders brave-web-search", () => {
    expect(declaration("brave-web-search")).toMatchInlineSnapshot(`
      "/**
       * Performs a web search using the Brave Search API, ideal for general queries, news, articles, and online content. Use this for broad information gathering, recent events, or when you need diverse web sources. Supports pagination, content filtering, and freshness controls. Maximum 20 results per request, with offset for pagination.
       */
      declare function brave_web_search(input: {
        /** Search query (max 400 chars, 50 words) */
        query: string;
        /** Number of results (1-20, default 10) */
        count?: number;
        /** Pagination offset (max 9, default 0) */
        offset?: number;
      }): Promise<unknown>;"
    `);
  });

  it("renders context7-get-library-docs", () => {
    expect(declaration("context7-get-library-docs")).toMatchInlineSnapshot(`
      "/**
       * Fetches up-to-date documentation for a library. You must call 'resolve-library-id' first to obtain the exact Context7-compatible library ID required to use this tool, UNLESS the user explicitly provides a library ID in the format '/org/project' or '/org/project/version' in their query.
       */
      declare function get_library_docs(input: {
        /**
         * Exact Context7-compatible library ID (e.g., '/mongodb/docs', '/vercel/next.js', '/supabase/supabase', '/vercel/next.js/v14.3.0-canary.87') retrieved from 'resolve-library-id' or directly from user query in the format '/org/project' or '/org/project/version'.
         */
        context7CompatibleLibraryID: string;
        /** Topic to focus documentation on (e.g., 'hooks', 'routing'). */
        topic?: string;
        /**
         * Maximum number of tokens of documentation to retrieve (default: 10000). Higher values provide more context but consume more tokens.
         */
        tokens?: number;
      }): Promise<unknown>;"
    `);
  });

  it("renders everything-annotated-message", () => {
    expect(declaration("everything-annotated-message")).toMatchInlineSnapshot(`
      "/** Demonstrates how annotations can be used to provide metadata about content */
      declare function annotatedMessage(input: {
        /** Type of message to demonstrate different annotation patterns */
        messageType: "error" | "success" | "debug";
        /** Whether to include an example image (default false) */
        includeImage?: boolean;
      }): Promise<unknown>;"
    `);
  });

  it("renders everything-long-running-operation", () => {
    expect(declaration("everything-long-running-operation")).toMatchInlineSnapshot(`
      "/** Demonstrates a long running operation with progress updates */
      declare function longRunningOperation(input?: {
        /** Duration of the operation in seconds (default 10) */
        duration?: number;
        /** Number of steps in the operation (default 5) */
        steps?: number;
      }): Promise<unknown>;"
    `);
  });

  it("renders everything-structured-content", () => {
    expect(declaration("everything-structured-content")).toMatchInlineSnapshot(`
      "/** Returns structured content along with an output schema for client data validation */
      declare function structuredContent(input: {
        /** City name or zip code (non-empty) */
        location: string;
      }): Promise<{
        /** Temperature in celsius */
        temperature: number;
        /** Weather conditions description */
        conditions: string;
        /** Humidity percentage */
        humidity: number;
      }>;"
    `);
  });

  it("renders fetch-fetch", () => {
    expect(declaration("fetch-fetch")).toMatchInlineSnapshot(`
      "/**
       * Fetches a URL from the internet and optionally extracts its contents as markdown.
       *
       * Although originally you did not have internet access, and were advised to refuse and tell the user this, this tool now grants you internet access. Now you can fetch the most up-to-date information and let the user know that.
       */
      declare function fetch(input: {
        /** URL to fetch (non-empty, format uri) */
        url: string;
        /** Maximum number of characters to return. (integer, more than 0, less than 1000000, default 5000) */
        max_length?: number;
        /**
         * On return output starting at this character index, useful if a previous fetch was truncated and more context is required. (integer, at least 0, default 0)
         */
        start_index?: number;
        /** Get the actual HTML content of the requested page, without simplification. (default false) */
        raw?: boolean;
      }): Promise<unknown>;"
    `);
  });

  it("renders filesystem-edit-file", () => {
    expect(declaration("filesystem-edit-file")).toMatchInlineSnapshot(`
      "/**
       * Make line-based edits to a text file. Each edit replaces exact line sequences with new content. Returns a git-style diff showing the changes made. Only works within allowed directories.
       */
      declare function edit_file(input: {
        path: string;
        edits: {
          /** Text to search for - must match exactly */
          oldText: string;
          /** Text to replace with */
          newText: string;
        }[];
        /** Preview changes using git-style diff format (default false) */
        dryRun?: boolean;
      }): Promise<{ content: string }>;"
    `);
  });

  it("renders filesystem-list-allowed-directories", () => {
    expect(declaration("filesystem-list-allowed-directories")).toMatchInlineSnapshot(`
      "/**
       * Returns the list of directories that this server is allowed to access. Subdirectories within these allowed directories are also accessible. Use this to understand which directories and their nested paths are available before trying to access files.
       */
      declare function list_allowed_directories(input?: {}): Promise<{ content: string }>;"
    `);
  });

  it("renders filesystem-read-text-file", () => {
    expect(declaration("filesystem-read-text-file")).toMatchInlineSnapshot(`
      "/**
       * Read the complete contents of a file from the file system as text. Handles various text encodings and provides detailed error messages if the file cannot be read. Use this tool when you need to examine the contents of a single file. Use the 'head' parameter to read only the first N lines of a file, or the 'tail' parameter to read only the last N lines of a file. Operates on the file as text regardless of extension. Only works within allowed directories.
       */
      declare function read_text_file(input: {
        path: string;
        /** If provided, returns only the last N lines of the file */
        tail?: number;
        /** If provided, returns only the first N lines of the file */
        head?: number;
      }): Promise<{ content: string }>;"
    `);
  });

  it("renders filesystem-search-files", () => {
    expect(declaration("filesystem-search-files")).toMatchInlineSnapshot(`
      "/**
       * Recursively search for files and directories matching a pattern. The patterns should be glob-style patterns that match paths relative to the working directory. Use pattern like '*.ext' to match files in current directory, and '**\\/*.ext' to match files in all subdirectories. Returns full paths to all matching items. Great for finding files when you don't know their exact location. Only searches within allowed directories.
       */
      declare function search_files(input: { path: string; pattern: string; excludePatterns?: string[] }): Promise<{ content: string }>;"
    `);
  });

  it("renders github-create-issue", () => {
    expect(declaration("github-create-issue")).toMatchInlineSnapshot(`
      "/** Create a new issue in a GitHub repository */
      declare function create_issue(input: {
        owner: string;
        repo: string;
        title: string;
        body?: string;
        assignees?: string[];
        milestone?: number;
        labels?: string[];
      }): Promise<unknown>;"
    `);
  });

  it("renders github-search-issues", () => {
    expect(declaration("github-search-issues")).toMatchInlineSnapshot(`
      "/** Search for issues and pull requests across GitHub repositories */
      declare function search_issues(input: {
        q: string;
        order?: "asc" | "desc";
        /** at least 1 */
        page?: number;
        /** 1 to 100 */
        per_page?: number;
        sort?: "comments" | "reactions" | "reactions-+1" | "reactions--1" | "reactions-smile" | "reactions-thinking_face" | "reactions-heart" | "reactions-tada" | "interactions" | "created" | "updated";
      }): Promise<unknown>;"
    `);
  });

  it("renders github-search-repositories", () => {
    expect(declaration("github-search-repositories")).toMatchInlineSnapshot(`
      "/** Search for GitHub repositories */
      declare function search_repositories(input: {
        /** Search query (see GitHub search syntax) */
        query: string;
        /** Page number for pagination (default: 1) */
        page?: number;
        /** Number of results per page (default: 30, max: 100) */
        perPage?: number;
      }): Promise<unknown>;"
    `);
  });

  it("renders memory-create-entities", () => {
    expect(declaration("memory-create-entities")).toMatchInlineSnapshot(`
      "/** Create multiple new entities in the knowledge graph */
      declare function create_entities(input: {
        entities: {
          /** The name of the entity */
          name: string;
          /** The type of the entity */
          entityType: string;
          /** An array of observation contents associated with the entity */
          observations: string[];
        }[];
      }): Promise<unknown>;"
    `);
  });

  it("renders openai-get-current-weather", () => {
    expect(declaration("openai-get-current-weather")).toMatchInlineSnapshot(`
      "/** Get the current weather in a given location */
      declare function get_current_weather(input: {
        /** The city and state, e.g. San Francisco, CA */
        location: string;
        unit?: "celsius" | "fahrenheit";
      }): Promise<unknown>;"
    `);
  });

  it("renders openai-linked-list", () => {
    expect(declaration("openai-linked-list")).toMatchInlineSnapshot(`
      "/** Store a linked list. */
      declare function store_list(input: { linked_list: { value: number; next: unknown } }): Promise<unknown>;"
    `);
  });

  it("renders openai-strict-get-weather", () => {
    expect(declaration("openai-strict-get-weather")).toMatchInlineSnapshot(`
      "/** Retrieves current weather for the given location. */
      declare function get_weather(input: {
        /** City and country e.g. Bogotá, Colombia */
        location: string;
        /** Units the temperature will be returned in. */
        units: "celsius" | "fahrenheit" | null;
      }): Promise<unknown>;"
    `);
  });

  it("renders openai-ui-recursive", () => {
    expect(declaration("openai-ui-recursive")).toMatchInlineSnapshot(`
      "/** Generate a UI component tree. */
      declare function generate_ui(input: {
        /** The type of the UI component */
        type: "div" | "button" | "header" | "section" | "field" | "form";
        /** The label of the UI component, used for buttons or form fields */
        label: string;
        /** Nested UI components */
        children: unknown[];
        /** Arbitrary attributes for the UI component, suitable for any element */
        attributes: {
          /** The name of the attribute, for example onClick or className */
          name: string;
          /** The value of the attribute */
          value: string;
        }[];
      }): Promise<unknown>;"
    `);
  });

  it("renders openapi-update-pet", () => {
    expect(declaration("openapi-update-pet")).toMatchInlineSnapshot(`
      "/** Update an existing pet by Id */
      declare function updatePet(input: {
        /** integer */
        id: number;
        name: string;
        category?: {
          /** integer */
          id?: number;
          name?: string;
        } | null;
        photoUrls: string[];
        tags?: {
          /** integer */
          id?: number;
          name?: string;
        }[] | null;
        /** pet status in the store */
        status?: "available" | "pending" | "sold" | null;
      }): Promise<unknown>;"
    `);
  });

  it("renders postgres-query", () => {
    expect(declaration("postgres-query")).toMatchInlineSnapshot(`
      "/** Run a read-only SQL query */
      declare function query(input?: { sql?: string }): Promise<unknown>;"
    `);
  });

  it("renders puppeteer-navigate", () => {
    expect(declaration("puppeteer-navigate")).toMatchInlineSnapshot(`
      "/** Navigate to a URL */
      declare function puppeteer_navigate(input: {
        /** URL to navigate to */
        url: string;
        /**
         * PuppeteerJS LaunchOptions. Default null. If changed and not null, browser restarts. Example: { headless: true, args: ['--no-sandbox'] }
         */
        launchOptions?: Record<string, unknown>;
        /**
         * Allow dangerous LaunchOptions that reduce security. When false, dangerous args like --no-sandbox will throw errors. Default false.
         */
        allowDangerous?: boolean;
      }): Promise<unknown>;"
    `);
  });

  it("renders sequential-thinking", () => {
    expect(declaration("sequential-thinking")).toMatchInlineSnapshot(`
      "/**
       * A detailed tool for dynamic and reflective problem-solving through thoughts.
       * This tool helps analyze problems through a flexible thinking process that can adapt and evolve.
       * Each thought can build on, question, or revise previous insights as understanding deepens.
       *
       * When to use this tool:
       * - Breaking down complex problems into steps
       * - Planning and design with room for revision
       * - Analysis that might need course correction
       * - Problems where the full scope might not be clear initially
       * - Problems that require a multi-step solution
       * - Tasks that need to maintain context over multiple steps
       * - Situations where irrelevant information needs to be filtered out
       *
       * Key features:
       * - You can adjust total_thoughts up or down as you progress
       * - You can question or revise previous thoughts
       * - You can add more thoughts even after reaching what seemed like the end
       * - You can express uncertainty and explore alternative approaches
       * - Not every thought needs to build linearly - you can branch or backtrack
       * - Generates a solution hypothesis
       * - Verifies the hypothesis based on the Chain of Thought steps
       * - Repeats the process until satisfied
       * - Provides a correct answer
       */
      declare function sequentialthinking(input: {
        /** Your current thinking step */
        thought: string;
        /** Whether another thought step is needed */
        nextThoughtNeeded: boolean;
        /** Current thought number (integer, at least 1) */
        thoughtNumber: number;
        /** Estimated total thoughts needed (integer, at least 1) */
        totalThoughts: number;
        /** Whether this revises previous thinking */
        isRevision?: boolean;
        /** Which thought is being reconsidered (integer, at least 1) */
        revisesThought?: number;
        /** Branching point thought number (integer, at least 1) */
        branchFromThought?: number;
        /** Branch identifier */
        branchId?: string;
        /** If more thoughts are needed */
        needsMoreThoughts?: boolean;
      }): Promise<unknown>;"
    `);
  });

  it("renders slack-list-channels", () => {
    expect(declaration("slack-list-channels")).toMatchInlineSnapshot(`
      "/** List public channels in the workspace with pagination */
      declare function slack_list_channels(input?: {
        /** Maximum number of channels to return (default 100, max 200) */
        limit?: number;
        /** Pagination cursor for next page of results */
        cursor?: string;
      }): Promise<unknown>;"
    `);
  });

  it("renders a zod 4 schema with unions, records, defaults and a discriminated union", () => {
    expect(zodDeclaration("create_calendar_event")).toMatchInlineSnapshot(`
      "/** Create an event in the user's calendar. */
      declare function create_calendar_event(input: {
        /** Short title shown in the calendar (non-empty) */
        title: string;
        /** Start time, ISO 8601 (format date-time) */
        start: string;
        /** integer, more than 0, default 30 */
        durationMinutes?: number;
        attendees?: {
          /** format email */
          email: string;
          optional?: boolean;
        }[];
        location?: { kind: "room"; roomId: string } | {
          kind: "video";
          provider: "meet" | "zoom" | "teams";
          /** format uri */
          url?: string;
        };
        recurrence?: "daily" | "weekly" | { rrule: string } | null;
        /** Free-form labels */
        labels?: { [key: string]: string };
      }): Promise<{ id: string; status: "confirmed" | "tentative"; conflicts: string[] }>;"
    `);
  });

  it("renders zod 4 tuples, nullables and enums the same for draft-2020-12 and draft-07", () => {
    expect(zodDeclaration("query_table")).toMatchInlineSnapshot(`
      "/**
       * Query rows from one table.
       * Filters are combined with AND.
       */
      declare function query_table(input: {
        table: "users" | "orders" | "products";
        /** All filters must match. */
        filters: {
          column: string;
          op: "=" | "!=" | "<" | ">" | "in";
          value: string | number | boolean | null | string[];
        }[];
        /** exactly 2 items */
        orderBy?: [string, "asc" | "desc"];
        /** integer, 1 to 1000, default 100 */
        limit?: number;
      }): Promise<{
        rows: Record<string, unknown>[];
        /** integer */
        total: number;
        nextCursor: string | null;
      }>;"
    `);
    expect(zodDeclaration("query_table", "draft-07")).toBe(zodDeclaration("query_table"));
  });

  it("renders a recursive zod 4 schema, cutting the cycle at unknown", () => {
    expect(zodDeclaration("save_outline")).toMatchInlineSnapshot(`
      "/** Save a document outline. */
      declare function save_outline(input: {
        title: string;
        sections: { heading: string; children: unknown[] }[];
        /** Files it covers, such as src/**\\/*.ts */
        glob?: string;
      }): Promise<unknown>;"
    `);
  });

  it("renders declarations that compile, for every fixture", () => {
    const declarations = [
      ...[...fixtures.keys()].map(declaration),
      ...(Object.keys(zodTools) as (keyof typeof zodTools)[]).flatMap((name) => [
        zodDeclaration(name),
        zodDeclaration(name, "draft-07"),
      ]),
    ];
    expect(declarations).toHaveLength(fixtures.size + 6);
    expect(typeCheck({ "tools.d.ts": declarations.join("\n\n") })).toEqual([]);
  });

  it("accepts the calls a model would write and rejects wrong ones", () => {
    const tools = [...fixtures.keys()].map(declaration).join("\n\n");
    const usage = `
export async function run() {
  await read_text_file({ path: "notes.txt", head: 10 });
  await edit_file({ path: "a.ts", edits: [{ oldText: "a", newText: "b" }] });
  await list_allowed_directories();
  await slack_list_channels();
  await create_entities({ entities: [{ name: "Ada", entityType: "person", observations: [] }] });
  await get_library_docs({ context7CompatibleLibraryID: "/vercel/next.js" });
  await store_list({ linked_list: { value: 1, next: { value: 2, next: null } } });
  await get_weather({ location: "Bogotá, Colombia", units: null });
  await updatePet({ id: 1, name: "Rex", photoUrls: [], status: null, category: { name: "dog" } });
  const weather: { temperature: number; conditions: string; humidity: number } = await structuredContent({ location: "Paris" });
  const file: { content: string } = await read_text_file({ path: "notes.txt" });
  // @ts-expect-error title is required
  await create_issue({ owner: "o", repo: "r" });
  // @ts-expect-error not one of the enum values
  await annotatedMessage({ messageType: "info" });
  // @ts-expect-error extra property on a closed object literal
  await search_files({ path: ".", pattern: "*.ts", recursive: true });
  return [weather, file];
}`;
    expect(typeCheck({ "tools.d.ts": tools, "usage.ts": usage })).toEqual([]);
  });
});

describe("schemaToTypeScript", () => {
  const render = (schema: unknown) => schemaToTypeScript(schema as JSONSchema);

  it("maps primitive types, with integer as number and a missing type as unknown", () => {
    expect(render({ type: "string", format: "uri", default: "x" })).toBe("string");
    expect(render({ type: "integer" })).toBe("number");
    expect(render({ type: "number" })).toBe("number");
    expect(render({ type: "boolean" })).toBe("boolean");
    expect(render({ type: "null" })).toBe("null");
    expect(render({ description: "anything" })).toBe("unknown");
    expect(render({ type: "bigint" })).toBe("unknown");
  });

  it("treats true and {} as unknown and false as never", () => {
    expect(render(true)).toBe("unknown");
    expect(render({})).toBe("unknown");
    expect(render(false)).toBe("never");
    expect(render({ type: "array", items: false })).toBe("never[]");
  });

  it("renders enum and const as literal types", () => {
    expect(render({ enum: ["a", 'say "hi"', 1, true, null] })).toBe('"a" | "say \\"hi\\"" | 1 | true | null');
    expect(render({ type: "string", const: "fixed" })).toBe('"fixed"');
    expect(render({ const: { a: [1] } })).toBe('{"a":[1]}');
    expect(render({ enum: [] })).toBe("never");
  });

  it("renders type arrays and OpenAPI nullable as unions with null", () => {
    expect(render({ type: ["string", "null"] })).toBe("string | null");
    expect(render({ type: ["array", "null"], items: { type: "integer" } })).toBe("number[] | null");
    expect(render({ type: "string", nullable: true })).toBe("string | null");
    expect(render({ type: ["string", "null"], nullable: true })).toBe("string | null");
    expect(render({ enum: ["a", "b"], nullable: true })).toBe('"a" | "b" | null');
  });

  it("renders anyOf and oneOf as unions and allOf as an intersection", () => {
    expect(render({ anyOf: [{ type: "string" }, { type: "number" }, { type: "string" }] })).toBe(
      "string | number",
    );
    expect(render({ oneOf: [{ const: "a" }, { const: "b" }] })).toBe('"a" | "b"');
    expect(render({ anyOf: [{ type: "string" }, {}] })).toBe("unknown");
    expect(render({ anyOf: [{ type: "string" }, false] })).toBe("string");
    expect(
      render({
        allOf: [
          { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
          { type: "object", properties: { b: { type: "number" } } },
        ],
      }),
    ).toBe("({ a: string } & { b?: number })");
    expect(render({ allOf: [{ type: "string" }, {}] })).toBe("string");
    expect(render({ allOf: [{ type: "string" }, false] })).toBe("never");
  });

  it("ignores branches that only constrain, keeping the base type", () => {
    expect(render({ type: "string", anyOf: [{ minLength: 1 }, { format: "email" }] })).toBe("string");
    expect(
      render({
        type: "object",
        properties: { id: { type: "string" }, name: { type: "string" } },
        anyOf: [{ required: ["id"] }, { required: ["name"] }],
      }),
    ).toBe("{ id?: string; name?: string }");
    expect(
      render({ type: "object", oneOf: [{ properties: { a: { type: "string" } }, required: ["a"] }] }),
    ).toBe("{ a: string }");
  });

  it("parenthesizes unions and intersections where precedence needs it", () => {
    expect(render({ type: "array", items: { type: ["string", "number"] } })).toBe("(string | number)[]");
    expect(render({ type: "array", items: { anyOf: [{ const: 1 }, { const: 2 }] } })).toBe("(1 | 2)[]");
    expect(
      render({
        type: "array",
        items: {
          allOf: [{ properties: { a: { type: "string" } } }, { properties: { b: { type: "string" } } }],
        },
      }),
    ).toBe("({ a?: string } & { b?: string })[]");
    expect(render({ allOf: [{ type: ["string", "number"] }, { type: ["number", "boolean"] }] })).toBe(
      "((string | number) & (number | boolean))",
    );
  });

  it("renders arrays, tuples and rest elements", () => {
    expect(render({ type: "array" })).toBe("unknown[]");
    expect(render({ items: { type: "string" } })).toBe("string[]");
    expect(render({ type: "array", items: { type: "array", items: { type: "number" } } })).toBe("number[][]");
    expect(
      render({ type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false }),
    ).toBe("[string, number]");
    expect(render({ type: "array", prefixItems: [{ type: "string" }], items: { type: "number" } })).toBe(
      "[string, ...number[]]",
    );
    expect(
      render({ type: "array", items: [{ type: "string" }, { type: "boolean" }], additionalItems: false }),
    ).toBe("[string, boolean]");
    expect(render({ type: "array", items: [{ type: "string" }], additionalItems: true })).toBe(
      "[string, ...unknown[]]",
    );
    expect(render({ type: "array", prefixItems: [{ type: "string" }] })).toBe("[string]");
  });

  it("renders objects: optional properties, quoted keys, empty objects and records", () => {
    expect(
      render({
        type: "object",
        properties: {
          "content-type": { type: "string" },
          class: { type: "string" },
          "2x": { type: "number" },
        },
        required: ["class"],
      }),
    ).toBe('{ "content-type"?: string; class: string; "2x"?: number }');
    expect(render({ type: "object" })).toBe("Record<string, unknown>");
    expect(render({ type: "object", additionalProperties: true })).toBe("Record<string, unknown>");
    expect(render({ type: "object", properties: {} })).toBe("{}");
    expect(render({ type: "object", additionalProperties: false })).toBe("{}");
    expect(render({ type: "object", additionalProperties: { type: "number" } })).toBe(
      "{ [key: string]: number }",
    );
    expect(render({ additionalProperties: { type: "array", items: { type: "string" } } })).toBe(
      "{ [key: string]: string[] }",
    );
  });

  it("adds an index signature beside properties, as an intersection when it is typed", () => {
    expect(
      render({ type: "object", properties: { a: { type: "string" } }, additionalProperties: true }),
    ).toBe("{ a?: string; [key: string]: unknown }");
    expect(
      render({
        type: "object",
        properties: { a: { type: "string" } },
        required: ["a"],
        additionalProperties: { type: "number" },
      }),
    ).toBe("({ a: string } & { [key: string]: number })");
  });

  it("breaks objects with descriptions or long bodies over lines, indenting nested objects", () => {
    const schema = {
      type: "object",
      properties: {
        user: {
          type: "object",
          description: "Who is asking",
          properties: {
            id: { type: "string", description: "Stable id" },
            tags: { type: "array", items: { type: "string" } },
          },
          required: ["id"],
        },
        reallyQuiteLongPropertyName: { type: "string" },
        anotherRatherLongPropertyName: { type: "number" },
      },
      required: ["user"],
    };
    expect(render(schema)).toBe(
      [
        "{",
        "  /** Who is asking */",
        "  user: {",
        "    /** Stable id */",
        "    id: string;",
        "    tags?: string[];",
        "  };",
        "  reallyQuiteLongPropertyName?: string;",
        "  anotherRatherLongPropertyName?: number;",
        "}",
      ].join("\n"),
    );
    expect(
      schemaToTypeScript(schema as JSONSchema, { indent: "    " })
        .split("\n")
        .slice(-3),
    ).toEqual([
      "      reallyQuiteLongPropertyName?: string;",
      "      anotherRatherLongPropertyName?: number;",
      "    }",
    ]);
  });

  it("writes descriptions as TSDoc, multi-line when long or multi-line, with */ escaped", () => {
    const described = (description: string) =>
      render({ type: "object", properties: { a: { type: "string", description } }, required: ["a"] });
    expect(described("Ends a comment */ early")).toBe(
      "{\n  /** Ends a comment *\\/ early */\n  a: string;\n}",
    );
    expect(described("First line\n\nThird line  ")).toBe(
      "{\n  /**\n   * First line\n   *\n   * Third line\n   */\n  a: string;\n}",
    );
    expect(described("x".repeat(101))).toBe(`{\n  /**\n   * ${"x".repeat(101)}\n   */\n  a: string;\n}`);
    expect(described("   ")).toBe("{ a: string }");
  });

  it("inlines $ref to $defs and definitions, and cuts recursion at unknown", () => {
    expect(
      render({
        type: "object",
        properties: { a: { $ref: "#/$defs/Point" }, b: { $ref: "#/definitions/Point" } },
        required: ["a", "b"],
        $defs: { Point: { type: "object", properties: { x: { type: "number" } }, required: ["x"] } },
        definitions: { Point: { type: "string" } },
      }),
    ).toBe("{ a: { x: number }; b: string }");
    expect(
      render({
        $ref: "#/$defs/Tree",
        $defs: {
          Tree: {
            type: "object",
            properties: {
              value: { type: "string" },
              children: { type: "array", items: { $ref: "#/$defs/Tree" } },
            },
            required: ["value", "children"],
          },
        },
      }),
    ).toBe("{ value: string; children: unknown[] }");
    expect(render({ type: "array", items: { $ref: "#" } })).toBe("unknown[]");
    expect(render({ $ref: "#/$defs/a~1b", $defs: { "a/b": { type: "boolean" } } })).toBe("boolean");
    expect(render({ $ref: "#/$defs/Missing" })).toBe("unknown");
    expect(render({ $ref: "https://example.com/schema.json" })).toBe("unknown");
    expect(render({ $ref: "#/$defs/Name", nullable: true, $defs: { Name: { type: "string" } } })).toBe(
      "string | null",
    );
  });

  it("renders the same definition twice when it is shared, not recursive", () => {
    const point = { type: "object", properties: { x: { type: "number" } }, required: ["x"] };
    expect(render({ type: "object", properties: { from: point, to: point }, required: ["from", "to"] })).toBe(
      "{ from: { x: number }; to: { x: number } }",
    );
  });

  it("never throws on malformed schemas", () => {
    const cyclic: Record<string, unknown> = { type: "object" };
    cyclic.properties = { self: cyclic };
    const weird: unknown[] = [
      null,
      42,
      "string",
      [],
      { type: 42 },
      { type: [1, "string"] },
      { properties: [] },
      { type: "object", properties: { a: null, b: 3 }, required: "a" },
      { enum: "nope" },
      { anyOf: "nope", allOf: {} },
      { items: 5 },
      { type: "array", prefixItems: "x" },
      { $ref: 12 },
      { $ref: "#/$defs/%E0%A4%A" },
      { const: 10n },
      cyclic,
    ];
    let deep: unknown = { type: "string" };
    for (let i = 0; i < 20_000; i++) deep = { type: "array", items: deep };
    weird.push(deep);
    for (const schema of weird) expect(() => render(schema)).not.toThrow();
    expect(render(deep)).toBe(`unknown${"[]".repeat(32)}`);
    expect(render(cyclic)).toBe("{ self?: unknown }");
    expect(render({ type: "object", properties: { a: null }, required: ["a"] })).toBe("{ a: unknown }");
    expect(render({ const: 10n })).toBe("unknown");
  });
});

describe("renderToolDeclaration", () => {
  const weather = {
    identifier: "get_weather",
    description: "Current weather for a city.",
    inputSchema: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
      required: ["city"],
    },
    outputSchema: {
      type: "object",
      properties: { tempC: { type: "number" }, sky: { type: "string" } },
      required: ["tempC", "sky"],
    },
  };

  it("renders the declaration shown in the design", () => {
    expect(renderToolDeclaration(weather)).toBe(
      '/** Current weather for a city. */\ndeclare function get_weather(input: { city: string; unit?: "c" | "f" }): Promise<{ tempC: number; sky: string }>;',
    );
  });

  it("renders the same declaration from zod 4 schemas", () => {
    const input = z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() });
    const output = z.object({ tempC: z.number(), sky: z.string() });
    expect(
      renderToolDeclaration({
        ...weather,
        inputSchema: input["~standard"].jsonSchema.input({ target: "draft-2020-12" }) as JSONSchema,
        outputSchema: z.toJSONSchema(output) as JSONSchema,
      }),
    ).toBe(renderToolDeclaration(weather));
  });

  it("returns Promise<unknown> without an output schema and omits an empty description", () => {
    expect(renderToolDeclaration({ ...weather, description: "", outputSchema: undefined })).toBe(
      'declare function get_weather(input: { city: string; unit?: "c" | "f" }): Promise<unknown>;',
    );
  });

  it("makes the input optional when nothing is required", () => {
    const declare = (inputSchema: unknown) =>
      renderToolDeclaration({
        identifier: "f",
        description: "",
        inputSchema: inputSchema as JSONSchema,
      }).replace(": Promise<unknown>;", "");
    expect(declare({ type: "object", properties: {} })).toBe("declare function f(input?: {})");
    expect(declare({ type: "object", properties: {}, required: [] })).toBe("declare function f(input?: {})");
    expect(declare({ type: "object" })).toBe("declare function f(input?: Record<string, unknown>)");
    expect(declare({})).toBe("declare function f(input?: unknown)");
    expect(declare({ type: "object", properties: { a: { type: "string" } } })).toBe(
      "declare function f(input?: { a?: string })",
    );
    expect(declare({ type: "string" })).toBe("declare function f(input: string)");
    expect(declare({ anyOf: [{ type: "object" }, { type: "null" }] })).toBe(
      "declare function f(input: Record<string, unknown> | null)",
    );
  });

  it("writes a multi-line description as a TSDoc block", () => {
    expect(
      renderToolDeclaration({ ...weather, description: "Current weather.\nUses the nearest station." }),
    ).toBe(
      [
        "/**",
        " * Current weather.",
        " * Uses the nearest station.",
        " */",
        'declare function get_weather(input: { city: string; unit?: "c" | "f" }): Promise<{ tempC: number; sky: string }>;',
      ].join("\n"),
    );
  });
});

describe("the type check used above", () => {
  it("reports invalid declarations, so a passing check means something", () => {
    expect(
      typeCheck({ "tools.d.ts": "declare function f(input: { a: string; [key: string]: number }): void;" }),
    ).toHaveLength(1);
    expect(typeCheck({ "tools.d.ts": "declare function f(input: { a: strin }): void;" })).toHaveLength(1);
  });
});

describe("constraints in declarations", () => {
  it("shows bounds, lengths, formats and defaults, never the ±2^53 bounds of .int()", () => {
    const input = z.object({
      count: z.number().int().describe("How many."),
      page: z.number().int().min(1).max(50).default(1),
      code: z.string().regex(/^[A-Z]{3}$/),
      email: z.string().email(),
    });
    const schema = input["~standard"].jsonSchema.input({ target: "draft-2020-12" }) as JSONSchema;
    const text = schemaToTypeScript(schema);
    expect(text).toContain("/** How many. (integer) */");
    expect(text).toContain("/** integer, 1 to 50, default 1 */");
    expect(text).toContain("/** matching /^[A-Z]{3}$/ */");
    expect(text).toContain("/** format email */");
    expect(text).not.toContain("9007199254740991");
    const [spec] = toolSpecs([{ identifier: "t", description: "T.", input: schema }], {});
    expect(JSON.stringify(spec?.inputSchema)).not.toContain("9007199254740991");
    expect(JSON.stringify(spec?.inputSchema)).toContain('"minimum":1');
  });

  it("says what each value means, from described literals or enumDescriptions", () => {
    const input = z.object({
      order: z
        .union([z.literal("asc").describe("oldest first"), z.literal("desc").describe("newest first")])
        .describe("Sort order.")
        .default("desc"),
      state: z.enum(["open", "closed"]),
    });
    const schema = input["~standard"].jsonSchema.input({ target: "draft-2020-12" }) as JSONSchema;
    expect(schemaToTypeScript(schema)).toBe(
      [
        "{",
        '  /** Sort order. (default "desc") "asc": oldest first; "desc": newest first */',
        '  order?: "asc" | "desc";',
        '  state: "open" | "closed";',
        "}",
      ].join("\n"),
    );
    const vscode = { enum: ["a", "b", "c"], enumDescriptions: ["first", "", "third"] };
    expect(schemaToTypeScript({ type: "object", properties: { mode: vscode }, required: ["mode"] })).toBe(
      ["{", '  /** "a": first; "c": third */', '  mode: "a" | "b" | "c";', "}"].join("\n"),
    );
  });
});
