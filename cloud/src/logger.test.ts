import { Writable } from 'node:stream';
import { signIn } from './test/factories';
import { startTestApp, type TestApp } from './test/test-app';
import { createLogger, requestLineWriter, scrubUrl } from './logger';

/** A logger whose JSON lines land in memory, so tests can read what would have been logged. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('info', { destination }), lines, text: () => lines.join('\n') };
}

describe('log redaction', () => {
  it('should censor secrets and contact fields at the top level and one level down', () => {
    const log = capturingLogger();
    log.logger.info(
      { token: 'tok-1', body: { token: 'tok-2' }, user: { mobile: '13800138000', email: 'a@b.cn' } },
      'x',
    );
    expect(log.text()).not.toMatch(/tok-1|tok-2|13800138000|a@b\.cn/);
    expect(log.text()).toContain('[redacted]');
  });

  it('should scrub token paths and secret query parameters', () => {
    expect(scrubUrl('/api/v1/me/card/tokens/n0nce.s1g/wxacode')).toBe(
      '/api/v1/me/card/tokens/[redacted]/wxacode',
    );
    expect(scrubUrl('/api/v1/x?limit=5&token=abc&code=123')).toBe(
      '/api/v1/x?limit=5&token=[redacted]&code=[redacted]',
    );
  });

  it('should mask a mobile number quoted in an error message', () => {
    const log = capturingLogger();
    const err = Object.assign(new Error('E11000 duplicate key error dup key: { mobile: "13912345678" }'), {
      keyValue: { mobile: '13912345678' },
    });
    log.logger.error({ err }, 'request failed');
    expect(log.text()).not.toContain('13912345678');
    expect(log.text()).toContain('E11000');
  });
});

describe('request line', () => {
  const line = { requestId: 'req-12345678', method: 'GET', status: 200, ms: 1.5 };
  const withoutTime = (text: string) => {
    const { time, ...rest } = JSON.parse(text) as { time: number };
    expect(typeof time).toBe('number');
    return rest;
  };

  it('should write what the request-bound logger would have written, secret path segments scrubbed', () => {
    for (const path of ['/api/v1/organizations', '/api/v1/me/card/tokens/n0nce.s1g/wxacode']) {
      const viaChild = capturingLogger();
      const { requestId, ...fields } = line;
      viaChild.logger.child({ requestId }).info({ ...fields, path }, 'request');
      const direct = capturingLogger();
      requestLineWriter(direct.logger)({ ...line, path });
      expect(direct.lines).toHaveLength(1);
      expect(direct.lines[0]).not.toContain('n0nce');
      expect(withoutTime(direct.lines[0])).toEqual(withoutTime(viaChild.lines[0]));
      expect(Object.keys(withoutTime(direct.lines[0]))).toEqual(Object.keys(withoutTime(viaChild.lines[0])));
    }
  });

  it("should follow the logger's level, also when it changes", () => {
    const log = capturingLogger();
    const write = requestLineWriter(log.logger);
    log.logger.level = 'warn';
    write({ ...line, path: '/api/v1/me' });
    expect(log.lines).toHaveLength(0);
    log.logger.level = 'info';
    write({ ...line, path: '/api/v1/me' });
    expect(log.lines).toHaveLength(1);
  });
});

describe('request log of the card swap', () => {
  let t: TestApp;
  const log = capturingLogger();
  beforeAll(async () => {
    t = await startTestApp({}, { logger: log.logger });
  });
  afterAll(() => t.close());

  it('should never write a swap token to the log, in paths or bodies', async () => {
    const a = await signIn(t, 'member');
    const b = await signIn(t, 'guest');
    const { token } = (
      await t.request.post('/api/v1/me/card/tokens').set('Authorization', a.auth).expect(201)
    ).body as { token: string };
    await t.request
      .get(`/api/v1/me/card/tokens/${encodeURIComponent(token)}`)
      .set('Authorization', a.auth)
      .expect(200);
    await t.request.post('/api/v1/cards/swap').set('Authorization', b.auth).send({ token }).expect(200);
    await t.request.post('/api/v1/cards/swap').set('Authorization', b.auth).send({ token: 'x' }).expect(400);

    const requests = log.lines.map((line) => JSON.parse(line) as { msg: string; path?: string });
    expect(requests.filter((line) => line.msg === 'request').length).toBeGreaterThanOrEqual(4);
    expect(requests.some((line) => line.path === '/api/v1/me/card/tokens/[redacted]')).toBe(true);
    const [nonce, signature] = token.split('.');
    for (const secret of [token, encodeURIComponent(token), nonce, signature, a.token, b.token]) {
      expect(log.text()).not.toContain(secret);
    }
  });
});
