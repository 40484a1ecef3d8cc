import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button } from '@tarojs/components';
import type { DownloadProgress } from '../../utils/request';
import './index.scss';

export interface ExportButtonProps {
  label: string;
  /** Saved under this name in a browser, e.g. 单位名录-2026-03-01.xlsx. */
  fileName: string;
  /** Starts the download; reports progress; resolves with the local file. */
  download: (onProgress: (progress: DownloadProgress) => void) => Promise<string>;
}

/**
 * An .xlsx export with its progress in the button (正在生成… → 已下载 40%), saved by the browser
 * in H5 and opened with the phone's document viewer in the mini-program. One at a time.
 */
export function ExportButton({ label, fileName, download }: ExportButtonProps) {
  const [progress, setProgress] = useState<string | null>(null);
  const run = async () => {
    if (progress) return;
    setProgress('正在生成…');
    try {
      const file = await download((p) =>
        setProgress(
          p.percent === null ? `已下载 ${Math.round(p.receivedBytes / 1024)} KB` : `已下载 ${p.percent}%`,
        ),
      );
      if (process.env.TARO_ENV === 'h5') {
        const link = document.createElement('a');
        link.href = file;
        link.download = fileName;
        link.click();
      } else {
        await Taro.openDocument({ filePath: file, fileType: 'xlsx', showMenu: true });
      }
      void Taro.showToast({ title: '已导出', icon: 'success' });
    } catch (failure) {
      void Taro.showModal({
        title: '导出失败',
        content: failure instanceof Error ? failure.message : '导出失败，请稍后重试',
        showCancel: false,
      });
    } finally {
      setProgress(null);
    }
  };
  return (
    <Button
      className="ah-export-button"
      disabled={Boolean(progress) || undefined}
      aria-busy={Boolean(progress)}
      onClick={() => void run()}
    >
      {progress ?? label}
    </Button>
  );
}
