/**
 * What server.ts needs once the embedded database has been started: required lazily by main(), so
 * that loading these modules (the API, its features, mongoose, the driver: ~1 s) overlaps with
 * the database opening its data on its own thread instead of preceding it.
 */
export { createApp } from './app';
export { connectDatabase } from './database';
export { startFakeWechat } from './dev/fake-wechat-server';
export { createWechatClient } from './wechat/wechat-client';
export { seedDemoData } from './demo/seed-demo';
export { startImportSweeper } from './features/imports/import.recovery';
export { createCloudScheduler } from './features/reminders/reminder.jobs';
export { createStatsScheduler } from './features/stats/stat-jobs';
export { ensureTimelineIndexes } from './features/timeline/timeline.indexes';
export { runMigrations } from './migrations/migration-runner';
export { MIGRATIONS } from './migrations/migrations';
export { matchingCatalog } from './features/matching/match-catalog';
export { systemClock } from './lib/clock';
export { createLifecycle } from './lifecycle';
export { ensureIndexes } from './features/health/index-report';
export { releaseImportLeases } from './features/imports/import.lease';
export { createTestClock, withTestControls } from './dev/test-controls';
