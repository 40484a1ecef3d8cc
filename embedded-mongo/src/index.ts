export { start, type StartOptions, type RunningServer } from './server';
export type { Logger } from './logger';
