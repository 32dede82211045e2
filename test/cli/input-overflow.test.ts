// JSON has no Infinity: a number literal too large for a float64 parses to it, and is named as out
// of range where it stands, not shown as the null JSON.stringify(Infinity) gives.
import { describe, expect, it } from 'vitest';
import { firstOverflow } from '../../src/cli/inputFiles.ts';

describe('firstOverflow', () => {
  it('names the first number JSON.parse read as Infinity, by its path', () => {
    expect(firstOverflow(JSON.parse('{"case":{"instance":{"mdp":{"gamma":1e999999}}}}'))).toBe('case.instance.mdp.gamma');
    expect(firstOverflow(JSON.parse('{"a":[1,2,[3,-1e400]]}'))).toBe('a[2][1]');
    expect(firstOverflow(JSON.parse('[0,1e309]'))).toBe('[1]');
    expect(firstOverflow(JSON.parse('1e309'))).toBe('');
  });

  it('finds nothing in finite data, the largest float64 included, and survives deep nesting', () => {
    expect(firstOverflow(JSON.parse('{"a":[1.7976931348623157e308,-1e-400,null,"1e999"]}'))).toBeNull();
    expect(firstOverflow(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBeNull();
  });
});
