// once(f): f() on the first call, its value on every later one. The per-case setups defer work with
// it instead of `const x = () => (cache ??= f())`: under tsx (esbuild keepNames) each such named
// closure is wrapped in __name, an Object.defineProperty call per closure per case, which was ~2% of
// a Prop. 2 unit's time; a function passed as an argument and the function returned here are not.

export function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}
