export * from './errors.ts';
export * from './error-codes.ts';
export * from './types.ts';
export * from './logger.ts';
export * from './detach.ts';
