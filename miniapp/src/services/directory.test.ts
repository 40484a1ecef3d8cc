import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse, sentMethod } from '../../test/factories';
import { orgSummary, personDetail } from '../packages/directory/test-support/directory-factories';
import { ApiError } from '../utils/api-error';
import {
  compactQuery,
  getPerson,
  listFields,
  listOrganizations,
  listPeople,
  resetFieldsCache,
  updateOrganization,
} from './directory';

const taroRequest = Taro.request as unknown as jest.Mock;
const lastUrl = () => taroRequest.mock.calls.at(-1)[0].url as string;

describe('services/directory', () => {
  beforeEach(() => resetFieldsCache());

  it('should leave empty filters and blank text out of the query when building it', () => {
    expect(compactQuery({ q: '  芳纶 ', kind: '', field: undefined, cursor: null, limit: 20 })).toEqual({
      q: '芳纶',
      limit: 20,
    });
  });

  it('should send the search text and chosen filters, URL-encoded, when listing organizations', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [orgSummary()], nextCursor: 'abc' }));
    const page = await listOrganizations({
      q: '芳纶',
      kind: 'enterprise',
      field: '',
      province: '黑龙江省',
      cursor: null,
    });
    const url = new URL(lastUrl(), 'http://x');
    expect(url.pathname).toBe('/api/v1/organizations');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '芳纶',
      kind: 'enterprise',
      province: '黑龙江省',
    });
    expect(page.nextCursor).toBe('abc');
    expect(page.items[0].name).toBe('大庆华科新材料有限公司');
  });

  it('should pass the cursor for the next page when one is given', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [], nextCursor: null }));
    await listPeople({ q: '焊接', cursor: 'c2', limit: 20 });
    expect(lastUrl()).toMatch(/\/api\/v1\/people\?q=%E7%84%8A%E6%8E%A5&cursor=c2&limit=20$/);
  });

  it('should reject with INVALID_RESPONSE when a row does not match the schema', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(200, { items: [{ ...orgSummary(), kind: 'spaceship' }], nextCursor: null }),
    );
    await expect(listOrganizations()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('should keep contacts null and contactsHidden true when the server hides them', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, personDetail()));
    const person = await getPerson('b'.repeat(24));
    expect(person.contacts).toBeNull();
    expect(person.contactsHidden).toBe(true);
  });

  it('should PATCH only the given body and surface the field details when the server says 400', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        400,
        apiErrorBody('VALIDATION_FAILED', '请求内容有误', [{ path: 'body.capabilities', message: '太长了' }]),
      ),
    );
    const failure = await updateOrganization('c'.repeat(24), { capabilities: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).details).toEqual([{ path: 'body.capabilities', message: '太长了' }]);
    const call = taroRequest.mock.calls[0][0];
    expect(sentMethod(call)).toBe('PATCH');
    expect(call.data).toEqual({ capabilities: 'x' });
  });

  it('should ask for the taxonomy once and share the answer when called again', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(200, { items: [{ code: 'chemicals', label: '化工', builtIn: true }] }),
    );
    expect(await listFields()).toEqual([{ code: 'chemicals', label: '化工', builtIn: true }]);
    await listFields();
    expect(taroRequest).toHaveBeenCalledTimes(1);
  });

  it('should ask for the taxonomy again when asked fresh or after a minute', async () => {
    taroRequest.mockResolvedValue(taroResponse(200, { items: [] }));
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    await listFields();
    await listFields({ fresh: true });
    expect(taroRequest).toHaveBeenCalledTimes(2);
    now.mockReturnValue(1_000_000 + 61_000);
    await listFields();
    expect(taroRequest).toHaveBeenCalledTimes(3);
    now.mockRestore();
  });

  it('should ask for the taxonomy again when the first attempt failed', async () => {
    taroRequest
      .mockResolvedValueOnce(taroResponse(503, apiErrorBody('SERVICE_UNAVAILABLE', '服务暂时不可用')))
      .mockResolvedValueOnce(taroResponse(200, { items: [] }));
    await expect(listFields()).rejects.toBeInstanceOf(ApiError);
    await expect(listFields()).resolves.toEqual([]);
    expect(taroRequest).toHaveBeenCalledTimes(2);
  });
});
