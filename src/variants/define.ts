// defineVariant and the validation of a loaded variant: every wrong field is one InputError line naming it.
import { InputError } from '../model/validate.ts';
import { CONFIGURATION_FIELDS } from '../claims/configuration.ts';
import { VARIANT_CLAIMS, type VariantSpec } from './types.ts';

/** The default export of a variant file (under properties/variants/, or anywhere: `import { defineVariant } from 'jepa-verify'`). Types guide the author; the loader checks the rest. */
export const defineVariant = (spec: VariantSpec): VariantSpec => spec;

const KNOWN_FIELDS = ['name', 'description', 'claims', 'configuration'];

/** A variant's name: its report is NAME.md and NAME.json, and the index links it by that name. */
export const VARIANT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Names whose NAME.md would overwrite a file the variants folder already uses (index.md, written after the reports). */
export const RESERVED_NAMES: readonly string[] = ['index'];

/** Overrides of the second framework that src/variants no longer has, and the configuration field that replaced each where there is one. */
const REMOVED_FIELDS: Record<string, string> = {
  hypotheses: "use configuration (e.g. assumption3: 'construction-only')",
  generator: "use configuration.generator (e.g. 'world-model-exact-at-zd')",
  construction: "use configuration.construction (e.g. 'u-orthogonal-only')",
  head: "use configuration.head (e.g. 'two-layer-tanh')",
  encoder: "use configuration.encoder (e.g. 'linear-features')",
  worldModel: 'no configuration field (the ledger\'s world-model classes are the only ones)',
  lipschitz: "use configuration.lipschitz (e.g. 'estimated')",
  readings: "use configuration.jepaData (e.g. 'replay', 'offline-uniform')",
};

const isText = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;
const describe = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'string' ? JSON.stringify(x) : typeof x);

export function validateVariant(value: unknown, where: string): VariantSpec {
  const fail = (field: string, what: string): never => {
    throw new InputError(`${where}: ${field}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('default export', `expected defineVariant({...}), got ${describe(value)}`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (REMOVED_FIELDS[key]) fail(key, `no longer a variant field (variants are configuration overrides of the ledger's checks): ${REMOVED_FIELDS[key]}`);
    if (!KNOWN_FIELDS.includes(key)) fail(key, `unknown field (known: ${KNOWN_FIELDS.join(', ')})`);
  }
  if (v.name === undefined) fail('name', 'missing (a file-name safe slug, e.g. "two-layer-head")');
  if (typeof v.name !== 'string' || !VARIANT_NAME.test(v.name)) fail('name', `expected lower-case letters, digits and dashes, got ${describe(v.name)}`);
  if (RESERVED_NAMES.includes(v.name as string)) fail('name', `${describe(v.name)} is reserved (the variants folder's ${v.name}.md is the index of every variant): choose another name`);
  if (v.description === undefined) fail('description', 'missing');
  if (!isText(v.description)) fail('description', `expected a non-empty string, got ${describe(v.description)}`);
  if (v.claims === undefined) fail('claims', 'missing (the claim IDs to re-check)');
  if (!Array.isArray(v.claims) || v.claims.length === 0) fail('claims', `expected a non-empty array of claim IDs, got ${describe(v.claims)}`);
  const claims = v.claims as unknown[];
  claims.forEach((id, i) => {
    if (typeof id !== 'string' || !(VARIANT_CLAIMS as readonly string[]).includes(id)) fail(`claims[${i}]`, `unknown claim ID ${describe(id)} (one of ${VARIANT_CLAIMS.join(', ')})`);
    if (claims.indexOf(id) !== i) fail(`claims[${i}]`, `${id} is listed twice`);
  });
  const fields = CONFIGURATION_FIELDS as Record<string, readonly string[]>;
  if (v.configuration === undefined) fail('configuration', `missing (the overrides: ${Object.keys(fields).join(', ')})`);
  const c = v.configuration as Record<string, unknown>;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) fail('configuration', `expected { field: value }, got ${describe(c)}`);
  if (Object.keys(c).length === 0) fail('configuration', `expected at least one override (fields: ${Object.keys(fields).join(', ')})`);
  for (const [key, x] of Object.entries(c)) {
    if (!fields[key]) fail(`configuration.${key}`, `unknown field (known: ${Object.keys(fields).join(', ')})`);
    if (typeof x !== 'string' || !fields[key].includes(x)) fail(`configuration.${key}`, `expected one of ${fields[key].map((y) => JSON.stringify(y)).join(', ')}, got ${describe(x)}`);
  }
  return value as VariantSpec;
}
