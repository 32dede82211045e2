// J at a base point and at perturbations of it (one state's code, one head row), on buffers that
// are allocated once. A perturbation of state s_Δ changes only the logits of row s_Δ and column
// a_Δ, and only the JEPA errors whose source or target is s_Δ: those are recomputed, the rest are
// the base point's. Every entry is computed by the same expression, in the same order, as
// objective.ts computes it from scratch, so the results agree with basePoint / baseObjective /
// perturbedObjective bit for bit (test/bench/kernels.test.ts); this is the hot path of the
// prop1 bench and of anything that evaluates many perturbations of one instance.
import type { Perturbation, Reading } from '../model/types.ts';
import { evaluatePolicyInto, evaluationWorkspace, logSoftmaxRowsInto, softmaxRowsInto, type EvaluationWorkspace, type PolicyEvaluation } from './evaluate.ts';
import { codeClasses, jepaLoss, surrogateValue, type BasePoint, type ObjectiveValue, type Prepared } from './objective.ts';

/** What a perturbation needs: objective.ts's Perturbation without the exact-decimal forms. */
export type Move = Pick<Perturbation, 'state' | 'action' | 'k' | 'eps'> & { u: ArrayLike<number>; r: ArrayLike<number> };

const newEvaluation = (S: number, A: number): PolicyEvaluation => ({ pi: new Float64Array(S * A), V: new Float64Array(S), Q: new Float64Array(S * A), d: new Float64Array(S), horizon: 0, J_PG: 0 });

export class PerturbationEvaluator {
  readonly S: number;
  readonly A: number;
  readonly d: number;
  private prep: Prepared | null = null;
  /** The base point: logits, policy, its exact evaluation, advantages, predictions and JEPA errors. */
  readonly baseLogits: Float64Array;
  readonly baseLogPi: Float64Array;
  readonly base: PolicyEvaluation;
  readonly advantage: Float64Array;
  /** predictions[(s*A + a)*d + i] = W_psi(E(s), a)_i. */
  readonly predictions: Float64Array;
  readonly errSq: Float64Array;
  /** The moved point (after move()). */
  readonly logits: Float64Array;
  readonly pi: Float64Array;
  readonly logPi: Float64Array;
  readonly movedErrSq: Float64Array;
  readonly moved: PolicyEvaluation;
  private readonly E: Float64Array;
  private readonly W: Float64Array;
  private readonly prediction: Float64Array;
  /** Views made once: subarray() allocates, and load() would otherwise make S*A + S of them per instance. */
  private readonly codeViews: Float64Array[];
  private readonly predictionViews: Float64Array[];
  private readonly ws: EvaluationWorkspace;
  /** rep[s]: the first state whose code is bit-identical to s's (base point); movedRep: the same after move(). */
  private readonly rep: Int32Array;
  private readonly movedRep: Int32Array;
  private readonly firstOfClass: Int32Array;
  private state = -1;
  /** Whether logits/pi/logPi hold a move()'s rows (so unchanged rows can be kept). */
  private rowsValid = false;
  private readonly logitRows: Float64Array[];
  private readonly piRows: Float64Array[];
  private readonly logPiRows: Float64Array[];
  /** The state the last move() wrote movedErrSq for (-1: movedErrSq not derived from errSq). */
  private errState = -1;

  constructor(S: number, A: number, d: number) {
    this.S = S; this.A = A; this.d = d;
    this.baseLogits = new Float64Array(S * A);
    this.baseLogPi = new Float64Array(S * A);
    this.base = newEvaluation(S, A);
    this.advantage = new Float64Array(S * A);
    this.predictions = new Float64Array(S * A * d);
    this.errSq = new Float64Array(S * A * S);
    this.logits = new Float64Array(S * A);
    this.pi = new Float64Array(S * A);
    this.logPi = new Float64Array(S * A);
    this.movedErrSq = new Float64Array(S * A * S);
    this.moved = newEvaluation(S, A);
    this.E = new Float64Array(S * d);
    this.W = new Float64Array(A * d);
    this.prediction = new Float64Array(d);
    this.codeViews = Array.from({ length: S }, (_, s) => this.E.subarray(s * d, s * d + d));
    this.predictionViews = Array.from({ length: S * A }, (_, i) => this.predictions.subarray(i * d, i * d + d));
    this.ws = evaluationWorkspace(S);
    this.rep = new Int32Array(S);
    this.movedRep = new Int32Array(S);
    this.firstOfClass = new Int32Array(S);
    this.logitRows = Array.from({ length: S }, (_, s) => this.logits.subarray(s * A, s * A + A));
    this.piRows = Array.from({ length: S }, (_, s) => this.pi.subarray(s * A, s * A + A));
    this.logPiRows = Array.from({ length: S }, (_, s) => this.logPi.subarray(s * A, s * A + A));
  }

  /**
   * The instance's codes and head into the buffers, and its classes of states with bit-identical
   * codes: such states have bit-identical logits, predictions and errors (every entry is a
   * deterministic function of the codes), so each class is computed once. In a (partly) collapsed
   * instance, the case Propositions 1 and 2 are about, that is most of the states.
   */
  private attach(prep: Prepared): void {
    const { S, A, d } = this;
    if (prep.S !== S || prep.A !== A || prep.d !== d) throw new Error(`PerturbationEvaluator is ${S}x${A}x${d}, the instance ${prep.S}x${prep.A}x${prep.d}`);
    this.prep = prep;
    this.E.set(prep.E);
    this.W.set(prep.W);
    codeClasses(this.E, S, d, this.rep);
  }

  /** basePoint(prep) into this evaluator's buffers; throws SingularSystemError as evaluatePolicy does. */
  load(prep: Prepared): this {
    const { S, A, d } = this;
    this.attach(prep);
    const rep = this.rep;
    for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) this.baseLogits[s * A + a] = rep[s] === s ? this.logit(s, a) : this.baseLogits[rep[s] * A + a];
    softmaxRowsInto(this.baseLogits, S, A, this.base.pi);
    evaluatePolicyInto(prep.mdp, this.base.pi, this.ws, this.base, true);
    for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) this.advantage[s * A + a] = this.base.Q[s * A + a] - this.base.V[s];
    logSoftmaxRowsInto(this.baseLogits, S, A, this.baseLogPi);
    const err = this.errSq;
    for (let s = 0; s < S; s++) {
      const r = rep[s];
      for (let a = 0; a < A; a++) {
        const row = (s * A + a) * S;
        if (r !== s) {
          this.predictions.copyWithin((s * A + a) * d, (r * A + a) * d, (r * A + a + 1) * d);
          err.copyWithin(row, (r * A + a) * S, (r * A + a + 1) * S);
          continue;
        }
        const p = this.predictionViews[s * A + a];
        prep.world(this.codeViews[s], a, p);
        for (let t = 0; t < S; t++) err[row + t] = rep[t] === t ? this.error(p, t) : err[row + rep[t]];
      }
    }
    this.state = -1;
    this.rowsValid = false;
    this.errState = -1;
    return this;
  }

  /**
   * load(base.prep) from what basePoint() already computed (the same functions on the same inputs:
   * logits, softmax, evaluatePolicy with Q, Q - V, log-softmax, the world model's predictions and the
   * JEPA errors), copied instead of computed again; only the classes of equal codes are recomputed.
   */
  loadFrom(base: BasePoint, parts: { logits: Float64Array; predictions: Float64Array }): this {
    const { S, A, d } = this;
    const prep = base.prep;
    this.attach(prep);
    const rep = this.rep;
    const ev = base.evaluation;
    this.baseLogits.set(parts.logits);
    this.base.pi.set(ev.pi);
    this.base.V.set(ev.V);
    this.base.Q.set(ev.Q);
    this.base.d.set(ev.d);
    this.base.horizon = ev.horizon;
    this.base.J_PG = ev.J_PG;
    this.advantage.set(base.advantage);
    this.baseLogPi.set(base.logPi);
    this.predictions.set(parts.predictions);
    this.errSq.set(base.errSq);
    this.state = -1;
    this.rowsValid = false;
    this.errState = -1;
    return this;
  }

  /** baseObjective(basePoint(prep), reading). */
  baseObjective(reading: Reading, out: ObjectiveValue = { J_PG: 0, J_JEPA: 0, J: 0 }): ObjectiveValue {
    const prep = this.need();
    out.J_JEPA = jepaLoss(prep, this.base.d, this.base.pi, this.errSq);
    out.J_PG = reading === 'on-policy' ? this.base.J_PG : surrogateValue(this.S, this.A, this.base.d, this.base.pi, this.advantage, this.baseLogPi);
    out.J = out.J_PG + out.J_JEPA;
    return out;
  }

  /** Applies p to the base point: moved logits, policy, log-policy and JEPA errors. */
  move(p: Move): this {
    const prep = this.need();
    const { S, A, d, E, W } = this;
    const { state, action } = p;
    for (let j = 0; j < d; j++) {
      E[state * d + j] = prep.E[state * d + j] + p.eps * p.u[j];
      W[action * d + j] = prep.W[action * d + j] + p.k * p.r[j];
    }
    // Classes of equal codes after the move: the moved state alone, the others as in load() but
    // represented by their first member other than the moved state.
    const rep = this.movedRep, first = this.firstOfClass;
    first.fill(-1);
    for (let t = 0; t < S; t++) {
      if (t === state) { rep[t] = t; continue; }
      const c = this.rep[t];
      if (first[c] < 0) first[c] = t;
      rep[t] = first[c];
    }
    // A row's policy and log-policy are functions of its logits alone, so a row whose logits are
    // the last move's, bit for bit, keeps the last move's rows (over an eps series at one k, every
    // row but s_Δ's); the others go through the same softmax code one row at a time.
    const valid = this.rowsValid;
    const logits = this.logits;
    for (let s = 0; s < S; s++) {
      let changed = !valid;
      for (let a = 0; a < A; a++) {
        const x = s !== state && a !== action ? this.baseLogits[s * A + a] : rep[s] === s ? this.logit(s, a) : logits[rep[s] * A + a];
        if (!changed && !Object.is(x, logits[s * A + a])) changed = true;
        logits[s * A + a] = x;
      }
      if (changed) {
        softmaxRowsInto(this.logitRows[s], 1, A, this.piRows[s]);
        logSoftmaxRowsInto(this.logitRows[s], 1, A, this.logPiRows[s]);
      }
    }
    this.rowsValid = true;
    const err = this.movedErrSq;
    // movedErrSq is errSq but for the entries the last move wrote (its state's rows and column).
    const last = this.errState;
    if (last < 0) err.set(this.errSq);
    else {
      // A loop, not set(subarray()): no view object per move (the same entries).
      for (let i = last * A * S, end = (last + 1) * A * S; i < end; i++) err[i] = this.errSq[i];
      for (let i = last; i < S * A * S; i += S) err[i] = this.errSq[i];
    }
    this.errState = state;
    for (let a = 0; a < A; a++) {
      prep.world(this.codeViews[state], a, this.prediction);
      const row = (state * A + a) * S;
      for (let t = 0; t < S; t++) err[row + t] = rep[t] === t ? this.error(this.prediction, t) : err[row + rep[t]];
    }
    for (let s = 0; s < S; s++) {
      if (s === state) continue;
      for (let a = 0; a < A; a++)
        err[(s * A + a) * S + state] = rep[s] === s ? this.error(this.predictionViews[s * A + a], state) : err[(rep[s] * A + a) * S + state];
    }
    // Restore the base parameters: the moved ones live only in the outputs above.
    for (let j = 0; j < d; j++) {
      E[state * d + j] = prep.E[state * d + j];
      W[action * d + j] = prep.W[action * d + j];
    }
    this.state = state;
    return this;
  }

  /**
   * perturbedObjective(base, p, reading) for the p of the last move(). On-policy the moved policy
   * is evaluated exactly (this.moved); fixed-data keeps the base point's data.
   */
  movedObjective(reading: Reading, out: ObjectiveValue = { J_PG: 0, J_JEPA: 0, J: 0 }): ObjectiveValue {
    const prep = this.need();
    if (this.state < 0) throw new Error('movedObjective before move()');
    if (reading === 'on-policy') {
      const ev = evaluatePolicyInto(prep.mdp, this.pi, this.ws, this.moved, false);
      out.J_PG = ev.J_PG;
      out.J_JEPA = jepaLoss(prep, ev.d, this.pi, this.movedErrSq);
    } else {
      out.J_PG = surrogateValue(this.S, this.A, this.base.d, this.base.pi, this.advantage, this.logPi);
      out.J_JEPA = jepaLoss(prep, this.base.d, this.base.pi, this.movedErrSq);
    }
    out.J = out.J_PG + out.J_JEPA;
    return out;
  }

  /** Drops the loaded instance (its Prepared), so the evaluator keeps no case alive; load() again before use. */
  release(): void {
    this.prep = null;
    this.state = -1;
    this.rowsValid = false;
    this.errState = -1;
  }

  private need(): Prepared {
    if (!this.prep) throw new Error('PerturbationEvaluator: load() an instance first');
    return this.prep;
  }

  /** objective.ts's logits() entry for (s, a) from the current E and W. */
  private logit(s: number, a: number): number {
    const { d, E, W } = this;
    let x = this.prep!.b[a];
    for (let j = 0; j < d; j++) x += W[a * d + j] * E[s * d + j];
    return x;
  }

  /** objective.ts's jepaErrors entry: ||prediction - E(t)||^2 from the current E. */
  private error(prediction: Float64Array, t: number): number {
    const { d, E } = this;
    let e = 0;
    for (let j = 0; j < d; j++) {
      const diff = prediction[j] - E[t * d + j];
      e += diff * diff;
    }
    return e;
  }
}
