import mongoose from 'mongoose';
import { declareIndexes } from '../health/index-report';

/**
 * Indexes the timelines need on collections other features own: registrations by organization
 * and by person (a province's events hold hundreds of thousands), and published items by contact
 * person. Created at boot like mongoose's own; createIndex is a no-op when one already exists.
 */
const TIMELINE_INDEXES: Array<[string, Record<string, 1 | -1>]> = [
  ['registrations', { orgId: 1, createdAt: -1 }],
  ['registrations', { personId: 1, createdAt: -1 }],
  // Check-ins share the registrations query with an $or over both times (timeline.service.ts).
  ['registrations', { orgId: 1, 'checkIn.at': -1 }],
  ['registrations', { personId: 1, 'checkIn.at': -1 }],
  ['selections', { orgId: 1, createdAt: -1 }],
  ['achievements', { contactPersonIds: 1, publishedAt: -1 }],
  ['demands', { contactPersonIds: 1, publishedAt: -1 }],
];

// Declared so the start-up index report expects them rather than listing them as extra.
for (const [collection, keys] of TIMELINE_INDEXES) declareIndexes(collection, [[keys]]);

export async function ensureTimelineIndexes(): Promise<void> {
  const db = mongoose.connection;
  await Promise.all(
    TIMELINE_INDEXES.map(([collection, keys]) => db.collection(collection).createIndex(keys)),
  );
}
