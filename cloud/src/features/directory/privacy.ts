import type { Types } from 'mongoose';
import { atLeast } from '@alliance-hub/types';
import type { Actor } from '../../policy/policy';

/**
 * Who may see a person's contact fields (PIPL): the person themself, coordinators and the
 * secretariat, and people they exchanged cards with. The screens and the Excel export both ask
 * this one function. `exchangedWith` is the set of person ids the viewer swapped cards with
 * (the card-exchange feature fills it; until then nobody has exchanged).
 */
export type ContactViewer = Pick<Actor, 'role' | 'personId'> & { exchangedWith?: ReadonlySet<string> };

export function canSeeContacts(viewer: ContactViewer | undefined, personId: Types.ObjectId): boolean {
  if (!viewer) return false;
  if (atLeast(viewer.role, 'coordinator')) return true;
  if (viewer.personId?.equals(personId)) return true;
  return viewer.exchangedWith?.has(personId.toHexString()) ?? false;
}

/** Card exchanges are recorded by the card-exchange feature; none exist before it lands. */
export async function exchangedPersonIds(_viewer: Pick<Actor, 'personId'>): Promise<ReadonlySet<string>> {
  return new Set();
}
