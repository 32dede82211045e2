export * from './tabular.ts';
export * from './cartpole.ts';
