// Remembered results of the 64-digit engine (evaluate.ts). Each memo serves a value computed by the
// same function from the same numbers, so it changes no digit: decimal.js reads only a number's
// sign, exponent and digit words (and its class's fixed precision and rounding), and a double's
// exact expansion is a function of its bits. BigNumbers are immutable, so one object is handed out.
import type { BigNumber } from 'mathjs';
import { reprOf, type DecimalParts } from './decimalParts.ts';

type Big = BigNumber;

export { reprOf };

// clearValueMemos() makes every memo start afresh at its next call (tests compare cold and warm).
let generation = 0;
export function clearValueMemos(): void {
  generation++;
}

/** A bounded Map emptied when full or when clearValueMemos() was called since its last use. */
export function boundedMemo<K, V>(size: number): (key: K, compute: () => V) => V {
  const memo = new Map<K, V>();
  let seen = generation;
  return (key, compute) => {
    if (seen !== generation) { memo.clear(); seen = generation; }
    let y = memo.get(key);
    if (y === undefined) {
      if (memo.size >= size) memo.clear();
      memo.set(key, (y = compute()));
    }
    return y;
  };
}

/**
 * A double's exact BigNumber, remembered: the exact decimal expansion of a double (exact.ts) costs
 * more than the arithmetic done with it, and confirmations convert the same instance's doubles
 * again and again (every perturbation, every refinement step). 0 and -0 are kept apart (a Map
 * would merge them).
 */
export function memoBig(convert: (x: number) => Big): (x: number) => Big {
  const memo = boundedMemo<number, Big>(200_000);
  let negativeZero: Big | undefined;
  return (x) => (Object.is(x, -0) ? (negativeZero ??= convert(x)) : memo(x, () => convert(x)));
}

/**
 * A function of one BigNumber remembered by its value (exp, ln). At 64 digits each costs about a
 * hundred multiplications, and a confirmation asks for the same ones again and again: the moved
 * points of one perturbation share every state's softmax but the moved state's, and the base point
 * is evaluated with and without its JEPA errors.
 */
export function memoByValue(f: (x: Big) => Big): (x: Big) => Big {
  const memo = boundedMemo<string, Big>(100_000);
  return (x) => ((x as unknown as DecimalParts).d === null ? f(x) : memo(reprOf(x), () => f(x)));
}

/**
 * A world model's predictions remembered by the code's value: the moved points of a confirmation
 * rebuild their code rows (new objects, often the same numbers: eps = 0 leaves the moved code as it
 * was whenever its exact decimal fits the working digits), and the MLP's tanh made each prediction
 * cost hundreds of multiplications. A prediction is a function of the numbers alone.
 */
export function memoByCode(predict: (z: Big[], a: number) => Big[]): (z: Big[], a: number) => Big[] {
  const memo = boundedMemo<string, Big[]>(4096);
  return (z, a) => memo(`${a}/${z.map(reprOf).join('|')}`, () => predict(z, a));
}

/**
 * A decimal string's BigNumber (not rounded: the constructor keeps every digit), remembered: the
 * exact directions uExact, rExact arrive as strings at every perturbation of a confirmation.
 */
export function memoByText(parse: (x: string) => Big): (x: string) => Big {
  const memo = boundedMemo<string, Big>(20_000);
  return (x) => memo(x, () => parse(x));
}
