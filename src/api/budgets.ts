/**
 * How much one request may take on, refused up front (exit 2) where the work grows with a product of its sizes:
 * derivatives with respect to many of a program's intermediate values (each a derivation of the program from
 * that value on), and Hessians of many --wrt names (a block for every pair), with or without their check.
 */
import { listed } from "../diagnostics/listing.js";
import { type TypedProgram, statementNamed } from "../typing/typing.js";
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder, usersOf } from "../expr/traverse.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";

/** Refuses, before any work, a request past one of the budgets below; `hessian`: --order 2 in the Jacobian form. */
export function affordableRequest(program: TypedProgram, wrt: readonly string[], hessian: boolean, variable: (name: string) => VarNode): void {
  affordableCuts(program, wrt);
  const inputs = [...new Set(wrt)].flatMap((name) => (program.variables.has(name) ? [variable(name)] : []));
  affordableInputs(program.root, inputs);
  if (!hessian) return;
  affordableHessian(wrt.length);
  affordableHessianWork(program.root, [...new Set(wrt)].flatMap((name) => (program.variables.has(name) ? [variable(name)] : [])));
}

/**
 * The most node-derivations that derivatives with respect to a program's intermediate values may take together:
 * each such derivative differentiates a copy of the program from that value on (cutRoot), so k of them over a
 * program of n nodes cost about k·n (30 intermediates of a 3,000-statement program of 6,000 nodes, 180,000, take
 * 3 s to derive and print).
 */
const MAX_CUT_NODES = 200_000;

/** Refuses, before any work, derivatives with respect to so many intermediates of so large a program that they would take minutes. */
function affordableCuts(program: TypedProgram, wrt: readonly string[]): void {
  const cuts = wrt.filter((name) => statementNamed(program, name) !== undefined).length;
  if (cuts < 2) return;
  const size = topoOrder([program.root]).length;
  if (cuts * size <= MAX_CUT_NODES) return;
  throw new DiagnosticError(error("input-too-large",
    `--wrt names ${cuts} of the program's intermediate values, and each is differentiated through a copy of the program (${size} nodes): ${cuts * size} nodes in all, more than matdiff takes at once (${MAX_CUT_NODES})`,
    undefined, [], `ask for at most ${Math.max(1, Math.floor(MAX_CUT_NODES / size))} intermediates at a time; the program's inputs cost nothing extra`));
}

/**
 * The most nodes that derivatives with respect to several inputs may work through together: each input's derivative
 * differentiates the part of y that depends on it, so 1,000 names each feeding one statement of a 1,000-statement
 * residual chain (aᵢ = tanh(Wᵢ aᵢ₋₁) + aᵢ₋₁), every later statement depending on it, make about 1.7 million; 600 of
 * 600 make about 600,000 and took 17 s to derive (57 s with --check), 300 of 300 about 150,000 and 3 s. Names that
 * share little (the W₀ … W₁₉₉₉ of one long sum, 2,000 quadratic forms) cost a few nodes each.
 */
const MAX_INPUT_NODES = 200_000;

/**
 * Refuses derivatives with respect to several inputs that would together work through more than MAX_INPUT_NODES
 * nodes: each input's dependents are walked up from it through the nodes' users, and the walk stops at the budget,
 * so the count costs at most the budget and one pass over y.
 */
function affordableInputs(y: Expr, inputs: readonly VarNode[]): void {
  if (inputs.length < 2) return;
  const users = usersOf(topoOrder([y]));
  let work = 0;
  for (let i = 0; i < inputs.length; i++) {
    // The input's cone: it and every node above it, walked up through the users.
    const seen = new Set<number>([inputs[i]!.id]);
    const stack: Expr[] = [inputs[i]!];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (++work > MAX_INPUT_NODES) {
        throw new DiagnosticError(error("input-too-large",
          `--wrt names ${inputs.length} inputs, and each is differentiated through the part of the expression that depends on it: the first ${i + 1} of them already reach more than ${MAX_INPUT_NODES} nodes in all, more than matdiff derives at once`,
          undefined, [], `ask for fewer names at a time (the first ${Math.max(1, i)} fit in one request)`));
      }
      for (const user of users.get(node.id) ?? []) {
        if (seen.has(user.id)) continue;
        seen.add(user.id);
        stack.push(user);
      }
    }
  }
}

/** The most blocks a Hessian may have: every pair of --wrt names is a block, so 100 names make 5,050. */
const MAX_HESSIAN_BLOCKS = 5_050;

/** Refuses a Hessian of so many --wrt names that its blocks, one per pair, would take minutes to derive and print. */
function affordableHessian(names: number): void {
  const blocks = (names * (names + 1)) / 2;
  if (blocks <= MAX_HESSIAN_BLOCKS) return;
  throw new DiagnosticError(error("input-too-large",
    `--order 2 with ${names} --wrt names has ${blocks} Hessian blocks (one for each pair of names), more than matdiff derives at once (${MAX_HESSIAN_BLOCKS}, from 100 names)`,
    undefined, [], "ask for fewer names at a time, or for the Hessian–vector products with --form differential (one result per name)"));
}

/**
 * The most that checking a Hessian's blocks may take, in blocks times the nodes of y times trials of 3: each block
 * is checked on instances of its own, where y is evaluated again (60 names of a sum of quadratic forms, 1,830 blocks
 * of a y of 240 nodes, 440,000, check in 3 s; with --trials 100 they ran past a minute).
 */
const MAX_HESSIAN_CHECK = 500_000;

/** Refuses a check of Hessian blocks that would take minutes: many blocks of a large y, or many trials of them (counted only for several blocks). */
export function affordableHessianCheck(blocks: number, nodesOfY: () => number, trials = 3): void {
  if (blocks < 2) return;
  const nodes = nodesOfY();
  const perTrials = Math.max(1, trials / 3);
  if (blocks * nodes * perTrials <= MAX_HESSIAN_CHECK) return;
  // k names make k(k + 1)/2 blocks
  const names = Math.max(1, Math.floor((Math.sqrt(1 + (8 * MAX_HESSIAN_CHECK) / (nodes * perTrials)) - 1) / 2));
  const withTrials = trials > 3 ? ` with ${trials} trials each` : "";
  throw new DiagnosticError(error("input-too-large",
    `checking ${blocks} Hessian blocks of an expression of ${nodes} nodes${withTrials} evaluates it again for each block and trial: ${Math.round(blocks * nodes * perTrials)} in all, more than a check takes at once (${MAX_HESSIAN_CHECK} for 3 trials)`,
    undefined, [], `check at most ${names} --wrt names at a time${trials > 3 ? ", or fewer --trials" : ""}`));
}

/**
 * The most nodes that the blocks of a Hessian of several names may differentiate in all: the block of x and z
 * works through the part of y that depends on both, so four names of a 10,000-step recurrence, whose every step
 * depends on all four, make 10 blocks of 30,000 nodes (20 s to derive and print). Four names of 1,000 steps
 * (30,000) take 3.4 s.
 */
const MAX_HESSIAN_NODES = 40_000;

/**
 * Refuses a Hessian whose blocks would together work through more than MAX_HESSIAN_NODES nodes: for each node of
 * y, the pairs of names it depends on (a sum of 100 separate quadratic forms has one pair a node, and passes).
 */
function affordableHessianWork(y: Expr, names: readonly VarNode[]): void {
  if (names.length < 2) return;
  const order = topoOrder([y]);
  const words = Math.ceil(names.length / 32);
  // Row k of `depends`: the names node order[k] depends on, one bit each.
  const depends = new Uint32Array(order.length * words);
  const row = new Map<number, number>();
  let work = 0;
  for (let k = 0; k < order.length; k++) {
    const node = order[k]!;
    row.set(node.id, k);
    const at = k * words;
    if (node.kind === "var") {
      for (let b = 0; b < names.length; b++) if (names[b] === node) depends[at + (b >> 5)]! |= 1 << (b & 31);
    } else if (node.kind === "op") {
      for (const a of node.args) {
        const from = row.get(a.id)! * words;
        for (let w = 0; w < words; w++) depends[at + w]! |= depends[from + w]!;
      }
    }
    let p = 0;
    for (let w = 0; w < words; w++) p += bitCount(depends[at + w]!);
    work += (p * (p + 1)) / 2;
  }
  if (work <= MAX_HESSIAN_NODES) return;
  throw new DiagnosticError(error("input-too-large",
    `--order 2 with respect to ${listed(names.map((n) => n.name))}: each block of the Hessian works through the part of the expression that depends on both of its names, ${work} nodes in all, more than matdiff derives at once (${MAX_HESSIAN_NODES})`,
    undefined, [], "ask for fewer names at a time, or for the Hessian–vector products with --form differential (one result per name)"));
}

/** The number of bits set in a 32-bit word. */
function bitCount(v: number): number {
  let n = 0;
  for (let x = v >>> 0; x !== 0; x &= x - 1) n++;
  return n;
}
