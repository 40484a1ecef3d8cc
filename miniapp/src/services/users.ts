import {
  UserView,
  pageOf,
  type z,
  type Role,
  type UserStatus,
  type UserUpdateBody,
} from '@alliance-hub/types';
import { request } from '../utils/request';

const UserPage = pageOf(UserView);
export type UserPage = z.infer<typeof UserPage>;

/** GET /api/v1/users (secretariat) — filter by role/status, search by name. */
export function listUsers(query: {
  role?: Role;
  status?: UserStatus;
  q?: string;
  cursor?: string | null;
  limit?: number;
}): Promise<UserPage> {
  return request('/api/v1/users', {
    query: {
      role: query.role,
      status: query.status,
      q: query.q?.trim() || undefined,
      cursor: query.cursor ?? undefined,
      limit: query.limit,
    },
    schema: UserPage,
  });
}

/** PATCH /api/v1/users/:id (secretariat) — 403 when changing yourself. */
export function updateUser(id: string, body: UserUpdateBody): Promise<UserView> {
  return request(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: UserView });
}
