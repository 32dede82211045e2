// A JSON Schema checker for the subset the shipped schemas use (type, const, enum, required,
// properties, additionalProperties, items, minimum, maximum, minLength, pattern, $ref to #/$defs).
// Hand-written so that a failure is one line naming the field (the CLI's bad-input rule), and the
// package needs no validator dependency.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Schema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  $ref?: string;
  $defs?: Record<string, Schema>;
  [other: string]: unknown;
};

const SCHEMA_DIR = dirname(fileURLToPath(import.meta.url));

/** The schemas a report's files match: verification.json, a claim's counterexamples, §7 certificates and necessity files. */
export type SchemaName = 'verification' | 'counterexample' | 'certificate' | 'necessity';

export function loadSchema(name: SchemaName): Schema {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')) as Schema;
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const matches = (v: unknown, t: string) => typeOf(v) === t || (t === 'number' && typeOf(v) === 'integer');
const show = (v: unknown) => { const s = JSON.stringify(v); return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '...' : s; };

/** The first violation as "field: problem", or null when the value conforms. */
export function firstError(value: unknown, schema: Schema, root: Schema = schema, path = ''): string | null {
  const at = path || '(top level)';
  if (schema.$ref) {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? root.$defs?.[name] : undefined;
    if (!target) return `${at}: the schema's $ref ${schema.$ref} is unknown`;
    return firstError(value, target, root, path);
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const)) return `${at}: expected ${show(schema.const)}, got ${show(value)}`;
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return `${at}: expected one of ${schema.enum.map(show).join(', ')}, got ${show(value)}`;
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matches(value, t))) return `${at}: expected ${types.join(' or ')}, got ${value === undefined ? 'nothing' : typeOf(value) === 'integer' ? 'number' : typeOf(value)}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `${at}: expected a finite number`;
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: expected >= ${schema.minimum}, got ${value}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: expected <= ${schema.maximum}, got ${value}`;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return `${at}: expected a non-empty string`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return `${at}: ${show(value)} does not match ${schema.pattern}`;
  }
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const e = firstError(value[i], schema.items, root, `${path}[${i}]`);
      if (e) return e;
    }
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const field = (k: string) => (path ? `${path}.${k}` : k);
    for (const k of schema.required ?? []) if (!(k in obj)) return `${field(k)}: missing`;
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!sub && schema.additionalProperties === false) return `${field(k)}: not a known field`;
      if (sub) {
        const e = firstError(v, sub, root, field(k));
        if (e) return e;
      }
    }
  }
  return null;
}
