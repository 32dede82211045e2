export * from './tabular.ts';
export * from './cartpole.ts';
export * from './catch.ts';
export * from './pixel-cartpole.ts';
