export * from './errors.ts';
export * from './event.ts';
export * from './ids.ts';
export * from './ports.ts';
export * from './rng.ts';
export * from './yield.ts';
