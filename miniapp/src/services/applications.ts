import {
  ApplicationView,
  pageOf,
  z,
  type ApplicationCreateBody,
  type ApplicationStatus,
} from '@alliance-hub/types';
import { request } from '../utils/request';

const ApplicationPage = pageOf(ApplicationView);
export type ApplicationPage = z.infer<typeof ApplicationPage>;
const ApplicationList = z.object({ items: z.array(ApplicationView) });

/** POST /api/v1/applications (guest) — 409 CONFLICT while one is pending. */
export function createApplication(body: ApplicationCreateBody): Promise<ApplicationView> {
  return request('/api/v1/applications', { method: 'POST', body, schema: ApplicationView });
}

/** GET /api/v1/applications/mine — newest first. */
export async function listMyApplications(): Promise<ApplicationView[]> {
  const page = await request('/api/v1/applications/mine', { schema: ApplicationList });
  return page.items;
}

/** POST /api/v1/applications/:id/withdraw — the applicant takes back a pending application. */
export function withdrawApplication(id: string): Promise<ApplicationView> {
  return request(`/api/v1/applications/${encodeURIComponent(id)}/withdraw`, {
    method: 'POST',
    schema: ApplicationView,
  });
}

/** GET /api/v1/applications (secretariat) — cursor pagination. */
export function listApplications(query: {
  status?: ApplicationStatus;
  cursor?: string | null;
  limit?: number;
}): Promise<ApplicationPage> {
  return request('/api/v1/applications', {
    query: { status: query.status, cursor: query.cursor ?? undefined, limit: query.limit },
    schema: ApplicationPage,
  });
}

/** POST /api/v1/applications/:id/approve (secretariat) */
export function approveApplication(id: string): Promise<ApplicationView> {
  return request(`/api/v1/applications/${encodeURIComponent(id)}/approve`, {
    method: 'POST',
    schema: ApplicationView,
  });
}

/** POST /api/v1/applications/:id/reject (secretariat) — reason 2–300 characters. */
export function rejectApplication(id: string, reason: string): Promise<ApplicationView> {
  return request(`/api/v1/applications/${encodeURIComponent(id)}/reject`, {
    method: 'POST',
    body: { reason },
    schema: ApplicationView,
  });
}

/**
 * How many applications wait for a decision. The API has no count endpoint, so this reads one
 * page of up to 100; `more` says there are at least that many.
 */
export async function countPendingApplications(): Promise<{ count: number; more: boolean }> {
  const page = await listApplications({ status: 'pending', limit: 100 });
  return { count: page.items.length, more: page.nextCursor !== null };
}
