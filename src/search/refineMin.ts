// Refiner for the §7 cases (src/minimisers: an MDP, lambda, the collapsed pair and base logits; the
// configuration is built from them): reduction, explain and the deletion evidence of minimality. No
// derivation here: the §7 checks carry their own exact certificates in the file.
import type { Mdp } from '../model/types.ts';
import { refineWith, type Adapter } from './refine.ts';

export interface MinLike { mdp: Mdp; lambda: number; pair: [number, number]; logits: number[] }

const minAdapter: Adapter<MinLike> = {
  view: {
    modelPath: [],
    afterStateDelete: (c, s) => {
      const [x, y] = c.pair;
      if (x === s || y === s) return null;
      return { ...c, pair: [x > s ? x - 1 : x, y > s ? y - 1 : y] };
    },
    afterActionDelete: (c, a) => ({ ...c, logits: c.logits.filter((_, i) => i !== a) }),
    parameters: Array.from({ length: 8 }, (_, i) => ({ path: ['logits', i] })),
  },
  proofs: (sz) => (sz.A === 2 ? ['no counterexample with |A| = 1: one action is optimal in every state, so Assumption 1 fails'] : []),
  floor: { S: 2, A: 2, d: 0 },
};

export const refineMinCase = <C extends MinLike>(c: C, stillRefutes: (c: C) => boolean) =>
  refineWith(c, stillRefutes as (c: MinLike) => boolean, minAdapter as Adapter<MinLike>) as { value: C; notes: Record<string, unknown> };
