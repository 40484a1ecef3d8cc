export interface Logger {
  info(msg: string, extra?: object): void;
  warn(msg: string, extra?: object): void;
  error(msg: string, extra?: object): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export const consoleLogger: Logger = {
  info: (msg, extra) => console.log(`[embedded-mongo] ${msg}`, extra ? JSON.stringify(extra) : ''),
  warn: (msg, extra) => console.warn(`[embedded-mongo] ${msg}`, extra ? JSON.stringify(extra) : ''),
  error: (msg, extra) => console.error(`[embedded-mongo] ${msg}`, extra ? JSON.stringify(extra) : ''),
};
