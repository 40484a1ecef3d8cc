import { backfillDemandSolvedAt } from '../features/demands/demand.migration';
import { normalizeStoredRegions } from '../features/directory/region-migration';
import { dropRetiredGramIndexes } from '../features/directory/gram-indexes';
import { addCreatorsToStaff } from '../features/events/event.service';
import { dropRetiredRegistrationIndexes } from '../features/events/registration.model';
import { backfillInteractionTimeKeys } from '../features/interactions/interaction.migration';
import { backfillStatRecordDates } from '../features/stats/stat-record-dates';
import type { MigrationDefinition } from './migration-runner';

/**
 * The data migrations, oldest first; each runs once per database (migration-runner.ts). They used
 * to run on every start, each scanning its collection, so a restart took longer as the data grew.
 * Append new ones at the end with a new id; never rename or reorder the ones already here.
 */
export const MIGRATIONS: MigrationDefinition[] = [
  { id: '2026-11-regions-official-names', run: normalizeStoredRegions },
  { id: '2026-11-registrations-drop-global-walk-in-index', run: () => dropRetiredRegistrationIndexes() },
  { id: '2026-11-interactions-time-keys', run: backfillInteractionTimeKeys },
  { id: '2026-11-events-creators-on-staff', run: () => addCreatorsToStaff() },
  { id: '2026-12-demands-solved-at', run: backfillDemandSolvedAt },
  { id: '2026-12-directory-drop-simple-gram-indexes', run: dropRetiredGramIndexes },
  // The statistics drill-down lists newest first from its own date index (#15): written from the ledger once.
  { id: '2026-12-stats-record-dates', run: backfillStatRecordDates },
];
