// verify's progress (U.md D14): counts never exceed their totals, plain lines are numbered in the
// order they print, and a --claims run counts and names its checks as the user's claims.
import { describe, expect, it } from 'vitest';
import { labelClaim, Progress, type ProgressStream } from '../../src/cli/progress.ts';

function sink(isTTY: boolean): ProgressStream & { text: string } {
  const s = { isTTY, columns: 300, text: '', write(x: string) { s.text += x; return true; } };
  return s;
}

const units = [
  { name: 'P1.eq3|on-policy|', claimId: 'P1.eq3', method: 'property' },
  { name: 'P1.eq3|fixed-data|', claimId: 'P1.eq3', method: 'property' },
];

describe('progress counts', () => {
  it('never shows more checks done than planned when the ledger counts its side jobs too', () => {
    const p = new Progress({ json: false, stream: sink(true), env: {}, ticker: false });
    p.claimsTotal(['P1.eq3']);
    p.plan(units);
    void p.during('property', () => new Promise(() => undefined));
    // runUnitsOnWorkers counts a finished side job (the necessity table) in `done`
    p.ledger(2, 2, 'P1.eq3|fixed-data|');
    expect(p.statusLine()).toContain('checks 1/2');
    p.ledger(3, 2, 'P1.eq3|on-policy|');
    expect(p.statusLine()).toContain('claims 1/1 · checks 2/2');
    p.ledger(2, 2, 'done');
    expect(p.statusLine()).toContain('checks 2/2');
    expect(p.statusLine()).not.toMatch(/checks 3\//);
  });

  it('numbers plain lines in the order they print, whatever the phases', async () => {
    const s = sink(false);
    const p = new Progress({ json: false, stream: s, env: {}, ticker: false });
    p.claimsTotal(['P1.eq3']);
    p.plan(units);
    let endFormal!: () => void;
    const formal = new Promise<void>((r) => (endFormal = r));
    p.alongside('formal', formal);
    p.alongside('trained', Promise.resolve());
    await Promise.resolve();
    await Promise.resolve();
    const ledger = p.during('property', async () => {
      p.ledger(1, 2, units[0].name);
      p.ledger(2, 2, units[1].name);
    });
    await ledger;
    endFormal();
    await formal;
    await Promise.resolve();
    p.phase('report');
    p.end();
    const numbered = s.text.split('\n').filter((l) => /^jepa-verify \[/.test(l));
    expect(numbered.map((l) => /\[(\d+)\]/.exec(l)?.[1])).toEqual(['1', '2', '3', '4']);
    expect(numbered.map((l) => l.replace(/^jepa-verify \[\d+\] /, '').replace(/ (\(|done).*$/, ''))).toEqual(['trained networks', 'property search', 'formal proofs', 'report']);
    expect(s.text).not.toMatch(/\[\d+\/\d+\]/);
  });
});

describe('a --claims run', () => {
  it("counts and names the user's claims, alone (--no-paper) and beside the paper's", () => {
    // --no-paper: no paper claims planned; the user's checks arrive by label, with their own totals
    const s = sink(false);
    let t = 0;
    const p = new Progress({ json: false, stream: s, env: {}, ticker: false, now: () => t });
    t = 3_000; // the first check is heard of when it finishes
    p.ledger(1, 2, 'my.claim (any)');
    t = 4_000;
    p.ledger(2, 2, 'my.other repair 1 (on-policy)');
    p.phase('report');
    p.end();
    expect(s.text).not.toContain('checking 0 claims');
    expect(s.text).toContain('jepa-verify: checking your claims (--claims); one line as each phase finishes');
    expect(s.text).toContain('jepa-verify [1] your claims (--claims) (2 checks of 2 claims) done at 0:04 (took 0:04)');
    // beside the paper's claims: the paper's count is untouched by the user's checks
    const q = new Progress({ json: false, stream: sink(true), env: {}, ticker: false });
    q.claimsTotal(['P1.eq3']);
    q.plan(units);
    void q.during('property', () => new Promise(() => undefined));
    q.ledger(2, 2, 'done');
    q.ledger(1, 3, 'my.claim (any)');
    expect(q.statusLine()).toContain('claims 1/1 · checks 2/2');
    expect(q.statusLine()).toContain('your checks 1/3');
  });

  it('reads the claim from a ledger label', () => {
    expect(labelClaim('P1.eq3 (on-policy)')).toBe('P1.eq3');
    expect(labelClaim('my.claim repair 2 (any)')).toBe('my.claim');
    expect(labelClaim('P1.eq3|on-policy|')).toBeNull();
  });
});
