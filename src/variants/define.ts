// defineVariant and the validation of a loaded variant: every wrong field is one InputError line naming it.
import { InputError } from '../model/validate.ts';
import { CONFIGURATION_FIELDS } from '../claims/configuration.ts';
import { paperHypotheses } from './paper.ts';
import { familyOf, VARIANT_CLAIMS, type Family, type VariantSpec } from './types.ts';

/** The default export of a file under properties/variants/. Types guide the author; the loader checks the rest. */
export const defineVariant = (spec: VariantSpec): VariantSpec => spec;

const KNOWN_FIELDS = ['name', 'description', 'claims', 'hypotheses', 'generator', 'construction', 'head', 'encoder', 'worldModel', 'lipschitz', 'readings', 'configuration'];

const isFn = (x: unknown): boolean => typeof x === 'function';
const isText = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;
const describe = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'string' ? JSON.stringify(x) : typeof x);

export function validateVariant(value: unknown, where: string): VariantSpec {
  const fail = (field: string, what: string): never => {
    throw new InputError(`${where}: ${field}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('default export', `expected defineVariant({...}), got ${describe(value)}`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!KNOWN_FIELDS.includes(key)) fail(key, `unknown field (known: ${KNOWN_FIELDS.join(', ')})`);
  if (v.name === undefined) fail('name', 'missing (a file-name safe slug, e.g. "two-layer-head")');
  if (typeof v.name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(v.name)) fail('name', `expected lower-case letters, digits and dashes, got ${describe(v.name)}`);
  if (v.description === undefined) fail('description', 'missing');
  if (!isText(v.description)) fail('description', `expected a non-empty string, got ${describe(v.description)}`);
  if (v.claims === undefined) fail('claims', 'missing (the claim IDs to re-check)');
  if (!Array.isArray(v.claims) || v.claims.length === 0) fail('claims', `expected a non-empty array of claim IDs, got ${describe(v.claims)}`);
  const claims = v.claims as unknown[];
  claims.forEach((id, i) => {
    if (typeof id !== 'string' || !(VARIANT_CLAIMS as readonly string[]).includes(id)) fail(`claims[${i}]`, `unknown claim ID ${describe(id)} (one of ${VARIANT_CLAIMS.join(', ')})`);
    if (claims.indexOf(id) !== i) fail(`claims[${i}]`, `${id} is listed twice`);
  });
  const families = new Set<Family>((claims as VariantSpec['claims']).map(familyOf));

  if (v.hypotheses !== undefined) {
    const h = v.hypotheses as Record<string, unknown>;
    if (typeof h !== 'object' || h === null || Array.isArray(h)) fail('hypotheses', `expected { add?, remove?, replace? }, got ${describe(h)}`);
    for (const key of Object.keys(h)) if (!['add', 'remove', 'replace'].includes(key)) fail(`hypotheses.${key}`, 'unknown field (known: add, remove, replace)');
    const known = new Set([...families].flatMap((f) => paperHypotheses(f).map((x) => x.name)));
    const knownText = [...known].join(', ');
    if (h.add !== undefined) {
      if (!Array.isArray(h.add)) fail('hypotheses.add', `expected an array of hypotheses, got ${describe(h.add)}`);
      (h.add as unknown[]).forEach((x, i) => checkHypothesis(x, `hypotheses.add[${i}]`, fail));
    }
    if (h.remove !== undefined) {
      if (!Array.isArray(h.remove)) fail('hypotheses.remove', `expected an array of hypothesis names, got ${describe(h.remove)}`);
      (h.remove as unknown[]).forEach((x, i) => {
        if (typeof x !== 'string' || !known.has(x)) fail(`hypotheses.remove[${i}]`, `${describe(x)} is not one of the paper's hypotheses here (${knownText})`);
      });
    }
    if (h.replace !== undefined) {
      if (typeof h.replace !== 'object' || h.replace === null || Array.isArray(h.replace)) fail('hypotheses.replace', `expected { name: hypothesis }, got ${describe(h.replace)}`);
      for (const [name, x] of Object.entries(h.replace as Record<string, unknown>)) {
        if (!known.has(name)) fail(`hypotheses.replace.${name}`, `not one of the paper's hypotheses here (${knownText})`);
        checkHypothesis(x, `hypotheses.replace.${name}`, fail);
      }
    }
  }
  if (v.generator !== undefined && !isFn(v.generator)) fail('generator', `expected a function (paperArbitrary, family) => arbitrary, got ${describe(v.generator)}`);
  if (v.construction !== undefined) checkObject(v.construction, 'construction', ['name', 'description'], ['build'], fail);
  if (v.head !== undefined) {
    checkObject(v.head, 'head', ['name', 'description'], ['arbitrary', 'features', 'jacobian'], fail);
    const p = (v.head as Record<string, unknown>).precise as Record<string, unknown> | undefined;
    if (p !== undefined && (typeof p !== 'object' || p === null || !isFn(p.features) || !isFn(p.jacobian))) fail('head.precise', 'expected { features, jacobian } functions (or leave it out)');
  }
  if (v.encoder !== undefined) checkObject(v.encoder, 'encoder', ['name', 'description'], ['arbitrary', 'spread'], fail);
  if (v.worldModel !== undefined) checkObject(v.worldModel, 'worldModel', ['name', 'description'], ['arbitrary'], fail);
  if (v.lipschitz !== undefined) checkObject(v.lipschitz, 'lipschitz', ['name', 'description'], ['arbitrary', 'L'], fail);
  if (v.readings !== undefined) {
    if (!Array.isArray(v.readings) || v.readings.length === 0) fail('readings', `expected a non-empty array of readings, got ${describe(v.readings)}`);
    const labels = new Set<string>();
    (v.readings as unknown[]).forEach((r, i) => {
      const f = `readings[${i}]`;
      if (typeof r !== 'object' || r === null) fail(f, `expected { label, description, pg, jepa }, got ${describe(r)}`);
      const x = r as Record<string, unknown>;
      if (typeof x.label !== 'string' || !/^[a-z0-9][a-z0-9+-]*$/.test(x.label)) fail(`${f}.label`, `expected a file-name safe label, got ${describe(x.label)}`);
      if (labels.has(x.label as string)) fail(`${f}.label`, `${x.label} is used twice`);
      labels.add(x.label as string);
      if (!isText(x.description)) fail(`${f}.description`, 'expected a non-empty string');
      if (x.pg !== 'on-policy' && x.pg !== 'fixed-data') fail(`${f}.pg`, `expected "on-policy" or "fixed-data", got ${describe(x.pg)}`);
      if (!['on-policy', 'fixed-data', 'offline-uniform'].includes(x.jepa as string)) fail(`${f}.jepa`, `expected "on-policy", "fixed-data" or "offline-uniform", got ${describe(x.jepa)}`);
    });
  }
  if (v.configuration !== undefined) {
    const c = v.configuration as Record<string, unknown>;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) fail('configuration', `expected { field: value }, got ${describe(c)}`);
    const fields = CONFIGURATION_FIELDS as Record<string, readonly string[]>;
    for (const [key, x] of Object.entries(c)) {
      if (!fields[key]) fail(`configuration.${key}`, `unknown field (known: ${Object.keys(fields).join(', ')})`);
      if (typeof x !== 'string' || !fields[key].includes(x)) fail(`configuration.${key}`, `expected one of ${fields[key].map((y) => JSON.stringify(y)).join(', ')}, got ${describe(x)}`);
    }
    // The other overrides still run on src/variants' own checks, which read no configuration.
    const other = KNOWN_FIELDS.slice(3, -1).find((f) => v[f] !== undefined);
    if (other) fail('configuration', `cannot be combined with ${other} (not a configuration field yet)`);
  }
  return value as VariantSpec;
}

function checkHypothesis(x: unknown, field: string, fail: (field: string, what: string) => never): void {
  checkObject(x, field, ['name', 'statement'], ['holds'], fail);
  const h = x as Record<string, unknown>;
  if (h.exact !== undefined && !isFn(h.exact)) fail(`${field}.exact`, `expected a function or nothing, got ${describe(h.exact)}`);
  if (h.claims !== undefined) {
    if (!Array.isArray(h.claims)) fail(`${field}.claims`, `expected an array of claim IDs, got ${describe(h.claims)}`);
    (h.claims as unknown[]).forEach((id, i) => {
      if (typeof id !== 'string' || !(VARIANT_CLAIMS as readonly string[]).includes(id)) fail(`${field}.claims[${i}]`, `unknown claim ID ${describe(id)}`);
    });
  }
}

function checkObject(x: unknown, field: string, texts: string[], fns: string[], fail: (field: string, what: string) => never): void {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(field, `expected an object with ${[...texts, ...fns].join(', ')}, got ${describe(x)}`);
  const o = x as Record<string, unknown>;
  for (const t of texts) if (!isText(o[t])) fail(`${field}.${t}`, o[t] === undefined ? 'missing' : `expected a non-empty string, got ${describe(o[t])}`);
  for (const f of fns) if (!isFn(o[f])) fail(`${field}.${f}`, o[f] === undefined ? 'missing' : `expected a function, got ${describe(o[f])}`);
}
