// What a shipped variant file imports: defineVariant and its types (the overrides are configuration fields).
// A variant file elsewhere imports the same from the public module, 'jepa-verify' (src/api.ts).
export { defineVariant } from './define.ts';
export type { VariantSpec, VariantClaimId } from './types.ts';
export type { Configuration } from '../claims/configuration.ts';
