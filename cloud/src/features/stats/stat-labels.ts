import {
  CONTRACT_TYPE_LABELS,
  EVENT_KIND_LABELS,
  INTERACTION_TYPE_LABELS,
  MATCH_VERDICT_LABELS,
  ORG_KIND_LABELS,
  SELECTION_SOURCE_LABELS,
} from '@alliance-hub/types';
import { IndustryFieldModel } from '../taxonomy/industry-field.model';

const SUB_LABELS: Record<string, Record<string, string>> = {
  events_held: EVENT_KIND_LABELS,
  interactions_logged: INTERACTION_TYPE_LABELS,
  contracts_signed: CONTRACT_TYPE_LABELS,
  contract_amount: CONTRACT_TYPE_LABELS,
  tech_amount: CONTRACT_TYPE_LABELS,
  selections: SELECTION_SOURCE_LABELS,
  matches_acted: MATCH_VERDICT_LABELS,
  orgKind: ORG_KIND_LABELS,
};

/** The Chinese name of a sub-row (an event kind, a contract type …); the code if unknown. */
export const subLabel = (kpi: string, key: string): string => SUB_LABELS[kpi]?.[key] ?? key;

/** Industry field codes → their labels from the shared taxonomy. */
export async function fieldLabels(codes: string[]): Promise<Map<string, string>> {
  const fields = await IndustryFieldModel.find({ code: { $in: codes } }, { code: 1, label: 1 }).lean();
  return new Map(fields.map((f) => [f.code, f.label]));
}
