import {
  OrgDetailView,
  OrgSummaryView,
  PersonDetailView,
  PersonSummaryView,
  pageOf,
  z,
  type AllianceRole,
  type OrgCreateBody,
  type OrgKind,
  type OrgUpdateBody,
  type PersonCreateBody,
  type PersonUpdateBody,
} from '@alliance-hub/types';
import { downloadFile, request, type DownloadProgress, type QueryValue } from '../utils/request';

/** The member directory: organizations, people and the industry-field taxonomy. */

export const OrgPage = pageOf(OrgSummaryView);
export type OrgPage = z.infer<typeof OrgPage>;
export const PersonPage = pageOf(PersonSummaryView);
export type PersonPage = z.infer<typeof PersonPage>;

export const IndustryField = z.object({ code: z.string(), label: z.string(), builtIn: z.boolean() });
export type IndustryField = z.infer<typeof IndustryField>;
const FieldList = z.object({ items: z.array(IndustryField) });

/** What the search screen asks for; empty strings mean "no filter". */
export interface OrgSearch {
  q?: string;
  kind?: OrgKind | '';
  field?: string;
  province?: string;
  allianceRole?: AllianceRole | '';
  cursor?: string | null;
  limit?: number;
}

export interface PersonSearch {
  q?: string;
  orgId?: string;
  cursor?: string | null;
  limit?: number;
}

/** Drops empty values so the URL only carries what the user chose (the server rejects `q=` over 60 chars). */
export function compactQuery(query: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [key, raw] of Object.entries(query) as Array<[string, QueryValue]>) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '') continue;
    out[key] = value;
  }
  return out;
}

/** GET /api/v1/organizations — name/alias matches first, then capability and needs text. */
export function listOrganizations(search: OrgSearch = {}): Promise<OrgPage> {
  return request('/api/v1/organizations', { query: compactQuery(search), schema: OrgPage });
}

/** GET /api/v1/organizations/:id — the profile with its people and `canEdit`. */
export function getOrganization(id: string): Promise<OrgDetailView> {
  return request(`/api/v1/organizations/${encodeURIComponent(id)}`, { schema: OrgDetailView });
}

/** PATCH /api/v1/organizations/:id — send only what changed; members may not send name/kind/allianceRole. */
export function updateOrganization(id: string, body: OrgUpdateBody): Promise<OrgDetailView> {
  return request(`/api/v1/organizations/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
    schema: OrgDetailView,
  });
}

/** POST /api/v1/organizations — coordinators and the secretariat. */
export function createOrganization(body: OrgCreateBody): Promise<OrgDetailView> {
  return request('/api/v1/organizations', { method: 'POST', body, schema: OrgDetailView });
}

/** GET /api/v1/people — by name, expertise or organization name; `orgId` narrows to one organization. */
export function listPeople(search: PersonSearch = {}): Promise<PersonPage> {
  return request('/api/v1/people', { query: compactQuery(search), schema: PersonPage });
}

/** GET /api/v1/people/:id — `contacts` is null unless the privacy rule allows them. */
export function getPerson(id: string): Promise<PersonDetailView> {
  return request(`/api/v1/people/${encodeURIComponent(id)}`, { schema: PersonDetailView });
}

/** PATCH /api/v1/people/:id — null clears a contact field. */
export function updatePerson(id: string, body: PersonUpdateBody): Promise<PersonDetailView> {
  return request(`/api/v1/people/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
    schema: PersonDetailView,
  });
}

/** POST /api/v1/people — coordinators and the secretariat. */
export function createPerson(body: PersonCreateBody): Promise<PersonDetailView> {
  return request('/api/v1/people', { method: 'POST', body, schema: PersonDetailView });
}

let fieldsCache: { items: Promise<IndustryField[]>; at: number } | null = null;
/** Screens opened within this long share one answer; an import or a new field may add entries. */
const FIELDS_MAX_AGE_MS = 60_000;

/**
 * GET /api/v1/fields — one answer is shared by the screens opened within a minute (the server
 * revalidates every request); a failure is not cached. `fresh` asks again, e.g. when a record
 * names a field the cached list does not know yet.
 */
export function listFields(options: { fresh?: boolean } = {}): Promise<IndustryField[]> {
  if (!fieldsCache || options.fresh || Date.now() - fieldsCache.at > FIELDS_MAX_AGE_MS) {
    const pending = request('/api/v1/fields', { schema: FieldList }).then((page) => page.items);
    const entry = { items: pending, at: Date.now() };
    fieldsCache = entry;
    pending.catch(() => {
      if (fieldsCache === entry) fieldsCache = null;
    });
  }
  return fieldsCache.items;
}

/** Forget the cached taxonomy (after an import that may have added fields; tests). */
export function resetFieldsCache(): void {
  fieldsCache = null;
}

/** GET /api/v1/exports/organizations.xlsx — the directory's current filters; contact privacy applies. */
export function downloadOrganizationExport(
  filters: Pick<OrgSearch, 'q' | 'kind' | 'province' | 'allianceRole' | 'field'>,
  onProgress?: (progress: DownloadProgress) => void,
): Promise<string> {
  return downloadFile('/api/v1/exports/organizations.xlsx', {
    query: compactQuery(filters),
    timeout: 120_000,
    onProgress,
  });
}

/** GET /api/v1/exports/people.xlsx — contact fields only where the privacy rule allows. */
export function downloadPeopleExport(
  filters: { q?: string; orgId?: string },
  onProgress?: (progress: DownloadProgress) => void,
): Promise<string> {
  return downloadFile('/api/v1/exports/people.xlsx', {
    query: compactQuery(filters),
    timeout: 120_000,
    onProgress,
  });
}
