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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** A source file the tool will import (a variant or a claim file): a regular file within a size limit. */
export function checkSourceFile(path: string, maxBytes = 1_000_000): void {
  regularFileWithin(path, maxBytes, 'for a source file');
}
