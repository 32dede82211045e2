// The vocabulary of an assumption variant: a variant file (properties/variants/ or a user's) names the claims it
// re-checks and the configuration overrides it makes (src/claims/configuration.ts); every field
// it leaves out keeps the paper's value. The claims are re-checked by the ledger's own checks.
import type { Configuration } from '../claims/configuration.ts';

export const P1_CLAIMS = ['P1.u-exists', 'P1.logits-fixed', 'P1.logit-gain', 'P1.k1-pos', 'P1.eq3', 'P1.eq4', 'P1.eq5', 'P1.combine'] as const;
export const P2_CLAIMS = ['P2.u-exists', 'P2.logits-fixed', 'P2.logit-gain', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine'] as const;
/** The claims a variant can re-check: the steps of §4-§5 that a change of hypothesis, model class, construction or reading can break. */
export type VariantClaimId = (typeof P1_CLAIMS)[number] | (typeof P2_CLAIMS)[number];
export const VARIANT_CLAIMS: readonly VariantClaimId[] = [...P1_CLAIMS, ...P2_CLAIMS];

/** What a variant file exports (default export of defineVariant; the public module exports both). */
export interface VariantSpec {
  /** File-name safe: the report is reports/variants/<name>.{md,json}. */
  name: string;
  /** One paragraph: what is changed and why it is worth asking. */
  description: string;
  /** The claims re-checked, each under the paper's configuration and under the variant, same seed. */
  claims: readonly VariantClaimId[];
  /** Overrides of the claim checks' configuration (the paper's is the default for every field left out). */
  configuration: Partial<Configuration>;
}
