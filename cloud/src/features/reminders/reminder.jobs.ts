import type { Clock } from '../../lib/clock';
import type { Logger } from '../../logger';
import { createScheduler, type Scheduler } from '../../jobs/scheduler';
import type { WechatClient } from '../../wechat/wechat-client';
import { alertStaleIntents } from '../intents/intent.stale';
import { sendOverdueDigests } from './digest.service';
import { sendDueReminders, type ReminderDeps } from './reminder.service';

/**
 * The cloud's scheduled work, on whichever process gets the lease: due reminders every minute;
 * the secretariat's daily digest checked every 10 minutes (it sends once per day after 08:00
 * Shanghai, so a restart at 09:30 still sends that day's).
 */
export function createCloudScheduler(deps: {
  wechat: WechatClient;
  templateIds: ReminderDeps['templateIds'];
  logger: Logger;
  clock: Clock;
  workerId?: string;
  pollMs?: number;
}): Scheduler {
  const reminderDeps: ReminderDeps = {
    wechat: deps.wechat,
    logger: deps.logger,
    templateIds: deps.templateIds,
  };
  return createScheduler({
    clock: deps.clock,
    logger: deps.logger,
    workerId: deps.workerId,
    pollMs: deps.pollMs,
    jobs: [
      {
        name: 'tasks.due-reminders',
        everyMs: 60_000,
        run: async (now) => {
          const handled = await sendDueReminders(reminderDeps, now);
          if (handled > 0) deps.logger.info({ handled }, 'due reminders handled');
        },
      },
      {
        // Intents gone cold put a follow-up in their owner's 我的待办, once per stale spell (#14).
        name: 'intents.stale-alerts',
        everyMs: 30 * 60_000,
        run: async (now) => {
          const alerted = await alertStaleIntents(now);
          if (alerted > 0) deps.logger.info({ alerted }, 'stale intent alerts made');
        },
      },
      {
        name: 'tasks.overdue-digest',
        everyMs: 10 * 60_000,
        run: async (now) => {
          const sent = await sendOverdueDigests(reminderDeps, now);
          if (sent > 0) deps.logger.info({ sent }, 'overdue digests made');
        },
      },
    ],
  });
}
