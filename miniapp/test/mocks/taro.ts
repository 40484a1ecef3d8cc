/**
 * Test double for `@tarojs/taro`: only the APIs the app uses. `request` is a jest.fn that
 * tests program per case; storage is an in-memory map reset before every test.
 */
const storage = new Map<string, unknown>();

export const request = jest.fn();
// Uploads and downloads go through utils/request.ts like every other call.
export const uploadFile = jest.fn();
export const downloadFile = jest.fn();
export const getFileSystemManager = jest.fn(() => ({ readFileSync: jest.fn(() => '') }));
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
// Added for the events screens (navigation, toasts, the door's network listener).
export const navigateTo = jest.fn(() => Promise.resolve());
export const navigateBack = jest.fn(() => Promise.resolve());
export const switchTab = jest.fn(() => Promise.resolve());
export const showToast = jest.fn(() => Promise.resolve());
export const showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }));
export const scanCode = jest.fn();
export const onNetworkStatusChange = jest.fn();
export const useReachBottom = jest.fn();
export const routerParams: Record<string, string> = {};
export const useRouter = jest.fn(() => ({ params: routerParams }));

export function resetTaroMock(): void {
  storage.clear();
  request.mockReset();
  uploadFile.mockReset();
  downloadFile.mockReset();
}

const Taro = {
  request,
  uploadFile,
  downloadFile,
  getFileSystemManager,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  stopPullDownRefresh,
  usePullDownRefresh,
  useLaunch,
  useLoad,
  useDidShow,
  navigateTo,
  navigateBack,
  switchTab,
  showToast,
  showModal,
  scanCode,
  onNetworkStatusChange,
  useReachBottom,
  useRouter,
};

export default Taro;
