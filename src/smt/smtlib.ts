// Tiny SMT-LIB 2 builders. Queries stay plain text so that a reader can re-run them in any solver.

export type Logic = 'QF_NRA' | 'QF_LIA';

/** One solver query: the declarations and assertions of the NEGATED statement (unsat = proved). */
export interface SmtQuery {
  /** What this query is about, e.g. "P1.eq2, n = 3". Written as a comment into the text. */
  label: string;
  logic: Logic;
  /** Declarations, definitions and assertions, without set-logic / check-sat. */
  body: string;
  /** The body without the negated statement: must be sat, or the proof would be vacuous. */
  premises?: string;
}

/** The full, self-contained SMT-LIB 2 script recorded in SmtRecord.query. */
export function smtlibText(q: SmtQuery): string {
  const header = q.label.split('\n').map((l) => `; ${l}`).join('\n');
  return `${header}\n(set-logic ${q.logic})\n${q.body}\n(check-sat)\n; unsat = the statement is proved; after sat, (get-model) gives a counterexample\n`;
}

/** A real literal in strict SMT-LIB syntax (no bare negative numerals). */
export function real(x: number): string {
  if (!Number.isInteger(x)) throw new Error(`real(): only integer literals are used, got ${x}`);
  return x < 0 ? `(- ${-x}.0)` : `${x}.0`;
}
export function int(x: number): string {
  return x < 0 ? `(- ${-x})` : `${x}`;
}

const nary = (op: string, unit: string) => (...xs: string[]) =>
  xs.length === 0 ? unit : xs.length === 1 ? xs[0] : `(${op} ${xs.join(' ')})`;
export const add = nary('+', '0.0');
export const mul = nary('*', '1.0');
export const and = nary('and', 'true');
export const or = nary('or', 'false');
export const sub = (a: string, b: string) => `(- ${a} ${b})`;
export const neg = (a: string) => `(- ${a})`;
export const div = (a: string, b: string) => `(/ ${a} ${b})`;
export const eq = (a: string, b: string) => `(= ${a} ${b})`;
export const ne = (a: string, b: string) => `(not (= ${a} ${b}))`;
export const le = (a: string, b: string) => `(<= ${a} ${b})`;
export const lt = (a: string, b: string) => `(< ${a} ${b})`;
export const ge = (a: string, b: string) => `(>= ${a} ${b})`;
export const gt = (a: string, b: string) => `(> ${a} ${b})`;
export const not = (a: string) => `(not ${a})`;
export const implies = (a: string, b: string) => `(=> ${a} ${b})`;
export const ite = (c: string, a: string, b: string) => `(ite ${c} ${a} ${b})`;

export const dot = (a: string[], b: string[]) => add(...a.map((x, i) => mul(x, b[i])));
export const vec = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name}_${i}`);
export const mat = (name: string, rows: number, cols: number) =>
  Array.from({ length: rows }, (_, i) => vec(`${name}_${i}`, cols));
export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Collects the lines of a query body. */
export class Script {
  private lines: string[] = [];
  /** Number of lines before the negated statement (premises only). */
  private premiseLines: number | null = null;
  comment(text: string): this {
    this.lines.push(`; ${text}`);
    return this;
  }
  declare(names: string | string[], sort: 'Real' | 'Int' | 'Bool' = 'Real'): this {
    for (const n of ([] as string[]).concat(names)) this.lines.push(`(declare-const ${n} ${sort})`);
    return this;
  }
  define(name: string, body: string, sort: 'Real' | 'Int' | 'Bool' = 'Real'): string {
    this.lines.push(`(define-fun ${name} () ${sort} ${body})`);
    return name;
  }
  assert(...facts: string[]): this {
    for (const f of facts) this.lines.push(`(assert ${f})`);
    return this;
  }
  /** Asserts the NEGATION of the statement to prove; everything before it counts as premises. */
  negate(negation: string, what = 'the statement'): this {
    this.premiseLines = this.lines.length;
    this.lines.push(`; negation of ${what}`, `(assert ${negation})`);
    return this;
  }
  query(label: string, logic: Logic = 'QF_NRA'): SmtQuery {
    const premises = this.premiseLines === null ? undefined : this.lines.slice(0, this.premiseLines).join('\n');
    return { label, logic, body: this.lines.join('\n'), ...(premises === undefined ? {} : { premises }) };
  }
}
