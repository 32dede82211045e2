// A refinement judges many candidate cases, and the reduction, the search below the size and the
// explain phase build the same case again and again (a candidate rejected in one pass is rebuilt in
// the next; ~30-50% of the calls of a refuted unit). The judgement (the check, its 64-digit
// confirmation, the hypotheses, the derivation's readings) is a pure function of the case's content,
// so it is remembered by content within one refinement. The key keeps every double's bits: -0 is
// not 0, and a NaN is a NaN (two NaNs with other payloads only miss).

/** Each number's 8 bytes plus the structure text (sizes, keys, other leaves), or null for content the key cannot describe (then nothing is remembered). */
export function contentKey(value: unknown): string | null {
  const shape: string[] = [];
  let nums = new Float64Array(256);
  let n = 0;
  const walk = (v: unknown): boolean => {
    if (typeof v === 'number') {
      if (n === nums.length) { const grown = new Float64Array(2 * n); grown.set(nums); nums = grown; }
      nums[n++] = v;
      shape.push('n');
      return true;
    }
    if (Array.isArray(v)) {
      // A row of numbers (most of a case) is one token: its size; its numbers go to the bytes in order.
      let numeric = true;
      for (let i = 0; i < v.length && numeric; i++) numeric = typeof v[i] === 'number';
      if (numeric) {
        if (n + v.length > nums.length) { const grown = new Float64Array(2 * (n + v.length)); grown.set(nums); nums = grown; }
        for (let i = 0; i < v.length; i++) nums[n++] = v[i];
        shape.push(`#${v.length}`);
        return true;
      }
      shape.push(`[${v.length}`);
      for (let i = 0; i < v.length; i++) if (!walk(v[i])) return false;
      shape.push(']');
      return true;
    }
    if (v !== null && typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      // Maps, typed arrays, class instances: their content is not in their own keys.
      if (proto !== Object.prototype && proto !== null) return false;
      shape.push('{');
      for (const k of Object.keys(v)) { shape.push(JSON.stringify(k)); if (!walk((v as Record<string, unknown>)[k])) return false; }
      shape.push('}');
      return true;
    }
    if (typeof v === 'string') { shape.push(`s${JSON.stringify(v)}`); return true; }
    if (typeof v === 'boolean' || v === null || v === undefined) { shape.push(String(v)); return true; }
    return false; // functions, symbols, bigints
  };
  if (!walk(value)) return null;
  // The count first fixes where the 8n bytes end, so no structure text can be mistaken for them.
  return `${n}:${Buffer.from(nums.buffer, 0, n * 8).toString('latin1')}${shape.join(',')}`;
}

/**
 * f remembered by content: a second call with a case of the same content returns the first call's
 * answer (or throws its error again) without calling f. f must be a pure function of the content.
 */
export function memoByContent<C, R>(f: (c: C) => R): ((c: C) => R) & { calls: () => { asked: number; computed: number } } {
  const seen = new Map<string, { value: R } | { error: unknown }>();
  let asked = 0;
  let computed = 0;
  const memo = (c: C): R => {
    asked++;
    const key = contentKey(c);
    const hit = key === null ? undefined : seen.get(key);
    if (hit) {
      if ('error' in hit) throw hit.error;
      return hit.value;
    }
    computed++;
    let out: { value: R } | { error: unknown };
    try { out = { value: f(c) }; } catch (error) { out = { error }; }
    if (key !== null) seen.set(key, out);
    if ('error' in out) throw out.error;
    return out.value;
  };
  return Object.assign(memo, { calls: () => ({ asked, computed }) });
}
