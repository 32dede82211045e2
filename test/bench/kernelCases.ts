// Instances for the kernel-against-readable-engine tests: codes drawn from a pool of two or three,
// so states share codes (the kernel computes one entry per class of equal codes) and the moved
// state is often its class's first member; or all distinct. A test adds its own fields after these
// (kernels.test.ts adds eps), so it draws the same cases it always drew.
import fc from 'fast-check';
import { mdpArbitrary } from '../../src/search/arbitraries/mdp.ts';
import { worldModelArbitrary } from '../../src/search/arbitraries/worldModel.ts';
import { headArbitrary } from '../../src/search/arbitraries/head.ts';
import { vector } from '../../src/search/arbitraries/scalar.ts';

export const kernelSizes = fc.record({ S: fc.integer({ min: 2, max: 7 }), A: fc.integer({ min: 2, max: 4 }), d: fc.integer({ min: 2, max: 6 }) });

export const kernelFields = (S: number, A: number, d: number) => ({
  mdp: mdpArbitrary(S, A),
  pool: fc.array(vector(d, 2), { minLength: 2, maxLength: 3 }),
  pick: fc.array(fc.nat(2), { minLength: S, maxLength: S }),
  collapsed: fc.boolean(),
  distinct: fc.array(vector(d, 2), { minLength: S, maxLength: S }),
  head: headArbitrary(A, d),
  worldModel: worldModelArbitrary(A, d),
  lambda: fc.double({ min: 0, max: 3, noNaN: true }),
  state: fc.nat(S - 1), action: fc.nat(A - 1),
  u: vector(d, 1), r: vector(d, 1),
  k: fc.double({ min: -5, max: 5, noNaN: true }),
});
