// Case transformations a variant's generator can map over the paper's cases.
import type { VariantCase } from './types.ts';

/**
 * The affine world model made exact at the collapsed code: c_a = z_d - M_a z_d, so W(z_d, a) = z_d
 * and every JEPA error of the collapsed encoder is 0 (up to rounding) — the world model a collapsed
 * encoder trains toward, where E_max = 0 and eq. (5) rests on its C' eps^2 term alone. MLP world
 * models are left as they are.
 */
export function worldModelExactAtZd(c: VariantCase): VariantCase {
  const wm = c.instance.worldModel;
  if (wm.kind !== 'affine') return c;
  const zd = c.instance.encoder[c.collapsed?.[0] ?? 0];
  const cc = wm.M.map((M) => zd.map((z, i) => z - M[i].reduce((s, m, j) => s + m * zd[j], 0)));
  return { ...c, instance: { ...c.instance, worldModel: { ...wm, c: cc } } };
}
