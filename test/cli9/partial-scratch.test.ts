// N13: a partial run (--only) without --out replaces reports/partial/, the scratch folder of partial
// runs; when that folder held a report of other claims it now says so on stderr (it was silent).
// With --out the refusal counts in the singular for one claim ("a report of 1 claim").
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli9-partial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const report = (ids: string[]) => JSON.stringify({ schemaVersion: 1, tool: { name: 'jepa-verify', version: '0.1.0' }, seed: 42, budget: { runsPerClaim: 20 }, claims: ids.map((id) => ({ id, results: [] })) });

describe('verify --only into reports/partial', () => {
  it('says which claims of the previous partial report it replaces', async () => {
    const project = join(dir, 'p');
    mkdirSync(join(project, 'reports', 'partial'), { recursive: true });
    writeFileSync(join(project, 'reports', 'partial', 'verification.json'), report(['P1.eq3']));
    const r = await inProcess(['verify', '--only', 'P1.softmax-jac', '--runs', '20', '--no-trained', '--no-formal'], project);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${join('reports', 'partial')}: replacing the previous partial report (P1.eq3 not in this run); ${join('reports', 'partial')} is the scratch folder of partial runs: give --out DIR to keep a report`);
    const ids = (JSON.parse(readFileSync(join(project, 'reports', 'partial', 'verification.json'), 'utf8')) as { claims: { id: string }[] }).claims.map((c) => c.id);
    expect(ids).toEqual(['P1.softmax-jac']);
  }, 120_000);

  it('with --out, a report of one other claim is refused in the singular', async () => {
    const out = join(dir, 'o');
    mkdirSync(out);
    writeFileSync(join(out, 'verification.json'), report(['P1.eq3']));
    const r = await inProcess(['verify', '--only', 'P1.softmax-jac', '--runs', '20', '--no-trained', '--no-formal', '--out', out]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toContain(`--out ${out}: holds a report of 1 claim (P1.eq3 not in this run); give another --out, or --force to replace it`);
  });
});
