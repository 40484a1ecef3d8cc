import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';
import { startCloud, type CloudProcess } from './cloud-process';

export type CloudAndBrowser = {
  /** The cloud process of this describe block: its base URL serves the H5 build and the API. */
  cloud: CloudProcess;
  browser: Browser;
  /** Contexts pushed here are closed after the block's tests, before the browser. */
  contexts: BrowserContext[];
};

export type CloudAndBrowserOptions = {
  /** Extra environment for cloud (AUTH_DEV_LOGIN, TEST_CONTROLS …). */
  env?: NodeJS.ProcessEnv;
  /** Runs first when the block ends, while the browser is still open (a context kept in a `let`). */
  beforeStop?: () => Promise<unknown> | undefined;
  /**
   * beforeAll's timeout (default 120 s): cloud loading the demo data on a busy machine takes more
   * than jest's default minute, which then fails the block before cloud's own start timer speaks.
   */
  startTimeoutMs?: number;
};

function started<T>(name: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`${name} is used before the block's beforeAll started it`);
  return value;
}

/**
 * One cloud process and one headless Chromium for a describe block: started together in its
 * beforeAll, closed in its afterAll (contexts, then the browser, then cloud; whichever did start
 * is closed even when the other failed to). The returned `cloud` and `browser` are views of what
 * beforeAll starts, so tests use them as they would the real objects; calls before beforeAll throw.
 */
export function useCloudAndBrowser(options: CloudAndBrowserOptions = {}): CloudAndBrowser {
  let cloud: CloudProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const timeout = options.startTimeoutMs ?? 120_000;
  let starting: Promise<void> | undefined;

  beforeAll(() => {
    starting = (async () => {
      const [c, b] = await Promise.allSettled([startCloud(options.env), launchBrowser()]);
      if (c.status === 'fulfilled') cloud = c.value;
      if (b.status === 'fulfilled') browser = b.value;
      if (c.status === 'rejected') throw c.reason;
      if (b.status === 'rejected') throw b.reason;
    })();
    return starting;
  }, timeout);

  afterAll(async () => {
    // A beforeAll that timed out leaves its start running: wait for it (cloud's own timer bounds
    // it) so what it starts is closed too, not left running and holding the test run (and the
    // H5 lock around it) open.
    await starting?.catch(() => undefined);
    try {
      await options.beforeStop?.();
      await Promise.all(contexts.splice(0).map((context) => context.close()));
    } finally {
      try {
        await browser?.close();
      } finally {
        await cloud?.stop();
      }
    }
  }, timeout);

  const cloudView: CloudProcess = {
    get baseUrl() {
      return started('cloud', cloud).baseUrl;
    },
    get dataDir() {
      return started('cloud', cloud).dataDir;
    },
    stop: () => started('cloud', cloud).stop(),
  };
  // Browser is a class with many methods; forwarding each property keeps `browser.newContext()`
  // and `newPhone(browser, …)` working unchanged against the instance beforeAll launched.
  const browserView = new Proxy({} as Browser, {
    get(_target, property) {
      const real = started('browser', browser);
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
  });
  return { cloud: cloudView, browser: browserView, contexts };
}
