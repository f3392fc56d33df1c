/** The three motivating cases of the README, one click away. */
import { EMPTY_STATE, type PlaygroundState } from "./state.js";

export interface Example {
  readonly id: string;
  readonly title: string;
  readonly question: string;
  readonly state: PlaygroundState;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: "rnn",
    title: "RNN cell, batch rows",
    question: "Why does backprop give (G ⊙ (1 − Y⊙Y)) Whhᵀ?",
    state: {
      ...EMPTY_STATE,
      expr: "tanh(h*Whh + x*Wxh + b)",
      shapes: "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H",
      wrt: "h",
      form: "grad",
    },
  },
  {
    id: "dense",
    title: "Dense layer, column vectors",
    question: "Wᵀ(I − A²) or (I − A²)W? Switch the layout and watch the transpose move.",
    state: {
      ...EMPTY_STATE,
      expr: "a = tanh(W*x + b)",
      shapes: "W: M x N, x: N, b: M",
      wrt: "x",
      layout: "numerator",
    },
  },
  {
    id: "pascanu",
    title: "Pascanu et al. (2013), eq. (5)",
    question: "The paper claims Wrecᵀ diag(σ′(x)). Check it.",
    state: {
      ...EMPTY_STATE,
      expr: "Wrec*sigmoid(x) + Win*sigmoid(u) + b",
      shapes: "Wrec: n x n, x: n, Win: n x k, u: k, b: n",
      wrt: "x",
      layout: "numerator",
      claim: "Wrec'*diag(sigmoid(x).*(1 - sigmoid(x)))",
    },
  },
];
