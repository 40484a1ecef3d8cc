import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { ImportModel } from './import.model';

/** Sends raw bytes and resolves with everything the server answers until it closes or goes quiet. */
function rawRequest(port: number, bytes: string, quietMs = 1500): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      clearTimeout(timer);
      timer = setTimeout(finish, 200);
    });
    socket.on('end', finish);
    socket.on('error', reject);
    timer = setTimeout(finish, quietMs);
    socket.write(bytes);
  });
}

describe('POST /api/v1/imports with a broken multipart body', () => {
  let t: TestApp;
  let auth: string;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp();
    auth = (await signIn(t, 'secretariat')).auth;
    await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
    port = (t.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const request = (body: string) =>
    [
      'POST /api/v1/imports HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      `Authorization: ${auth}`,
      'Content-Type: multipart/form-data; boundary=XBOUNDARY',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ].join('\r\n') +
    '\r\n\r\n' +
    body;

  it('should 400 and keep serving when a file part has a header but no body and no closing boundary', async () => {
    const truncated =
      '--XBOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="roster.xlsx"\r\n' +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n';
    const answer = await rawRequest(port, request(truncated));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('VALIDATION_FAILED');
    expect(answer).toContain('上传内容不完整');

    const health = await t.request.get('/api/v1/health');
    expect(health.status).toBe(200);
    expect(await ImportModel.countDocuments()).toBe(0);
  });

  it('should 400 and keep serving when the file is cut off in the middle of its content', async () => {
    const truncated =
      '--XBOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="roster.csv"\r\n\r\n' +
      '单位名称,联系人,手机\r\n哈尔滨工业大学,张伟,138';
    const answer = await rawRequest(port, request(truncated));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await t.request.get('/api/v1/health').expect(200);
  });

  it('should keep serving when the client disconnects in the middle of an upload', async () => {
    const head = request(
      '--XBOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n单位',
    );
    // Declares more than it sends, then hangs up.
    const lying = head.replace(/Content-Length: \d+/, 'Content-Length: 100000');
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(lying, () => setTimeout(() => socket.destroy(), 100));
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    await t.request.get('/api/v1/health').expect(200);
  });

  it('should 413 as soon as the file crosses the size limit', async () => {
    const big = 'x'.repeat(21 * 1024 * 1024);
    const res = await t.request
      .post('/api/v1/imports')
      .set('Authorization', auth)
      .attach('file', Buffer.from(big), 'big.csv')
      .catch((err: { response?: { status: number; body: unknown } }) => err.response);
    expect(res?.status).toBe(413);
    await t.request.get('/api/v1/health').expect(200);
  });
});
