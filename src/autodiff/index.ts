export * from './tensor.ts';
export * from './rng.ts';
export * from './nn.ts';
export * from './gradcheck.ts';
export * from './kernels.ts';
