// variant without a TTY prints a plain line per variant as it finishes on stderr (the brief: a line
// per phase without a TTY), nothing with --json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { viaBin } from '../cli/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-variant-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('variant progress without a TTY', () => {
  it('a line per variant; none with --json', () => {
    const plain = viaBin(['variant', 'properties/variants/u-orthogonal-only.ts', '--runs', '20', '--out', join(tmp, 'a')]);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.err.trim()).toMatch(/^\[1\/1\] u-orthogonal-only done at \d+ s$/);
    const json = viaBin(['variant', 'properties/variants/u-orthogonal-only.ts', '--runs', '20', '--out', join(tmp, 'b'), '--json']);
    expect(json.code, json.err).toBe(0);
    expect(json.err).toBe('');
  }, 120_000);
});
