// A configuration of the claim checks: what a variant may change about the paper's setting. Every
// field's default is the paper's. A check builder that reads a field gives its check an `under`
// hook, so the same claim file's check runs under the paper's configuration and under a variant's
// (same seeds; the same cases unless the configuration changes the generator).

export interface Configuration {
  /**
   * Assumption 3 of Prop. 2. 'paper': the check's own reading (i)-(iv). 'construction-only': only
   * what §5.3's construction uses it for, a unit u in U \ span(P) (found by the construction's
   * search; re-decided at 70 digits when a refutation is confirmed, as every Prop. 2 setup is).
   */
  assumption3: 'paper' | 'construction-only';
  /**
   * L of eqs. (4)-(5) (Prop. 1). 'certified': the world model's Lipschitz constant (exact for an
   * affine model, a certified bound for an MLP). 'estimated': the largest ratio over sample pairs
   * the case carries (src/claims/lipschitzEstimate.ts), as one would measure a black-box model.
   */
  lipschitz: 'certified' | 'estimated';
  /** The Prop. 1 case generator. 'world-model-exact-at-zd': half the cases' affine world model is moved to W(z_d, a) = z_d. */
  generator: 'paper' | 'world-model-exact-at-zd';
  /** §4.2's direction (Prop. 1). 'u-orthogonal-only': any unit u ⊥ z_d, W u = 0 dropped (dW = k e_aΔ u^T as in the paper). */
  construction: 'paper' | 'u-orthogonal-only';
  /**
   * The data J_JEPA is an expectation over (Prop. 1). 'reading': the check's reading of eq. (1).
   * 'replay': the unperturbed policy's trajectory distribution, J_PG still per the reading.
   * 'offline-uniform': every state weight 1, actions uniform (so eq. (5)'s m is 1).
   */
  jepaData: 'reading' | 'replay' | 'offline-uniform';
  /**
   * The policy head (Prop. 1). 'linear': §4.1's logits W z + b. 'two-layer-tanh': logits
   * W tanh(W1 z + b1) + b (hidden width d, (W, b) = instance.head the last layer, W1, b1 drawn into
   * the case); §4.2's construction acts on the last layer through J = dh/dz at z_d.
   */
  head: 'linear' | 'two-layer-tanh';
  /**
   * The encoder (Prop. 1). 'tabular': a free code per state, one code moves alone. 'linear-features':
   * E(s) = Phi x(s) with features x(s) drawn into the case; Phi moves by eps u g^T with g the
   * least-squares choice (g^T x(s_Δ) = 1), so every state s's code moves by eps (g^T x(s)) u.
   */
  encoder: 'tabular' | 'linear-features';
}

export const PAPER_CONFIGURATION: Readonly<Configuration> = Object.freeze({ assumption3: 'paper', lipschitz: 'certified', generator: 'paper', construction: 'paper', jepaData: 'reading', head: 'linear', encoder: 'tabular' });

export const CONFIGURATION_FIELDS: Readonly<Record<keyof Configuration, readonly string[]>> = {
  assumption3: ['paper', 'construction-only'],
  lipschitz: ['certified', 'estimated'],
  generator: ['paper', 'world-model-exact-at-zd'],
  construction: ['paper', 'u-orthogonal-only'],
  jepaData: ['reading', 'replay', 'offline-uniform'],
  head: ['linear', 'two-layer-tanh'],
  encoder: ['tabular', 'linear-features'],
};

/** The text a report gives each override. */
export const CONFIGURATION_TEXT: Readonly<Record<keyof Configuration, Record<string, string>>> = {
  assumption3: {
    paper: "Assumption 3 in the check's own reading",
    'construction-only': 'Assumption 3 replaced by what §5.3 uses it for: U = ker W ∩ z_d^⊥ is not contained in span(P) (a unit u in U \\ span(P) exists)',
  },
  lipschitz: {
    certified: "L of eqs. (4)-(5) the world model's certified Lipschitz constant",
    estimated: 'L of eqs. (4)-(5) estimated as the largest ratio ||W(z1,a) - W(z2,a)|| / ||z1 - z2|| over 16 random pairs z = z_d + g, g in [-1, 1]^d (never above the true constant)',
  },
  generator: {
    paper: "the claim's own case generator",
    'world-model-exact-at-zd': 'half the cases have an affine world model exact at z_d (W(z_d, a) = z_d, e = 0), where eqs. (4)-(5) rest on L alone',
  },
  construction: {
    paper: '§4.2: a unit u in ker W ∩ z_d^⊥, dW = k e_aΔ u^T',
    'u-orthogonal-only': '§4.2 without W u = 0: any unit u ⊥ z_d, dW = k e_aΔ u^T (at s_Δ every logit also moves by eps (W u)_i)',
  },
  jepaData: {
    reading: "J_JEPA over the data of the check's reading of eq. (1)",
    replay: "J_JEPA over the unperturbed policy's trajectory distribution (a replay buffer), J_PG per the check's reading (on-policy: J_PG moves with theta, J_JEPA's data does not)",
    'offline-uniform': "J_JEPA over an offline dataset: every state weight 1, actions uniform, transitions from P (so m = 1 in eq. (5)); J_PG per the check's reading",
  },
  head: {
    linear: "§4.1's single linear layer: logits W z + b",
    'two-layer-tanh': 'logits W tanh(W1 z + b1) + b (hidden width d); the §4.2 construction on the last layer: J u in ker W ∩ h(z_d)^⊥ (J = dh/dz at z_d), dW = k e_aΔ r^T with r = J u / |J u|^2',
  },
  encoder: {
    tabular: "the paper's encoder: a free code per state, so one state's code moves alone",
    'linear-features': "E(s) = Phi x(s) with fixed features x(s) (a constant feature first); Phi moves by eps u g^T with g the least-squares choice (g^T x(s_Δ) = 1), so every state whose features overlap s_Δ's moves by eps (g^T x(s)) u",
  },
};

export const configure = (overrides: Partial<Configuration> = {}): Configuration => ({ ...PAPER_CONFIGURATION, ...overrides });

/** True when the head and encoder are the paper's (the engine's kernel evaluates J; otherwise the readable path, src/claims/classModel.ts). */
export const paperClasses = (cfg: Configuration): boolean => cfg.head === 'linear' && cfg.encoder === 'tabular';

/** True when the checks' refiners (which derive the paper's §4.2 construction) apply. */
export const paperConstruction = (cfg: Configuration): boolean => cfg.construction === 'paper' && paperClasses(cfg);

/** True when the configuration is the paper's. */
export const isPaper = (cfg: Configuration): boolean =>
  (Object.keys(PAPER_CONFIGURATION) as (keyof Configuration)[]).every((k) => cfg[k] === PAPER_CONFIGURATION[k]);

/** Every field: what a builder passes when its check is right under any value of every field. */
export const ALL_FIELDS: readonly (keyof Configuration)[] = Object.freeze(Object.keys(PAPER_CONFIGURATION) as (keyof Configuration)[]);

/** The fields a configuration sets away from the paper's. */
export const overriddenFields = (cfg: Configuration): (keyof Configuration)[] => ALL_FIELDS.filter((k) => cfg[k] !== PAPER_CONFIGURATION[k]);

/**
 * The overridden fields a check cannot run under. A check supports a field only when its builder
 * declared it (`configurable`'s `supports`): either the builder reads the field or the check is right
 * whatever its value. Without this, a check that never heard of, say, a two-layer head would run the
 * paper's linear head under the variant's name and report "no verdict changes".
 */
export function unsupportedFields(check: { supports?: readonly (keyof Configuration)[] }, cfg: Configuration): (keyof Configuration)[] {
  const supports = check.supports ?? [];
  return overriddenFields(cfg).filter((k) => !supports.includes(k));
}

/**
 * Gives a check its `under` hook: `build(cfg)` is the check under another configuration, or null
 * when that configuration changes nothing the check reads (then the check itself). `supports` lists
 * the fields under which that is true; `under` refuses a configuration overriding any other field.
 * Under the paper's configuration it is the check it is called on, also a copy made by spreading
 * (`{ ...check, paperDefinition: false }`); a non-paper configuration rebuilds from the builder's
 * arguments, so such a copy's own fields are not carried over.
 */
export function configurable<C extends { under?: (cfg: Configuration) => C; supports?: readonly (keyof Configuration)[] }>(check: C, build: (cfg: Configuration) => C | null, supports: readonly (keyof Configuration)[]): C {
  check.supports = supports;
  check.under = function (this: C | undefined, cfg: Configuration): C {
    const self = this ?? check;
    if (isPaper(cfg)) return self;
    const unsupported = unsupportedFields(check, cfg);
    if (unsupported.length) throw new Error(`this check does not run under ${unsupported.join(', ')} (it supports ${supports.join(', ') || 'no configuration field'})`);
    return build(cfg) ?? self;
  };
  return check;
}
