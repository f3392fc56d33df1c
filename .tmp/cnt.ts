import { Simplifier } from "../src/simplify/engine.js";
import { DEFAULT_RULES } from "../src/simplify/catalogue.js";
import { derive } from "../src/api/derive.js";
let n = 0; const orig = Simplifier.prototype.run;
const oc = 0; let built = 0; const S: any = Simplifier; 
console.log("rules", DEFAULT_RULES.length, "heads", DEFAULT_RULES.reduce((a, r) => a + r.heads.length, 0));
derive({ expr: "tanh(W*x + b)", shapes: ["W: m x n, x: n, b: m"], wrt: ["x"], layout: "numerator" });
console.log("runs (top-level+recursive)", n);
