// e and e' of eq. (4) at 64 digits (affine or tanh-MLP world models).
import { all, create, type BigNumber } from 'mathjs';
import type { Instance } from '../model/types.ts';
import { big, bigVec } from './preciseLinear.ts';

const math = create(all, { number: 'BigNumber', precision: 64 });

function apply(instance: Instance, z: BigNumber[], a: number): BigNumber[] {
  const model = instance.worldModel;
  if (model.kind === 'affine') return model.M[a].map((row, i) => row.reduce((s, m, j) => s.plus(big(m).times(z[j])), big(model.c[a][i])));
  let x: BigNumber[] = [...z, ...instance.head.W.map((_, i) => big(i === a ? 1 : 0))];
  model.layers.forEach((layer, li) => {
    x = layer.W.map((row, r) => {
      const s = row.reduce((acc, w, j) => acc.plus(big(w).times(x[j])), big(layer.b[r]));
      return li < model.layers.length - 1 ? (math.tanh(s) as BigNumber) : s;
    });
  });
  return x;
}

const normOf = (v: BigNumber[]): BigNumber => math.sqrt(v.reduce((s, x) => s.plus(x.times(x)), big(0))) as BigNumber;

export function preciseWorldModel(instance: Instance, u: number[], eps: number, a: number): { e: BigNumber; ePrime: BigNumber } {
  const zd = bigVec(instance.encoder[0]);
  const moved = zd.map((x, j) => x.plus(big(eps).times(big(u[j]))));
  const e = normOf(apply(instance, zd, a).map((x, j) => x.minus(zd[j])));
  const ePrime = normOf(apply(instance, moved, a).map((x, j) => x.minus(zd[j])));
  return { e, ePrime };
}
