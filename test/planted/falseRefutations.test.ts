// Refutations a 10,000-decided run once recorded that were not real: the k1-pos repairs "refuted" by a
// product below BigNumber's exponent range (k1 = 0 from factors that are all nonzero) and by a float64
// w^T u > 0 whose 70-digit u, w sit on the other side. Their files are kept as found; each must now
// replay as not refuted, for the reason named.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, ROOT } from '../cli/helpers.ts';

const DIR = join(ROOT, 'test', 'fixtures', 'false-refutations');

describe('false refutations found at 10,000 decided cases stay rejected', () => {
  it('P1.k1-pos repair: d_pi p A underflowing to 0 at 64 digits is no sign measured', async () => {
    const r = await inProcess(['replay', join(DIR, 'P1.k1-pos.repair-underflow.json'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { refutes: boolean; lines: string[] };
    expect(out.refutes).toBe(false);
    expect(out.lines.join('\n')).toMatch(/underflows the 64-digit exponent range/);
  });

  it("P2.k1-pos repair: w on u's side is re-decided with the 70-digit u, w", async () => {
    const r = await inProcess(['replay', join(DIR, 'P2.k1-pos.repair-wtu-sign.json'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { refutes: boolean; lines: string[] };
    expect(out.refutes).toBe(false);
    expect(out.lines.join('\n')).toMatch(/fails a hypothesis when decided exactly: extra hypothesis fails: w\^T u <= 0/);
  });

  it('P2.jepa on-policy repair: the 64-digit slope is held against the bound with the 70-digit w^T u', async () => {
    // Codes of order 1e8: the float64 w^T u is -1.000, the 70-digit one -0.974; with the float64 one the
    // bound sat 2.6% below a slope that equals it (the default run reported this case as a refutation).
    const r = await inProcess(['replay', join(DIR, 'P2.jepa.repair-wtu-bound.json'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { refutes: boolean; lines: string[] };
    expect(out.refutes).toBe(false);
    expect(out.lines.join('\n')).toMatch(/against -1\.137e\+17 \(w\^T u = -0\.9744 from the 70-digit u, w\); margin -2\.33\de\+9/);
    expect(out.lines.join('\n')).toMatch(/vanishes at high precision/);
  });
});
