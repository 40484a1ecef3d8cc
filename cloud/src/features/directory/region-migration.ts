import type { Logger } from '../../logger';
import { OrganizationModel } from '../organizations/organization.model';
import { isNormalized, normalizeRegion } from './regions';

/**
 * Rewrites stored regions into their official spelling (辽宁/沈阳 → 辽宁省/沈阳市), for records
 * written before regions were normalized. Idempotent and safe to run on every start, by several
 * processes at once: each update is conditional on the value it read, so a record edited
 * meanwhile is left for the next start rather than overwritten.
 */
export async function normalizeStoredRegions(logger: Logger): Promise<number> {
  let changed = 0;
  const cursor = OrganizationModel.find(
    { $or: [{ 'region.province': { $type: 'string' } }, { 'region.city': { $type: 'string' } }] },
    { region: 1 },
  )
    .lean()
    .cursor();
  for await (const org of cursor) {
    const region = { province: org.region?.province ?? null, city: org.region?.city ?? null };
    if (isNormalized(region)) continue;
    const normal = normalizeRegion(region);
    const result = await OrganizationModel.updateOne(
      { _id: org._id, 'region.province': region.province, 'region.city': region.city },
      { $set: { 'region.province': normal.province, 'region.city': normal.city } },
    );
    changed += result.modifiedCount;
  }
  if (changed > 0) logger.info({ organizations: changed }, 'regions normalized to their official names');
  return changed;
}
