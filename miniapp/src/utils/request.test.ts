import Taro from '@tarojs/taro';
import { HealthView } from '@alliance-hub/types';
import { apiErrorBody, healthView, taroNetworkFailure, taroResponse } from '../../test/factories';
import { ApiError, NETWORK_ERROR_MESSAGE, TIMEOUT_ERROR_MESSAGE } from './api-error';
import { buildUrl, downloadFile, request, setReauthenticator, uploadFile } from './request';
import { setToken } from './session';

const taroRequest = Taro.request as unknown as jest.Mock;
const taroUpload = Taro.uploadFile as unknown as jest.Mock;
const taroDownload = Taro.downloadFile as unknown as jest.Mock;
const taroFileSystem = Taro.getFileSystemManager as unknown as jest.Mock;

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to reject');
}

describe('request', () => {
  const originalBase = process.env.TARO_APP_API_BASE;

  beforeEach(() => {
    process.env.TARO_APP_API_BASE = 'https://api.example.cn/';
    setReauthenticator(null);
  });

  afterAll(() => {
    process.env.TARO_APP_API_BASE = originalBase;
  });

  describe('buildUrl', () => {
    it('should join the base and path with exactly one slash', () => {
      expect(buildUrl('https://api.example.cn/', '/api/v1/health')).toBe(
        'https://api.example.cn/api/v1/health',
      );
      expect(buildUrl('https://api.example.cn', 'api/v1/health')).toBe(
        'https://api.example.cn/api/v1/health',
      );
    });

    it('should stay relative when the base is empty (same-origin H5)', () => {
      expect(buildUrl('', '/api/v1/health')).toBe('/api/v1/health');
    });

    it('should encode query values and skip undefined and null ones', () => {
      expect(
        buildUrl('', '/api/v1/orgs', { q: '哈工大 & 材料', limit: 20, cursor: undefined, kind: null }),
      ).toBe('/api/v1/orgs?q=%E5%93%88%E5%B7%A5%E5%A4%A7%20%26%20%E6%9D%90%E6%96%99&limit=20');
    });
  });

  it('should call Taro.request with the joined URL, JSON headers and a timeout', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { ok: true }));
    await expect(request('/api/v1/things', { method: 'POST', body: { a: 1 } })).resolves.toEqual({
      ok: true,
    });
    expect(taroRequest).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'https://api.example.cn/api/v1/things',
        method: 'POST',
        data: { a: 1 },
        timeout: expect.any(Number),
        header: expect.objectContaining({ 'Content-Type': 'application/json', Accept: 'application/json' }),
      }),
    );
  });

  it('should send PATCH as POST with X-HTTP-Method-Override when the caller patches (wx.request has no PATCH)', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { ok: true }));
    await request('/api/v1/people/1', { method: 'PATCH', body: { title: '教授' } });
    expect(taroRequest).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'POST',
        data: { title: '教授' },
        header: expect.objectContaining({ 'X-HTTP-Method-Override': 'PATCH' }),
      }),
    );
  });

  it('should use a relative URL when TARO_APP_API_BASE is empty', async () => {
    process.env.TARO_APP_API_BASE = '';
    taroRequest.mockResolvedValueOnce(taroResponse(200, {}));
    await request('/api/v1/health');
    expect(taroRequest.mock.calls[0][0].url).toBe('/api/v1/health');
  });

  it('should attach the bearer token when one is stored', async () => {
    setToken('session-token-1');
    taroRequest.mockResolvedValueOnce(taroResponse(200, {}));
    await request('/api/v1/me');
    expect(taroRequest.mock.calls[0][0].header.Authorization).toBe('Bearer session-token-1');
  });

  it('should send no Authorization header when signed out', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, {}));
    await request('/api/v1/health');
    expect(taroRequest.mock.calls[0][0].header).not.toHaveProperty('Authorization');
  });

  it('should map a 4xx error body to an ApiError with the server message', async () => {
    const details = { fieldErrors: { amount: ['金额不能为负数'] } };
    taroRequest.mockResolvedValueOnce(
      taroResponse(400, apiErrorBody('VALIDATION_FAILED', '金额不能为负数', details)),
    );
    const error = await rejection(request('/api/v1/intents', { method: 'POST', body: { amount: -1 } }));
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '金额不能为负数',
      details,
    });
  });

  it('should fall back to a Chinese message per status when the body is not an error body', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(502, '<html>Bad Gateway</html>'));
    const error = await rejection(request('/api/v1/health'));
    expect(error).toMatchObject({
      status: 502,
      code: 'SERVICE_UNAVAILABLE',
      message: '服务暂时不可用，请稍后重试',
    });
  });

  it('should map a network failure to NETWORK with a Chinese message', async () => {
    taroRequest.mockRejectedValueOnce(taroNetworkFailure());
    const error = await rejection(request('/api/v1/health'));
    expect(error).toMatchObject({ status: 0, code: 'NETWORK', message: NETWORK_ERROR_MESSAGE });
  });

  it('should map a timeout to NETWORK with a timeout message', async () => {
    taroRequest.mockRejectedValueOnce(taroNetworkFailure('request:fail timeout'));
    const error = await rejection(request('/api/v1/health'));
    expect(error).toMatchObject({ code: 'NETWORK', message: TIMEOUT_ERROR_MESSAGE });
  });

  it('should parse the body with the given schema', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, healthView()));
    await expect(request('/api/v1/health', { schema: HealthView })).resolves.toEqual(healthView());
  });

  it('should reject with INVALID_RESPONSE when the body does not match the schema', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { status: 'ok' }));
    const error = await rejection(request('/api/v1/health', { schema: HealthView }));
    expect(error.code).toBe('INVALID_RESPONSE');
  });

  describe('on 401', () => {
    const unauthenticated = () =>
      taroResponse(401, apiErrorBody('UNAUTHENTICATED', '登录已失效，请重新登录'));

    it('should reject with the 401 when no reauthenticator is set', async () => {
      taroRequest.mockResolvedValueOnce(unauthenticated());
      const error = await rejection(request('/api/v1/me'));
      expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(taroRequest).toHaveBeenCalledTimes(1);
    });

    it('should re-login once and retry with the new token', async () => {
      setToken('expired');
      const reauth = jest.fn(async () => {
        setToken('fresh');
        return true;
      });
      setReauthenticator(reauth);
      taroRequest
        .mockResolvedValueOnce(unauthenticated())
        .mockResolvedValueOnce(taroResponse(200, { name: '张三' }));

      await expect(request('/api/v1/me')).resolves.toEqual({ name: '张三' });
      expect(reauth).toHaveBeenCalledTimes(1);
      expect(taroRequest).toHaveBeenCalledTimes(2);
      expect(taroRequest.mock.calls[1][0].header.Authorization).toBe('Bearer fresh');
    });

    it('should not loop when the retry is rejected with 401 again', async () => {
      const reauth = jest.fn(async () => true);
      setReauthenticator(reauth);
      taroRequest.mockResolvedValue(unauthenticated());

      const error = await rejection(request('/api/v1/me'));
      expect(error.status).toBe(401);
      expect(reauth).toHaveBeenCalledTimes(1);
      expect(taroRequest).toHaveBeenCalledTimes(2);
    });

    it('should give up without retrying when re-login fails', async () => {
      setReauthenticator(jest.fn(async () => Promise.reject(new Error('wx.login failed'))));
      taroRequest.mockResolvedValueOnce(unauthenticated());
      const error = await rejection(request('/api/v1/me'));
      expect(error.status).toBe(401);
      expect(taroRequest).toHaveBeenCalledTimes(1);
    });

    it('should share one re-login between concurrent 401s', async () => {
      const reauth = jest.fn(async () => true);
      setReauthenticator(reauth);
      taroRequest
        .mockResolvedValueOnce(unauthenticated())
        .mockResolvedValueOnce(unauthenticated())
        .mockResolvedValue(taroResponse(200, {}));

      await Promise.all([request('/api/v1/a'), request('/api/v1/b')]);
      expect(reauth).toHaveBeenCalledTimes(1);
      expect(taroRequest).toHaveBeenCalledTimes(4);
    });

    it('should not re-login for requests marked skipReauth', async () => {
      const reauth = jest.fn(async () => true);
      setReauthenticator(reauth);
      taroRequest.mockResolvedValueOnce(unauthenticated());
      await rejection(request('/api/v1/auth/wechat', { method: 'POST', skipReauth: true }));
      expect(reauth).not.toHaveBeenCalled();
    });
  });

  describe('uploadFile', () => {
    const upload = () => uploadFile('/api/v1/imports', { filePath: 'wxfile://roster.xlsx', name: 'file' });
    const uploaded = (statusCode: number, body: unknown) => ({
      statusCode,
      data: JSON.stringify(body),
      errMsg: 'uploadFile:ok',
    });

    it('should send the bearer token and parse the JSON text body when the upload succeeds', async () => {
      setToken('session-token-1');
      taroUpload.mockResolvedValueOnce(uploaded(202, { id: 'job1' }));
      await expect(upload()).resolves.toEqual({ id: 'job1' });
      expect(taroUpload.mock.calls[0][0]).toMatchObject({
        url: 'https://api.example.cn/api/v1/imports',
        filePath: 'wxfile://roster.xlsx',
        name: 'file',
        header: { Authorization: 'Bearer session-token-1' },
      });
    });

    it('should reject with the server error when the upload is refused', async () => {
      taroUpload.mockResolvedValueOnce(uploaded(413, apiErrorBody('FILE_TOO_LARGE', '文件不能超过 10 MB')));
      await expect(rejection(upload())).resolves.toMatchObject({
        status: 413,
        code: 'FILE_TOO_LARGE',
        message: '文件不能超过 10 MB',
      });
    });

    it('should map a failed upload to NETWORK with a Chinese message', async () => {
      taroUpload.mockRejectedValueOnce(taroNetworkFailure('uploadFile:fail timeout'));
      await expect(rejection(upload())).resolves.toMatchObject({
        code: 'NETWORK',
        message: TIMEOUT_ERROR_MESSAGE,
      });
    });

    it('should re-login once and upload again with the new token when the session expired', async () => {
      setToken('expired');
      setReauthenticator(
        jest.fn(async () => {
          setToken('fresh');
          return true;
        }),
      );
      taroUpload
        .mockResolvedValueOnce(uploaded(401, apiErrorBody('UNAUTHENTICATED', '登录已失效，请重新登录')))
        .mockResolvedValueOnce(uploaded(202, { id: 'job1' }));
      await expect(upload()).resolves.toEqual({ id: 'job1' });
      expect(taroUpload).toHaveBeenCalledTimes(2);
      expect(taroUpload.mock.calls[1][0].header.Authorization).toBe('Bearer fresh');
    });
  });

  describe('downloadFile', () => {
    const downloaded = (statusCode: number, tempFilePath = 'wxfile://tmp/sheet.xlsx') => ({
      statusCode,
      tempFilePath,
      errMsg: 'downloadFile:ok',
    });

    it('should send the bearer token and resolve with the temp file path', async () => {
      setToken('session-token-1');
      taroDownload.mockResolvedValueOnce(downloaded(200));
      await expect(downloadFile('/api/v1/events/e1/sign-in-sheet.xlsx')).resolves.toBe(
        'wxfile://tmp/sheet.xlsx',
      );
      expect(taroDownload.mock.calls[0][0]).toMatchObject({
        url: 'https://api.example.cn/api/v1/events/e1/sign-in-sheet.xlsx',
        header: { Authorization: 'Bearer session-token-1' },
      });
    });

    it('should report progress as a percentage, or null when the size is unknown, when asked', async () => {
      let listener: ((p: { totalBytesWritten: number; totalBytesExpectedToWrite: number }) => void) | null =
        null;
      const pending = Promise.resolve(downloaded(200));
      taroDownload.mockReturnValueOnce(
        Object.assign(pending, {
          onProgressUpdate: (fn: typeof listener) => {
            listener = fn;
          },
        }),
      );
      const seen: Array<number | null> = [];
      const done = downloadFile('/api/v1/intents/export.xlsx', { onProgress: (p) => seen.push(p.percent) });
      listener!({ totalBytesWritten: 512, totalBytesExpectedToWrite: 1024 });
      listener!({ totalBytesWritten: 2048, totalBytesExpectedToWrite: 0 });
      await expect(done).resolves.toBe('wxfile://tmp/sheet.xlsx');
      expect(seen).toEqual([50, null]);
    });

    it('should reject with the message the server wrote into the file when the download is refused', async () => {
      taroFileSystem.mockReturnValueOnce({
        readFileSync: jest.fn(() =>
          JSON.stringify(apiErrorBody('FORBIDDEN', '只有活动工作人员可以导出签到表')),
        ),
      });
      taroDownload.mockResolvedValueOnce(downloaded(403));
      await expect(rejection(downloadFile('/api/v1/events/e1/sign-in-sheet.xlsx'))).resolves.toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
        message: '只有活动工作人员可以导出签到表',
      });
    });

    it('should fall back to a Chinese message per status when the error file is unreadable', async () => {
      taroDownload.mockResolvedValueOnce(downloaded(502, ''));
      await expect(rejection(downloadFile('/x.png'))).resolves.toMatchObject({
        status: 502,
        message: '服务暂时不可用，请稍后重试',
      });
    });

    it('should map a failed download to NETWORK with a Chinese message', async () => {
      taroDownload.mockRejectedValueOnce(taroNetworkFailure('downloadFile:fail'));
      await expect(rejection(downloadFile('/x.png'))).resolves.toMatchObject({
        code: 'NETWORK',
        message: NETWORK_ERROR_MESSAGE,
      });
    });

    it('should re-login once and download again with the new token when the session expired', async () => {
      setToken('expired');
      const reauth = jest.fn(async () => {
        setToken('fresh');
        return true;
      });
      setReauthenticator(reauth);
      taroDownload.mockResolvedValueOnce(downloaded(401, '')).mockResolvedValueOnce(downloaded(200));
      await expect(downloadFile('/api/v1/events/e1/sign-in-sheet.xlsx')).resolves.toBe(
        'wxfile://tmp/sheet.xlsx',
      );
      expect(reauth).toHaveBeenCalledTimes(1);
      expect(taroDownload.mock.calls[1][0].header.Authorization).toBe('Bearer fresh');
    });
  });
});
