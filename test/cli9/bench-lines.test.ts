// N15: bench's readable lines: "over 1 cases", and a target judged "NOT met" on a --cases run far
// smaller than the size the target is for. The line now counts in the singular and says the target is
// for the default size when --cases ran fewer (the JSON record is unchanged).
import { describe, expect, it } from 'vitest';
import { inProcess } from '../cli/helpers.ts';

describe('bench lines', () => {
  it('prop1 at --cases 50 and scale', async () => {
    const r = await inProcess(['bench', '--workload', 'prop1,scale', '--cases', '50']);
    expect(r.code).toBe(0);
    const lines = r.err.trim().split('\n');
    expect(lines).toContain('[1/2] prop1 (50 cases) ...');
    expect(lines.find((l) => l.startsWith('prop1 '))).toMatch(/ over 50 cases \(target [^:]+: (met|not met) at this size; the target is for the default 20000\)$/);
    expect(lines.find((l) => l.startsWith('scale '))).toMatch(/ over 1 case \(target [^:]+: (met|NOT met)\)$/);
    const records = r.out.trim().split('\n').map((l) => JSON.parse(l) as { workload: string; cases: number; met?: boolean });
    expect(records.map((x) => [x.workload, x.cases])).toEqual([['prop1', 50], ['scale', 1]]);
  }, 120_000);
});
