/**
 * Test double for `@tarojs/taro`: only the APIs the app uses. `request` is a jest.fn that
 * tests program per case; storage is an in-memory map reset before every test.
 */
const storage = new Map<string, unknown>();

export const request = jest.fn();
export const getStorageSync = jest.fn((key: string) => (storage.has(key) ? storage.get(key) : ''));
export const setStorageSync = jest.fn((key: string, value: unknown) => {
  storage.set(key, value);
});
export const removeStorageSync = jest.fn((key: string) => {
  storage.delete(key);
});
export const stopPullDownRefresh = jest.fn();
export const usePullDownRefresh = jest.fn();
export const useLaunch = jest.fn();
export const useLoad = jest.fn();
export const useDidShow = jest.fn();

export function resetTaroMock(): void {
  storage.clear();
  request.mockReset();
}

const Taro = {
  request,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  stopPullDownRefresh,
  usePullDownRefresh,
  useLaunch,
  useLoad,
  useDidShow,
};

export default Taro;
