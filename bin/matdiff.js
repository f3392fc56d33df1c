#!/usr/bin/env node
// The matdiff command: everything lives in the bundled CLI module.
import { run } from "../dist/cli.js";

await run();
