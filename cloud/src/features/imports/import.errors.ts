import { AppError } from '../../errors';

/** One factory per way a file can be refused; the codes are stable and listed in README.md. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

export const fileUnsupported = (
  message = '只支持 .xlsx 或 .csv 文件，请在 Excel 中另存为其中一种格式后再上传',
) => new AppError(415, 'IMPORT_FILE_UNSUPPORTED', message);

export const fileCorrupt = (message: string) => new AppError(400, 'IMPORT_FILE_CORRUPT', message);

export const fileEmpty = (message = '表格是空的，没有可导入的数据') =>
  new AppError(400, 'IMPORT_FILE_EMPTY', message);

export const headerNotFound = () =>
  new AppError(
    400,
    'IMPORT_HEADER_NOT_FOUND',
    '没有找到表头：请确认前 10 行中有一行列名，例如「单位名称」「联系人」「手机」',
  );

export const headerDuplicate = (details: unknown, headers: string[]) =>
  new AppError(
    400,
    'IMPORT_HEADER_DUPLICATE',
    `表头重复：${[...new Set(headers)].map((h) => `「${h}」`).join('')}出现了不止一次，无法判断该用哪一列，请删除或改名后再上传`,
    details,
  );

export const tooManyRows = (rows: number, max: number) =>
  new AppError(
    400,
    'IMPORT_TOO_MANY_ROWS',
    `文件有 ${rows} 行数据，超过单次导入上限 ${max} 行，请拆分成多个文件导入`,
    { rows, max },
  );

/** Stopped counting at the limit: reading on just to report the exact number would cost what the limit saves. */
export const tooManyRowsAtLeast = (max: number) =>
  new AppError(400, 'IMPORT_TOO_MANY_ROWS', `文件数据超过单次导入上限 ${max} 行，请拆分成多个文件导入`, {
    rowsAtLeast: max + 1,
    max,
  });

/** A workbook whose parts inflate to more than any real roster does: refused before it costs memory. */
export const inflatedTooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    `Excel 文件解压后超过 ${Math.round(maxBytes / 1024 / 1024)} MB，内容过多或文件异常，请删除无关的工作表或拆分后再上传`,
    { maxInflatedBytes: maxBytes },
  );

export const fileTooLarge = (maxBytes = MAX_UPLOAD_BYTES) =>
  new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后再上传`,
    {
      maxBytes,
    },
  );

export const notReady = (status: string, message = '导入任务当前状态不能进行此操作') =>
  new AppError(409, 'IMPORT_NOT_READY', message, { status });

export const undecidedDuplicates = (rows: number[]) =>
  new AppError(
    409,
    'IMPORT_UNDECIDED_DUPLICATES',
    `还有 ${rows.length} 行疑似重复尚未处理，请逐条选择“合并”“保留两条”或“跳过”后再导入`,
    { rows: rows.slice(0, 100) },
  );
