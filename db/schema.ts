// The one drizzle schema (DESIGN.md "Database"). Both drivers run the same migrations made from it.
// One file per area under db/schema/; this file is the schema drizzle-kit reads and the app
// imports as `#db/schema`.
export * from "./schema/access";
export * from "./schema/demand";
export * from "./schema/tender";
export * from "./schema/split";
export * from "./schema/mail";
export * from "./schema/calloffs";
