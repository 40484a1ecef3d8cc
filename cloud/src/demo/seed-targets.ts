import { TargetModel } from '../features/stats/target.model';

/** The demo alliance's 2026 targets (挂图作战) and one hand-entered figure; kept if already set. */
export async function seedDemoTargets(): Promise<void> {
  await TargetModel.updateOne(
    { year: 2026 },
    {
      $setOnInsert: {
        year: 2026,
        version: 1,
        targets: {
          events_held: 12,
          registrations: 600,
          check_ins: 450,
          members_joined: 10,
          achievements_published: 40,
          demands_collected: 40,
          demands_solved: 10,
          selections: 80,
          interactions_logged: 300,
          intents_created: 30,
          intents_negotiating: 15,
          contracts_signed: 8,
          contract_amount: 2000,
          tech_amount: 1500,
          industrialised: 2,
          funding_won: 500,
        },
        manual: [
          {
            key: 'rd_spending_growth',
            target: 10,
            value: 8.5,
            source: '市统计局季度快报',
            asOf: '2026-09-30',
          },
          { key: 'new_high_tech', target: 15, value: 9, source: '市科技局认定名单', asOf: '2026-10-31' },
          {
            key: 'knowledge_credit_loans',
            target: 3000,
            value: 1800,
            source: '合作银行报送',
            asOf: '2026-10-31',
          },
        ],
      },
    },
    { upsert: true },
  );
}
