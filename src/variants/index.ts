// What a variant file imports: defineVariant and its types (the overrides are configuration fields).
export { defineVariant } from './define.ts';
export type { VariantSpec, VariantClaimId } from './types.ts';
export type { Configuration } from '../claims/configuration.ts';
