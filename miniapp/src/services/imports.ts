import {
  ImportJobView,
  ImportRowPage,
  ImportRowView,
  type ImportDecision,
  type ImportMappingBody,
  type ImportRowStatus,
  type ImportTarget,
} from '@alliance-hub/types';
import { request, uploadFile } from '../utils/request';
import { compactQuery } from './directory';

/**
 * Secretariat import of the member list from Excel/CSV (cloud/src/features/imports):
 * upload → the server analyses in the background (poll the job) → preview rows by status,
 * adjust the column mapping, decide suspected duplicates → commit (poll again) → result.
 */

const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * POST /api/v1/imports (multipart, file field `file`). `Taro.uploadFile` is the only way to send
 * a file from a mini-program; in H5 `filePath` is a blob: URL of the chosen File.
 */
export function uploadImport(
  file: { path: string; name: string },
  target?: ImportTarget,
): Promise<ImportJobView> {
  return uploadFile('/api/v1/imports', {
    filePath: file.path,
    name: 'file',
    fileName: file.name,
    formData: target ? { target } : {},
    timeout: UPLOAD_TIMEOUT_MS,
    schema: ImportJobView,
  });
}

/** GET /api/v1/imports/:id — status, progress, mapping and counts. */
export function getImport(id: string): Promise<ImportJobView> {
  return request(`/api/v1/imports/${encodeURIComponent(id)}`, { schema: ImportJobView });
}

/** GET /api/v1/imports/:id/rows — the preview, one status at a time. */
export function listImportRows(
  id: string,
  query: { status?: ImportRowStatus | ''; undecided?: boolean; cursor?: string | null; limit?: number } = {},
): Promise<ImportRowPage> {
  const { undecided, ...rest } = query;
  return request(`/api/v1/imports/${encodeURIComponent(id)}/rows`, {
    query: compactQuery({ ...rest, undecided: undecided ? '1' : undefined }),
    schema: ImportRowPage,
  });
}

/** PUT /api/v1/imports/:id/mapping — the server analyses the file again (202). */
export function changeImportMapping(id: string, body: ImportMappingBody): Promise<ImportJobView> {
  return request(`/api/v1/imports/${encodeURIComponent(id)}/mapping`, {
    method: 'PUT',
    body,
    schema: ImportJobView,
  });
}

/** POST /api/v1/imports/:id/rows/:row/decision — what to do with a suspected duplicate. */
export function decideImportRow(id: string, row: number, action: ImportDecision): Promise<ImportRowView> {
  return request(`/api/v1/imports/${encodeURIComponent(id)}/rows/${row}/decision`, {
    method: 'POST',
    body: { action },
    schema: ImportRowView,
  });
}

/** POST /api/v1/imports/:id/commit — refused while suspected duplicates are undecided. */
export function commitImport(id: string): Promise<ImportJobView> {
  return request(`/api/v1/imports/${encodeURIComponent(id)}/commit`, {
    method: 'POST',
    schema: ImportJobView,
  });
}

/** POST /api/v1/imports/:id/cancel — drops a job that has written nothing yet (parsing, ready, failed). */
export function cancelImport(id: string): Promise<ImportJobView> {
  return request(`/api/v1/imports/${encodeURIComponent(id)}/cancel`, {
    method: 'POST',
    schema: ImportJobView,
  });
}

/** POST /api/v1/imports/:id/retry — runs a failed analysis again or continues an interrupted commit. */
export function retryImport(id: string): Promise<ImportJobView> {
  return request(`/api/v1/imports/${encodeURIComponent(id)}/retry`, {
    method: 'POST',
    schema: ImportJobView,
  });
}
