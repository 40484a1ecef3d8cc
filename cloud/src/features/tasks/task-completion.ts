import { Types } from 'mongoose';
import type { TaskCompleteInput, TaskView } from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import type { Actor } from '../../policy/policy';
import { logInteraction } from '../interactions/interaction.service';
import { completeTask } from './task.service';

/** Completes a task, logging what happened as an interaction in the same step when asked. */
export function completeTaskWithLog(
  actor: Actor,
  id: string,
  input: TaskCompleteInput,
  clock: Clock,
): Promise<TaskView> {
  return completeTask(actor, id, input, clock, async (interaction) => {
    const { interaction: view } = await logInteraction(actor, interaction, clock);
    return new Types.ObjectId(view.id);
  });
}
