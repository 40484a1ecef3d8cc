import type { Collection } from 'mongoose';
import type { Logger } from '../../logger';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';

/** The simple-collation gram indexes the pinyin-collated ones (nameGrams_zh, textGrams_zh) replace. */
const RETIRED = ['nameGrams_1', 'textGrams_1'];

/**
 * Drops the retired gram indexes of a database that had them: no query can use them any more
 * (directory searches run under the pinyin collation), and each holds a posting for every gram
 * of every organization and person, which is most of the embedded server's index memory.
 */
export async function dropRetiredGramIndexes(logger: Logger): Promise<void> {
  const collections: Collection[] = [OrganizationModel.collection, PersonModel.collection];
  for (const collection of collections) {
    // A collection not created yet has no indexes to drop.
    const names = new Set((await collection.indexes().catch(() => [])).map((index) => index.name));
    for (const name of RETIRED.filter((n) => names.has(n))) {
      await collection.dropIndex(name);
      logger.info({ collection: collection.collectionName, index: name }, 'dropped a retired index');
    }
  }
}
