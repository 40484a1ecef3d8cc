import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import {
  CONTRACT_TYPE_LABELS,
  INTENT_STAGE_LABELS,
  INTENT_STAGES,
  IntentCreateBody,
  needsContract,
  normalizeOrgName,
  registrationNoWarning,
  type ContractType,
  type ImportField,
  type ImportMapping,
  type IntentCreateInput,
  type IntentStage,
} from '@alliance-hub/types';
import { AuditModel } from '../audit/audit.model';
import { IntentModel, columnKey } from '../intents/intent.model';
import { forgetBoardTotals } from '../intents/intent.queries';
import { shanghaiYear } from '../intents/intent.presenter';
import { UserModel } from '../users/user.model';
import { headerKey } from './import.columns';
import type { CommitResult } from './import.commit';
import type { RowInput, RowResult } from './import.evaluate';
import { ImportRowModel } from './import.model';
import { loadOwners, type Owner } from './import.publications';

/**
 * The dry run and the commit of historical cooperation intents (issue 14). Parties are
 * organizations already in the directory, by name or 简称 (an unknown one is a row error: an
 * import never creates organizations on the side); the owner is an active coordinator or
 * secretariat user by display name. Each row is checked with the create form's schema. The stage
 * entry is dated by the 年份/日期 column (flagged back-dated, as statistics count it in that year).
 * The import key (parties + topic) makes re-importing the same file create nothing twice.
 */

export type IntentPlan = {
  row: number;
  importKey: string;
  input: IntentCreateInput;
  ownerId: Types.ObjectId | null;
  at: Date;
  partyNames: string[];
};

export type IntentEvaluation = {
  kind: 'intents';
  rows: RowResult[];
  plans: IntentPlan[];
};

const clean = (text: string | undefined) => (text ?? '').replace(/[ \t\u3000]+/g, ' ').trim();
const DAY_MS = 24 * 3600_000;

const STAGE_WORDS: Array<[IntentStage, RegExp]> = [
  ['industrialised', /产业化|量产/],
  ['executing', /执行|实施/],
  ['signed', /签约|签订|签署/],
  ['negotiating', /洽谈|谈判|商谈/],
  ['intent', /意向/],
  ['lead', /线索|初步接触|接触/],
];
function parseStage(text: string): IntentStage | null {
  const key = headerKey(text);
  if ((INTENT_STAGES as readonly string[]).includes(key)) return key as IntentStage;
  const exact = INTENT_STAGES.find((s) => headerKey(INTENT_STAGE_LABELS[s]) === key);
  return exact ?? STAGE_WORDS.find(([, re]) => re.test(key))?.[0] ?? null;
}

const CONTRACT_WORDS: Array<[ContractType, RegExp]> = [
  ['dev_commission', /委托/],
  ['dev_cooperation', /合作开发|开发[(（]?合作/],
  ['transfer', /转让/],
  ['license', /许可/],
  ['consulting', /咨询/],
  ['service', /服务/],
];
function parseContractType(text: string): ContractType | null {
  const key = headerKey(text);
  const exact = (Object.keys(CONTRACT_TYPE_LABELS) as ContractType[]).find(
    (t) => t === key || headerKey(CONTRACT_TYPE_LABELS[t]) === key,
  );
  return exact ?? CONTRACT_WORDS.find(([, re]) => re.test(key))?.[0] ?? null;
}

/** "120", "120万", "120.5 万元", "1,200": 万元. */
function parseWan(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(万元|万)?$/.exec(text.replace(/[,，\s]/g, ''));
  return match ? Number(match[1]) : null;
}

/**
 * "2023", "2023年", "2023-05", "2023年5月", "2023-05-10", "2023/5/10", "2023.5.10": the date in
 * Shanghai time (a year alone is its 1 January; a month alone its first day).
 */
function parseDay(text: string): Date | null {
  const match = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?)?\s*年?$/.exec(
    text.trim(),
  );
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2] ?? 1), Number(match[3] ?? 1)];
  if (year < 1980 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const at = new Date(Date.UTC(year, month - 1, day) - 8 * 3600_000);
  // 2023-02-30 rolls over into March: not a date.
  return new Date(at.getTime() + 8 * 3600_000).getUTCDate() === day ? at : null;
}

/** Body keys → the column the secretariat sees, for the schema's messages. */
const KEY_LABELS: Record<string, string> = {
  topic: '合作项目',
  parties: '参与单位',
  note: '备注',
  contract: '合同',
  at: '日期',
};

type Cells = Record<ImportField, string>;

const importKeyOf = (demand: Owner | null, supply: Owner | null, topic: string) =>
  `intent:${demand?._id.toHexString() ?? '-'}:${supply?._id.toHexString() ?? '-'}:${normalizeOrgName(topic)}`;
/** The stored create key: ClientId's alphabet, derived from the import key so it is stable too. */
const clientIdOf = (importKey: string) =>
  `import-${createHash('sha1').update(importKey).digest('hex').slice(0, 40)}`;

export async function evaluateIntentRows(
  mapping: ImportMapping,
  inputs: RowInput[],
  now: Date = new Date(),
): Promise<IntentEvaluation> {
  const cellsOf = (input: RowInput) =>
    new Proxy({} as Cells, {
      get: (_, field: string) => {
        const index = mapping[field as ImportField];
        return index == null ? '' : clean(input.raw[index]);
      },
    });
  const all = inputs.map(cellsOf);
  const owners = await loadOwners(all.flatMap((c) => [c.demandOrg, c.supplyOrg]).filter(Boolean));
  const ownerNames = [...new Set(all.map((c) => c.owner).filter(Boolean))];
  const users =
    ownerNames.length === 0
      ? []
      : await UserModel.find(
          {
            displayName: { $in: ownerNames },
            status: 'active',
            role: { $in: ['coordinator', 'secretariat'] },
          },
          { displayName: 1 },
        ).lean();
  const parsed = inputs.map((input, i) => parseIntentRow(input, all[i], owners, users, now));
  const keys = parsed.flatMap((p) => (p.plan ? [p.plan.importKey] : []));
  const stored = new Map<string, { _id: Types.ObjectId; topic: string }>();
  for (let i = 0; i < keys.length; i += 500)
    for (const doc of await IntentModel.find(
      { importKey: { $in: keys.slice(i, i + 500) } },
      { importKey: 1, topic: 1 },
    ).lean())
      stored.set(String(doc.importKey), { _id: doc._id, topic: doc.topic });

  const firstRowOf = new Map<string, number>();
  const rows: RowResult[] = [];
  const plans: IntentPlan[] = [];
  for (const { input, cells, problems, notes, plan } of parsed) {
    const base = {
      row: input.row,
      values: {
        organization: null,
        person: null,
        publication:
          cells.title || cells.demandOrg || cells.supplyOrg
            ? {
                title: cells.title,
                ownerName: [cells.demandOrg, cells.supplyOrg].filter(Boolean).join(' × '),
              }
            : null,
      },
      organization: null,
      person: null,
      question: null,
      decision: null,
      undecided: false,
      groupKey: null,
      conflicts: [],
    };
    if (!plan) {
      rows.push({ ...base, status: 'invalid', reasons: problems, publication: null });
      continue;
    }
    const existing = stored.get(plan.importKey);
    const earlier = firstRowOf.get(plan.importKey);
    if (existing || earlier !== undefined) {
      rows.push({
        ...base,
        status: 'unchanged',
        reasons: [
          existing
            ? '已导入过同一合作意向（同参与方、同名称），不重复导入'
            : `与第 ${earlier} 行是同一合作意向`,
        ],
        publication: {
          action: 'unchanged',
          match: existing ? { id: existing._id, name: existing.topic, detail: null } : null,
          changes: [],
          sameAsRow: earlier ?? null,
        },
      });
      continue;
    }
    firstRowOf.set(plan.importKey, input.row);
    plans.push(plan);
    rows.push({
      ...base,
      status: 'new',
      reasons: notes,
      publication: { action: 'create', match: null, changes: [], sameAsRow: null },
    });
  }
  return { kind: 'intents', rows, plans };
}

function parseIntentRow(
  input: RowInput,
  cells: Cells,
  owners: Map<string, Owner[]>,
  users: Array<{ _id: Types.ObjectId; displayName: string }>,
  now: Date,
): { input: RowInput; cells: Cells; problems: string[]; notes: string[]; plan: IntentPlan | null } {
  const problems = [...(input.cellProblems ?? [])];
  const notes: string[] = [];
  const done = (plan: IntentPlan | null = null) => ({ input, cells, problems, notes, plan });
  const fields: ImportField[] = ['title', 'demandOrg', 'supplyOrg', 'stage', 'contractAmount', 'signedAt'];
  if (problems.length === 0 && fields.every((f) => !cells[f])) {
    problems.push('空行：没有可导入的内容');
    return done();
  }
  if (!cells.title) problems.push('缺少合作项目名称');
  if (!cells.demandOrg && !cells.supplyOrg) problems.push('缺少需求方或供给方');

  const org = (name: string): Owner | null => {
    if (!name) return null;
    const found = owners.get(normalizeOrgName(name)) ?? [];
    if (found.length === 0) problems.push(`单位「${name}」不在名录中，请先在名录中添加或导入该单位`);
    else if (found.length > 1)
      problems.push(`简称「${name}」对应多个单位（${found.map((o) => o.name).join('、')}），请填写全称`);
    return found.length === 1 ? found[0] : null;
  };
  const demand = org(cells.demandOrg);
  const supply = org(cells.supplyOrg);
  if (demand && supply && demand._id.equals(supply._id)) problems.push('需求方与供给方不能是同一单位');

  let ownerId: Types.ObjectId | null = null;
  if (cells.owner) {
    const found = users.filter((u) => u.displayName === cells.owner);
    if (found.length === 0) problems.push(`负责人「${cells.owner}」不是在职的白衬衫或秘书处同事`);
    else if (found.length > 1) problems.push(`负责人「${cells.owner}」有重名，请导入后在意向中指定`);
    else ownerId = found[0]._id;
  }

  let stage: IntentStage | null = null;
  if (cells.stage) {
    stage = parseStage(cells.stage);
    if (!stage)
      problems.push(
        `阶段「${cells.stage}」无法识别（填 ${INTENT_STAGES.map((s) => INTENT_STAGE_LABELS[s]).join('、')}）`,
      );
  }
  const signedAt = cells.signedAt ? parseDay(cells.signedAt) : null;
  if (cells.signedAt && !signedAt) problems.push(`签约日期「${cells.signedAt}」无法识别（如 2023-05-10）`);
  const amount = cells.contractAmount ? parseWan(cells.contractAmount) : null;
  if (cells.contractAmount && amount === null)
    problems.push(`合同金额「${cells.contractAmount}」无法识别（填万元数字，如 120 或 120万）`);
  const techAmount = cells.techAmount ? parseWan(cells.techAmount) : null;
  if (cells.techAmount && techAmount === null)
    problems.push(`技术交易额「${cells.techAmount}」无法识别（填万元数字）`);
  const contractType = cells.contractType ? parseContractType(cells.contractType) : null;
  if (cells.contractType && !contractType)
    problems.push(
      `合同类型「${cells.contractType}」无法识别（填 ${Object.values(CONTRACT_TYPE_LABELS).join('、')}）`,
    );
  const hasContract = !!(signedAt || amount !== null || contractType);
  // A ledger without a 阶段 column still says 签约 by its contract columns.
  stage ??= hasContract ? 'signed' : 'lead';
  if (needsContract(stage) || hasContract) {
    const missing = [
      !contractType && '合同类型',
      amount === null && '合同金额',
      !signedAt && '签约日期',
    ].filter(Boolean);
    if (missing.length)
      problems.push(
        `阶段为「${INTENT_STAGE_LABELS[stage]}」或填写了合同信息时，请同时填写${missing.join('、')}`,
      );
  }
  if (cells.registrationNo) {
    const warning = registrationNoWarning(cells.registrationNo);
    if (warning) notes.push(warning);
  }

  let at = now;
  if (cells.stageDate) {
    const day = parseDay(cells.stageDate);
    if (!day) problems.push(`日期「${cells.stageDate}」无法识别（如 2022、2022-06 或 2022-06-15）`);
    else at = day;
  } else if (signedAt && needsContract(stage)) {
    at = signedAt;
  }
  if (at.getTime() > now.getTime()) problems.push('日期不能晚于今天');
  if (problems.length > 0) return done();

  const parties = [
    ...(demand ? [{ organizationId: demand._id.toHexString(), role: 'demand' as const }] : []),
    ...(supply ? [{ organizationId: supply._id.toHexString(), role: 'supply' as const }] : []),
  ];
  const importKey = importKeyOf(demand, supply, cells.title);
  // The create form's own schema: the same limits and messages as a coordinator typing it in.
  const result = IntentCreateBody.safeParse({
    clientId: clientIdOf(importKey),
    topic: cells.title,
    parties,
    stage,
    at: at.toISOString(),
    ...(cells.note ? { note: cells.note } : {}),
    ...(contractType && amount !== null && signedAt
      ? {
          contract: {
            type: contractType,
            amount,
            ...(techAmount !== null ? { techAmount } : {}),
            signedAt: signedAt.toISOString(),
            ...(cells.registrationNo ? { registrationNo: cells.registrationNo } : {}),
          },
        }
      : {}),
  });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const label = KEY_LABELS[String(issue.path[0])] ?? '';
      const message = label ? `${label}：${issue.message}` : issue.message;
      if (!problems.includes(message)) problems.push(message);
    }
    return done();
  }
  if (now.getTime() - at.getTime() > DAY_MS)
    notes.push(`按 ${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)} 补记（标记为补录）`);
  return done({
    row: input.row,
    importKey,
    input: result.data,
    ownerId,
    at,
    partyNames: [demand?.name, supply?.name].filter((n): n is string => !!n),
  });
}

const WRITE_CHUNK = 500;

/**
 * Inserts the planned intents with source import and a back-dated first stage entry. The unique
 * `importKey` (and `clientId` derived from it) makes a retried or racing commit a duplicate-key
 * error that is ignored. Bulk inserts bypass the service, so its stored shape is rebuilt here.
 */
export async function writeIntents(
  importId: Types.ObjectId,
  actorId: Types.ObjectId,
  evaluation: IntentEvaluation,
  onProgress: (processed: number, total: number) => Promise<void>,
): Promise<CommitResult> {
  const { plans } = evaluation;
  const now = new Date();
  let created = 0;
  for (let i = 0; i < plans.length; i += WRITE_CHUNK) {
    const chunk = plans.slice(i, i + WRITE_CHUNK);
    const docs = chunk.map((plan) => {
      const { input } = plan;
      const contract = input.contract
        ? {
            type: input.contract.type,
            amount: input.contract.amount,
            techAmount: input.contract.techAmount,
            signedAt: new Date(input.contract.signedAt),
            registrationNo: input.contract.registrationNo,
            registrationNoWarning: registrationNoWarning(input.contract.registrationNo) ?? undefined,
          }
        : null;
      const partyIds = input.parties.map((p) => new Types.ObjectId(p.organizationId));
      return {
        _id: new Types.ObjectId(),
        topic: input.topic,
        topicSort: input.topic.toLowerCase(),
        fields: [],
        parties: input.parties.map((p, j) => ({ organizationId: partyIds[j], role: p.role, personIds: [] })),
        partyOrgIds: partyIds,
        ownerId: plan.ownerId ?? actorId,
        stage: input.stage,
        status: 'active',
        stageReached: input.stage,
        column: columnKey('active', input.stage),
        stageEnteredAt: plan.at,
        stageHistory: [
          {
            from: null,
            to: input.stage,
            at: plan.at,
            recordedAt: now,
            backdated: now.getTime() - plan.at.getTime() > DAY_MS,
            actorId,
            note: input.note,
          },
        ],
        statusHistory: [],
        years: [shanghaiYear(plan.at)],
        links: { achievementIds: [], demandIds: [], eventIds: [], interactionIds: [], match: null },
        source: { kind: 'import', refId: importId },
        contract,
        dealAmount: contract?.amount ?? 0,
        funding: [],
        createdBy: actorId,
        clientId: input.clientId,
        importKey: plan.importKey,
        version: 0,
      };
    });
    let inserted = docs;
    try {
      await IntentModel.insertMany(docs, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (!writeErrors || writeErrors.some((e) => e.code !== 11000)) throw err;
      const failed = new Set(writeErrors.map((e) => e.index));
      inserted = docs.filter((_, j) => !failed.has(j));
    }
    created += inserted.length;
    const rowOf = new Map(chunk.map((plan, j) => [String(docs[j]._id), plan.row]));
    if (inserted.length)
      await AuditModel.insertMany(
        inserted.map((doc) => ({
          at: now,
          actorId,
          action: 'intent.create',
          entity: { type: 'intent', id: doc._id },
          after: {
            source: 'import',
            importId,
            row: rowOf.get(String(doc._id)),
            topic: doc.topic,
            stage: doc.stage,
            at: doc.stageEnteredAt,
            backdated: doc.stageHistory[0].backdated,
          },
        })),
        { lean: true },
      );
    await onProgress(Math.min(i + WRITE_CHUNK, plans.length), plans.length);
  }
  if (created > 0) forgetBoardTotals();
  await ImportRowModel.updateMany({ importId, status: { $ne: 'invalid' } }, { $set: { committed: true } });
  return {
    organizationsCreated: 0,
    organizationsUpdated: 0,
    peopleCreated: 0,
    peopleUpdated: 0,
    achievementsCreated: 0,
    demandsCreated: 0,
    intentsCreated: created,
    rowsSkipped: 0,
    rowsInvalid: evaluation.rows.filter((r) => r.status === 'invalid').length,
  };
}
