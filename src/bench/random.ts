// The bench's random stream: mulberry32 (as autodiff/rng.ts) and Marsaglia & Tsang's ziggurat
// for normals. With Box-Muller (a log, a sqrt, a sin and a cos per pair) drawing an instance took
// a fifth of a whole prop1 case; the ziggurat needs one 32-bit draw and a table lookup for ~99% of
// its normals. The layer index and the value come from disjoint bits of the draw (low 7, high
// 25), which avoids the correlation Leong et al. (2005) found when the same bits serve both.
import { Mulberry32 } from '../autodiff/rng.ts';

const LAYERS = 128;
const R = 3.442619855899; // start of the tail
const V = 9.91256303526217e-3; // area of each layer
const SCALE = 2 ** 24; // |value bits| < 2^24

const kn = new Float64Array(LAYERS); // acceptance thresholds on |j|
const wn = new Float64Array(LAYERS); // j -> x
const fn = new Float64Array(LAYERS); // exp(-x^2/2) at the layer edges
{
  let dn = R, tn = R;
  const q = V / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * SCALE;
  kn[1] = 0;
  wn[0] = q / SCALE;
  wn[LAYERS - 1] = dn / SCALE;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * SCALE;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / SCALE;
  }
}

export class BenchRng extends Mulberry32 {
  constructor(seed: number) {
    super(seed, 0xbe7c);
  }

  /** Standard normal. */
  normal(): number {
    for (;;) {
      const bits = this.nextUint32();
      const i = bits & (LAYERS - 1);
      const j = (bits | 0) >> 7; // signed, in [-2^24, 2^24)
      if (Math.abs(j) < kn[i]) return j * wn[i];
      const x = j * wn[i];
      if (i === 0) {
        // The tail beyond R, by Marsaglia's method.
        let tx: number, ty: number;
        do {
          tx = -Math.log(1 - this.next()) / R;
          ty = -Math.log(1 - this.next());
        } while (ty + ty < tx * tx);
        return j > 0 ? R + tx : -R - tx;
      }
      if (fn[i] + this.next() * (fn[i - 1] - fn[i]) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  fillNormal(out: Float64Array, sd: number): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = sd * this.normal();
    return out;
  }
}
