/** Where services get "now": the real time in production, a clock the tests move in tests. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
