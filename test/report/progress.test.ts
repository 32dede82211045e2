import { describe, expect, it } from 'vitest';
import { clock, Progress, progressMode, type ProgressStream } from '../../src/cli/progress.ts';

function sink(isTTY: boolean): ProgressStream & { text: string } {
  const s = { isTTY, columns: 200, text: '', write(x: string) { s.text += x; return true; } };
  return s;
}

function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

const units = [
  { name: 'A|any|', claimId: 'A', method: 'property' },
  { name: 'B|on-policy|', claimId: 'B', method: 'property' },
  { name: 'B|fixed-data|', claimId: 'B', method: 'property' },
  { name: 'C|on-policy|', claimId: 'C', method: 'certificate' },
];

describe('progress mode', () => {
  it('is off with --json, plain without a TTY or in CI, a status line on a TTY', () => {
    expect(progressMode(true, { isTTY: true, write: () => 0 }, {})).toBe('off');
    expect(progressMode(false, { isTTY: false, write: () => 0 }, {})).toBe('plain');
    expect(progressMode(false, { isTTY: true, write: () => 0 }, { CI: 'true' })).toBe('plain');
    expect(progressMode(false, { isTTY: true, write: () => 0 }, {})).toBe('tty');
  });

  it('prints nothing at all with --json', () => {
    const s = sink(true);
    const p = new Progress({ json: true, stream: s, env: {}, ticker: false });
    p.plan(units);
    for (const ph of ['formal', 'trained', 'property', 'certificate', 'report'] as const) p.phase(ph);
    p.ledger(1, 4, 'A|any|');
    p.end();
    expect(s.text).toBe('');
  });
});

describe('without a TTY', () => {
  it('writes a header, then one plain line as each phase finishes, phases overlapping', async () => {
    const s = sink(false);
    const c = fakeClock();
    const p = new Progress({ json: false, stream: s, env: {}, now: c.now, ticker: false });
    p.plan(units);
    let endFormal!: () => void;
    const formal = new Promise<void>((r) => (endFormal = r));
    p.alongside('formal', formal);
    p.alongside('trained', undefined); // not run: no line
    const ledger = p.during('property', async () => {
      c.advance(4_000);
      p.ledger(1, 4, 'C|on-policy|'); // the only certificate: that phase is done
      c.advance(8_000);
      endFormal();
      await formal;
      await Promise.resolve();
      for (let i = 2; i <= 4; i++) p.ledger(i, 4, units[i - 2].name);
      c.advance(3_000);
    });
    await ledger;
    p.phase('report');
    c.advance(1_000);
    p.end();
    // the certificates phase is held by its ledger units and by a side job: done when both are
    const q = new Progress({ json: false, stream: sink(false), env: {}, ticker: false });
    q.plan(units);
    let endSide!: () => void;
    const side = new Promise<void>((r) => (endSide = r));
    q.alongside('certificate', side);
    const run = q.during('property', async () => {
      q.ledger(1, 4, 'C|on-policy|');
      expect(q.statusLine()).toContain('certificates');
      endSide();
      await side;
    });
    await run;
    expect(q.statusLine()).not.toContain('certificates');
    const lines = s.text.trimEnd().split('\n');
    expect(lines).toEqual([
      'jepa-verify: checking 3 claims; one line as each phase finishes',
      'jepa-verify [1] certificates (1 check) done at 0:04 (took 0:04)',
      'jepa-verify [2] formal proofs done at 0:12 (took 0:12)',
      'jepa-verify [3] property search (3 checks) done at 0:15 (took 0:15)',
      'jepa-verify [4] report done at 0:16 (took 0:01)',
      'jepa-verify done in 0:16',
    ]);
    expect(s.text).not.toContain('\r');
  });
});

describe('on a TTY', () => {
  it('redraws one line with the phases under way, claims done of total, elapsed and an ETA from the rate so far', async () => {
    const s = sink(true);
    const c = fakeClock();
    const p = new Progress({ json: false, stream: s, env: {}, now: c.now, ticker: false });
    p.plan(units);
    p.alongside('formal', new Promise(() => undefined));
    expect(p.statusLine()).toBe('formal proofs · claims 0/3 · 0:00 elapsed · ETA …');
    c.advance(5_000);
    void p.during('property', () => new Promise(() => undefined));
    c.advance(10_000);
    p.ledger(1, 4, 'B|on-policy|');
    p.ledger(2, 4, 'A|any|');
    // 2 of 4 checks in 10 s: 10 s to go; A is done, B has one check left
    expect(p.eta()).toBe(10_000);
    expect(p.claimsDone()).toBe(1);
    expect(p.statusLine()).toBe('formal proofs + property search + certificates · claims 1/3 · checks 2/4 · 0:15 elapsed · ETA 0:10 · A (any)');
    p.ledger(3, 4, 'B|fixed-data|');
    expect(p.claimsDone()).toBe(2);
    p.end();
    expect(s.text.startsWith('\r\x1b[K')).toBe(true);
    expect(s.text.endsWith('\r\x1b[K')).toBe(true);
    expect(s.text).not.toContain('\n');
  });

  it('counts claims from a one-thread ledger that reports the unit it starts', () => {
    const p = new Progress({ json: false, stream: sink(true), env: {}, ticker: false });
    p.plan(units);
    p.phase('property');
    p.ledger(0, 4, 'A (any)');
    p.ledger(1, 4, 'B (on-policy)');
    expect(p.claimsDone()).toBe(1);
    p.ledger(4, 4, 'done');
    expect(p.claimsDone()).toBe(3);
  });

  it('weights the ETA by each check\'s expected cost', () => {
    const c = fakeClock();
    const p = new Progress({ json: false, stream: sink(true), env: {}, now: c.now, ticker: false });
    p.plan([
      { name: 'A|any|', claimId: 'A', cost: 1 },
      { name: 'B|any|', claimId: 'B', cost: 9 },
    ]);
    void p.during('property', () => new Promise(() => undefined));
    c.advance(1_000);
    p.ledger(1, 2, 'A|any|');
    // a tenth of the expected work in 1 s: 9 s to go (a plain count would say 1 s)
    expect(p.eta()).toBe(9_000);
  });

  it('formats times as m:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65_400)).toBe('1:05');
    expect(clock(3_725_000)).toBe('1:02:05');
  });
});
