export { z } from './zod';
export * from './errors';
export * from './health';
export * from './pagination';
