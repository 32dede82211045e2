import { describe, expect } from 'vitest';
import { it as fcIt } from '@fast-check/vitest';
import { it } from 'vitest';
import { bignumber, type BigNumber } from 'mathjs';
import { bigDot, bigVec } from '../src/claims/preciseLinear.ts';
import { channelU } from '../src/construction/prop1.ts';
import { dot, matVec, norm } from '../src/construction/nullspace.ts';
import { channelCaseArbitrary } from '../src/claims/channelCase.ts';
import { exactU1 } from '../src/claims/exactChannel.ts';

describe('§4.2 construction of u', () => {
  fcIt.prop([channelCaseArbitrary()], { numRuns: 300, seed: 1 })('u is a unit vector with W u = 0 and u^T z_d = 0 whenever one exists', (c) => {
    const { u, rankW, dimIntersection } = channelU(c.W, c.zd, c.uPick);
    const d = c.zd.length;
    expect(dimIntersection).toBeGreaterThanOrEqual(d - rankW - 1);
    if (d - rankW >= 2) expect(u).not.toBeNull();
    if (!u) return;
    const scaleW = Math.max(1e-300, ...c.W.flat().map(Math.abs));
    expect(Math.abs(norm(u) - 1)).toBeLessThan(1e-12);
    expect(norm(matVec(c.W, u)) / scaleW).toBeLessThan(1e-12);
    expect(Math.abs(dot(u, c.zd)) / Math.max(1e-300, norm(c.zd))).toBeLessThan(1e-12);
  });

  it('pads a wide W: the null space of a 1 x 3 matrix has dimension 2', () => {
    const { basis, rankW } = channelU([[1, 1, 0]], [0, 0, 1]);
    expect(rankW).toBe(1);
    expect(basis).toHaveLength(1); // ker W ∩ z_d^⊥ = span{(1, -1, 0)}
    expect(Math.abs(basis[0][0] + basis[0][1])).toBeLessThan(1e-15);
  });

  it('the exact projection of u satisfies the constraints to 64 digits', () => {
    const W = [[1, 2, 3, 4], [0, 1, 1, 1e-8]];
    const zd = [1e8, -3, 0.5, 2];
    const { u } = channelU(W, zd);
    const exact = exactU1(W, zd, u!)!;
    const u64 = exact.map((x) => bignumber(x) as BigNumber);
    const residuals = [...W, zd].map((row) => bigDot(bigVec(row), u64).abs().toNumber());
    // The float64 u leaves ~1e-8 here (|z_d| = 1e8); the projected one leaves only 64-digit rounding.
    expect(Math.max(...residuals)).toBeLessThan(1e-50);
    expect(Math.abs(dot(u!, zd))).toBeGreaterThan(0);
  });
});
