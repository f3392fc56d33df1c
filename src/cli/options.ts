/** The CLI's option table is the library's (api/option-table.ts); re-exported for the CLI and the docs test. */
export { type CommandName, type OptionSpec, OPTIONS, attributeName, flagOf } from "../api/option-table.js";
