// The checks any input file gets before anything reads it (replay's counterexamples, verify's claim
// files, merge's shards, report's verification.json): a regular file within a byte limit, then JSON.
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../model/validate.ts';

/** Refuses anything but a regular file within maxBytes, before anything opens it: a FIFO or device would block the read forever; a folder is a slip of the hand. */
export function regularFileWithin(path: string, maxBytes: number, limitNote: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file`);
  }
  if (!stat.isFile()) throw new InputError(`${path}: not a regular file (${stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a FIFO' : 'a special file'})`);
  if (stat.size > maxBytes) throw new InputError(`${path}: ${stat.size} bytes exceeds the limit of ${maxBytes} ${limitNote}`);
}

/** Reads an input file with the checks any input gets: a regular file, within the byte limit, JSON. */
export function readJsonInput(path: string, maxBytes: number): unknown {
  regularFileWithin(path, maxBytes, '(--max-bytes N raises it)');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const overflow = firstOverflow(data);
  if (overflow !== null) throw new InputError(`${overflow || path}: number out of range (its magnitude exceeds 1.8e308, the largest a float64 holds)`);
  return data;
}

/**
 * The field of the first number JSON.parse read as Infinity ('' for the whole file), or null. JSON
 * has no Infinity: only a literal too large for a float64 (1e999999) parses to it, and a later
 * check would show it as null (JSON.stringify(Infinity)), a value the file does not have.
 */
export function firstOverflow(data: unknown): string | null {
  type Node = { value: object; parent: Node | null; key: string | number };
  const name = (node: Node | null, key: string | number): string => {
    const keys: (string | number)[] = [key];
    for (let n = node; n && n.parent !== null; n = n.parent) keys.unshift(n.key);
    return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  };
  if (typeof data === 'number') return Number.isFinite(data) ? null : '';
  if (typeof data !== 'object' || data === null) return null;
  // A stack, not recursion: a file nested thousands deep must not overflow the call stack here.
  const stack: Node[] = [{ value: data, parent: null, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const keys: (string | number)[] | null = Array.isArray(node.value) ? null : Object.keys(node.value);
    const n = keys ? keys.length : (node.value as unknown[]).length;
    for (let i = 0; i < n; i++) {
      const key = keys ? keys[i] : i;
      const v = (node.value as Record<string | number, unknown>)[key];
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return name(node, key);
      } else if (typeof v === 'object' && v !== null) stack.push({ value: v, parent: node, key });
    }
  }
  return null;
}

/** A source file the tool will import (a variant or a claim file): a regular file within a size limit. */
export function checkSourceFile(path: string, maxBytes = 1_000_000): void {
  regularFileWithin(path, maxBytes, 'for a source file');
}
