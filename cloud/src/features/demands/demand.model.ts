import { Schema, model, type InferSchemaType } from 'mongoose';
import { COOPERATION_MODES, DEMAND_PROGRESSES, DEMAND_VISIBILITIES } from '@alliance-hub/types';
import { addPublicationIndexes, publicationCoreDefinition } from '../publications/publication.schema';

const demandSchema = new Schema(
  {
    ...publicationCoreDefinition,
    description: { type: String, required: true },
    budgetMinWan: { type: Number },
    budgetMaxWan: { type: Number },
    budgetNegotiable: { type: Boolean, required: true, default: false },
    /** A calendar date in Beijing, YYYY-MM-DD. */
    deadline: { type: String },
    cooperationModes: { type: [String], enum: COOPERATION_MODES, default: [] },
    progress: { type: String, enum: DEMAND_PROGRESSES, required: true, default: 'open' },
    /** When progress last became solved (the statistics' 解决技术需求 year); unset when reopened. */
    solvedAt: { type: Date },
    visibility: { type: String, enum: DEMAND_VISIBILITIES, required: true, default: 'members' },
  },
  { timestamps: true, strict: 'throw' },
);
addPublicationIndexes(demandSchema);

export type Demand = InferSchemaType<typeof demandSchema>;
export const DemandModel = model('Demand', demandSchema);
