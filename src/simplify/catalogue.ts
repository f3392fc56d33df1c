/**
 * The rule catalogue, in the order rules are tried at each node: cheap
 * eliminations first, then transposes, traces, Kronecker collapses, and collection.
 */
import type { Rule } from "./engine.js";
import { algebraRules } from "./rules/algebra.js";
import { collectRules } from "./rules/collect.js";
import { kroneckerRules } from "./rules/kronecker.js";
import { monomialRules } from "./rules/monomial.js";
import { textbookRules } from "./rules/textbook.js";
import { transposeRules } from "./rules/transpose.js";
import { traceRules } from "./rules/trace.js";
import { axisRules } from "./rules/axis.js";

export const DEFAULT_RULES: readonly Rule[] = [...algebraRules, ...transposeRules, ...traceRules, ...kroneckerRules, ...textbookRules, ...monomialRules, ...collectRules, ...axisRules];
