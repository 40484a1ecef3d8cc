import { z } from './zod';
import { ObjectIdString } from './common';
import { AllianceRole, OrgKind } from './organizations';
import { RowPageQuery } from './pagination';

/**
 * Excel/CSV import and export of the member directory (issue 5). The flow and every shape here
 * are described for the mini-program in cloud/src/features/imports/README.md.
 */

/**
 * What one spreadsheet row becomes: an organization, a person, or both (a roster with one row per
 * contact) — the member directory —, or an achievement or a demand of an existing organization.
 */
export const IMPORT_TARGETS = [
  'members',
  'organizations',
  'people',
  'achievements',
  'demands',
  'intents',
] as const;
export const ImportTarget = z.enum(IMPORT_TARGETS);
export type ImportTarget = z.infer<typeof ImportTarget>;
export const IMPORT_TARGET_LABELS: Record<ImportTarget, string> = {
  members: '单位及联系人',
  organizations: '仅单位',
  people: '仅人员',
  achievements: '科技成果',
  demands: '技术需求',
  intents: '合作意向',
};

/** The directory's targets: a directory job may switch between these, never to achievements or demands. */
export const IMPORT_DIRECTORY_TARGETS = ['members', 'organizations', 'people'] as const;
export const isDirectoryTarget = (target: ImportTarget): boolean =>
  (IMPORT_DIRECTORY_TARGETS as readonly string[]).includes(target);

/** The record fields a column can be mapped to: an organization's, then a person's. */
export const IMPORT_ORG_FIELDS = [
  'orgName',
  'orgAlias',
  'orgKind',
  'province',
  'city',
  'region',
  'allianceRole',
  'industryFields',
  'intro',
  'capabilities',
  'needs',
] as const;
export const IMPORT_PERSON_FIELDS = [
  'personName',
  'personTitle',
  'mobile',
  'email',
  'wechatId',
  'expertise',
] as const;
/**
 * Achievement and demand columns. Their owner is `orgName` (name or 简称 of an existing
 * organization), their fields `industryFields`, their contact `personName` (a person of the owner).
 */
export const IMPORT_PUBLICATION_FIELDS = [
  'title',
  'summary',
  'detail',
  'description',
  'keywords',
  'maturity',
  'ip',
  'transferModes',
  'price',
  'budget',
  'deadline',
  'cooperationModes',
  'visibility',
] as const;
/**
 * Historical cooperation intents (issue 14): the topic is `title`, the parties are organizations
 * already in the directory, the owner a coordinator named as on their account.
 */
export const IMPORT_INTENT_FIELDS = [
  'demandOrg',
  'supplyOrg',
  'stage',
  'owner',
  'signedAt',
  'contractAmount',
  'techAmount',
  'contractType',
  'registrationNo',
  'stageDate',
  'note',
] as const;
export const IMPORT_FIELDS = [
  ...IMPORT_ORG_FIELDS,
  ...IMPORT_PERSON_FIELDS,
  ...IMPORT_PUBLICATION_FIELDS,
  ...IMPORT_INTENT_FIELDS,
] as const;
export const ImportField = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof ImportField>;
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  orgName: '单位名称',
  orgAlias: '简称',
  orgKind: '单位类型',
  province: '所在省份',
  city: '所在城市',
  region: '所在地',
  allianceRole: '联盟职务',
  industryFields: '行业领域',
  intro: '单位简介',
  capabilities: '技术优势',
  needs: '技术需求',
  personName: '联系人',
  personTitle: '职务',
  mobile: '手机',
  email: '邮箱',
  wechatId: '微信号',
  expertise: '专长',
  title: '名称',
  summary: '成果简介',
  detail: '详细介绍',
  description: '需求描述',
  keywords: '关键词',
  maturity: '成熟度',
  ip: '知识产权',
  transferModes: '转化方式',
  price: '参考价格',
  budget: '预算',
  deadline: '截止日期',
  cooperationModes: '合作方式',
  visibility: '公开范围',
  demandOrg: '需求方',
  supplyOrg: '供给方',
  stage: '阶段',
  owner: '负责人',
  signedAt: '签约日期',
  contractAmount: '合同金额（万元）',
  techAmount: '技术交易额（万元）',
  contractType: '合同类型',
  registrationNo: '技术合同登记号',
  stageDate: '日期',
  note: '备注',
};

/** The columns each target can import, in the order the column picker offers them. */
export const IMPORT_FIELDS_BY_TARGET: Record<ImportTarget, readonly ImportField[]> = {
  members: [...IMPORT_ORG_FIELDS, ...IMPORT_PERSON_FIELDS],
  organizations: IMPORT_ORG_FIELDS,
  people: ['orgName', ...IMPORT_PERSON_FIELDS],
  achievements: [
    'title',
    'orgName',
    'summary',
    'detail',
    'industryFields',
    'keywords',
    'maturity',
    'ip',
    'transferModes',
    'price',
    'personName',
  ],
  demands: [
    'title',
    'orgName',
    'description',
    'industryFields',
    'keywords',
    'budget',
    'deadline',
    'cooperationModes',
    'visibility',
    'personName',
  ],
  intents: ['title', ...IMPORT_INTENT_FIELDS],
};

/**
 * `failed`: the dry run could not finish (an error, or the service was interrupted too often);
 * `POST /imports/:id/retry` runs it again from the stored file. `cancelled`: the secretariat
 * dropped the job (`POST /imports/:id/cancel`); it can no longer be committed.
 */
export const IMPORT_STATUSES = [
  'parsing',
  'ready',
  'committing',
  'committed',
  'failed',
  'cancelled',
] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatus>;
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  parsing: '正在分析',
  ready: '待确认',
  committing: '正在导入',
  committed: '已导入',
  failed: '失败',
  cancelled: '已取消',
};

/** Jobs the secretariat may cancel: nothing has been written to the directory yet. */
export const IMPORT_CANCELLABLE_STATUSES: readonly ImportStatus[] = ['parsing', 'ready', 'failed'];

export const IMPORT_ROW_STATUSES = ['new', 'update', 'unchanged', 'duplicate', 'invalid'] as const;
export const ImportRowStatus = z.enum(IMPORT_ROW_STATUSES);
export type ImportRowStatus = z.infer<typeof ImportRowStatus>;
export const IMPORT_ROW_STATUS_LABELS: Record<ImportRowStatus, string> = {
  new: '新增',
  update: '更新',
  unchanged: '无变化',
  duplicate: '疑似重复',
  invalid: '无效',
};

export const IMPORT_DECISIONS = ['merge', 'keep_both', 'skip'] as const;
export const ImportDecision = z.enum(IMPORT_DECISIONS);
export type ImportDecision = z.infer<typeof ImportDecision>;
export const IMPORT_DECISION_LABELS: Record<ImportDecision, string> = {
  merge: '合并到已有记录',
  keep_both: '保留两条',
  skip: '跳过此行',
};

/**
 * Organization fields where the file may hold a worse value than the directory: a lower alliance
 * role, another or less specific region, another kind, other text. Such a difference is a
 * conflict the secretariat resolves in the dry run; until then the existing value is kept.
 */
export const IMPORT_CONFLICT_FIELDS = [
  'kind',
  'province',
  'city',
  'allianceRole',
  'intro',
  'capabilities',
  'needs',
] as const;
export const ImportConflictField = z.enum(IMPORT_CONFLICT_FIELDS);
export type ImportConflictField = z.infer<typeof ImportConflictField>;
export const IMPORT_CONFLICT_CHOICES = ['keep', 'take'] as const;
export const ImportConflictChoice = z.enum(IMPORT_CONFLICT_CHOICES);
export type ImportConflictChoice = z.infer<typeof ImportConflictChoice>;
export const IMPORT_CONFLICT_CHOICE_LABELS: Record<ImportConflictChoice, string> = {
  keep: '保留现有',
  take: '采用文件',
};

/** `POST /imports/:id/rows/:row/conflicts` — the answer to one conflict of one row. */
export const ImportConflictBody = z.strictObject({
  field: ImportConflictField,
  choice: ImportConflictChoice,
});
export type ImportConflictBody = z.infer<typeof ImportConflictBody>;

/**
 * What an industry-field term of the file the taxonomy does not know becomes: a free-text keyword
 * of the organization (the default: searchable, creates nothing), a new industry field, or an
 * existing field it means.
 */
export const IMPORT_TERM_ACTIONS = ['keyword', 'field', 'map'] as const;
export const ImportTermAction = z.enum(IMPORT_TERM_ACTIONS);
export type ImportTermAction = z.infer<typeof ImportTermAction>;
export const IMPORT_TERM_ACTION_LABELS: Record<ImportTermAction, string> = {
  keyword: '作为关键词',
  field: '新增为行业领域',
  map: '归入已有领域',
};

/** `PUT /imports/:id/terms` — the choice for one unknown term (`fieldCode` only with `map`). */
export const ImportTermBody = z
  .strictObject({
    term: z.string().trim().min(1).max(40),
    action: ImportTermAction,
    fieldCode: z.string().trim().min(1).max(40).optional(),
  })
  .refine((b) => (b.action === 'map') === (b.fieldCode !== undefined), {
    message: '归入已有领域时请选择一个领域；其他选择不需要领域',
    path: ['fieldCode'],
  });
export type ImportTermBody = z.infer<typeof ImportTermBody>;

export const ImportTermView = z.object({
  term: z.string(),
  /** Rows of the file that name the term. */
  rows: z.number(),
  action: ImportTermAction,
  fieldCode: z.string().nullable(),
});
export type ImportTermView = z.infer<typeof ImportTermView>;
export const ImportTermList = z.object({ items: z.array(ImportTermView) });
export type ImportTermList = z.infer<typeof ImportTermList>;

/** The multipart form fields sent beside the `file` field of the upload. */
export const ImportUploadFields = z.strictObject({ target: ImportTarget.optional() });

export const ImportIdParams = z.strictObject({ id: ObjectIdString });
export const ImportRowParams = z.strictObject({
  id: ObjectIdString,
  row: z.coerce.number().int().min(1).max(10_000_000),
});

/** Column index (0-based, as in `columns[].index`) per field; null or absent = not imported. */
export const ImportMapping = z.partialRecord(ImportField, z.number().int().min(0).max(500).nullable());
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportMappingBody = z.strictObject({
  target: ImportTarget.optional(),
  mapping: ImportMapping,
});
export type ImportMappingBody = z.infer<typeof ImportMappingBody>;

export const ImportDecisionBody = z.strictObject({
  action: ImportDecision,
  /** For merge: which of `question.candidates` (default: the first, the closest match). */
  targetId: ObjectIdString.optional(),
});
export type ImportDecisionBody = z.infer<typeof ImportDecisionBody>;

export const ImportRowsQuery = RowPageQuery.extend({
  status: z.preprocess((v) => (v === '' ? undefined : v), ImportRowStatus.optional()),
  /** Only suspected duplicates still waiting for a decision. */
  undecided: z.enum(['1', 'true']).optional(),
  /** Only rows whose values conflict with better values in the directory. */
  conflicts: z.enum(['1', 'true']).optional(),
}).strict();
export type ImportRowsQuery = z.infer<typeof ImportRowsQuery>;

const ImportCounts = z.object({
  new: z.number(),
  update: z.number(),
  unchanged: z.number(),
  duplicate: z.number(),
  invalid: z.number(),
  /** Suspected duplicates without a decision: commit is refused while this is above 0. */
  undecided: z.number(),
  /** Rows with a conflict (a worse value in the file); they keep the existing values unless chosen. */
  conflicts: z.number().default(0),
});

export const ImportJobView = z.object({
  id: z.string(),
  status: ImportStatus,
  target: ImportTarget,
  file: z.object({
    name: z.string(),
    type: z.enum(['xlsx', 'csv']),
    /** For CSV: utf-8, utf-16le or gb18030 (GBK files decode as gb18030). */
    encoding: z.string().nullable(),
    sheetName: z.string().nullable(),
    size: z.number(),
  }),
  /** 1-based spreadsheet row of the header; data starts below it. */
  headerRow: z.number(),
  columns: z.array(
    z.object({ index: z.number(), letter: z.string(), header: z.string(), field: ImportField.nullable() }),
  ),
  mapping: ImportMapping,
  headerProblems: z.array(
    z.object({ column: z.string(), header: z.string(), code: z.string(), message: z.string() }),
  ),
  progress: z.object({
    phase: z.enum(['analysing', 'committing']),
    processed: z.number(),
    total: z.number(),
  }),
  counts: ImportCounts,
  result: z
    .object({
      organizationsCreated: z.number(),
      organizationsUpdated: z.number(),
      peopleCreated: z.number(),
      peopleUpdated: z.number(),
      achievementsCreated: z.number().default(0),
      demandsCreated: z.number().default(0),
      intentsCreated: z.number().default(0),
      rowsSkipped: z.number(),
      rowsInvalid: z.number(),
    })
    .nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type ImportJobView = z.infer<typeof ImportJobView>;

const RecordRef = z.object({ id: z.string(), name: z.string(), detail: z.string().nullable() });

const PartOutcome = z.object({
  action: z.enum(['create', 'update', 'unchanged', 'skip']),
  /** The existing record this row updates or duplicates. */
  match: RecordRef.nullable(),
  /** Labels of the fields an update changes, e.g. ["职务", "手机"]. */
  changes: z.array(z.string()),
  /** Set when an earlier row of the same file already carries this record. */
  sameAsRow: z.number().nullable(),
});

export const ImportRowView = z.object({
  row: z.number(),
  status: ImportRowStatus,
  /** Cell texts in column order (`columns[].index`). */
  raw: z.array(z.string()),
  values: z.object({
    organization: z
      .object({
        name: z.string(),
        aliases: z.array(z.string()),
        kind: OrgKind.nullable(),
        province: z.string().nullable(),
        city: z.string().nullable(),
        allianceRole: AllianceRole.nullable(),
        industryFields: z.array(z.string()),
      })
      .nullable(),
    person: z
      .object({
        name: z.string(),
        title: z.string().nullable(),
        mobile: z.string().nullable(),
        email: z.string().nullable(),
        wechatId: z.string().nullable(),
      })
      .nullable(),
    /** An achievement or demand row: its title and the owner organization as named in the file. */
    publication: z.object({ title: z.string(), ownerName: z.string() }).nullable().default(null),
  }),
  /** Why the row is invalid, a suspected duplicate, or treated specially; Chinese, shown as-is. */
  reasons: z.array(z.string()),
  organization: PartOutcome.nullable(),
  person: PartOutcome.nullable(),
  /** An achievement or demand row: create, or unchanged when the owner already has an item of that title. */
  publication: PartOutcome.nullable().default(null),
  /**
   * Fields where the file would lower or replace a value the directory has (shown on the row that
   * defines the organization); `choice` defaults to keep.
   */
  conflicts: z
    .array(
      z.object({
        field: ImportConflictField,
        label: z.string(),
        existing: z.string(),
        incoming: z.string(),
        reason: z.string(),
        choice: ImportConflictChoice,
      }),
    )
    .default([]),
  /** For a suspected duplicate: which part is in question and the existing candidates. */
  question: z.object({ part: z.enum(['organization', 'person']), candidates: z.array(RecordRef) }).nullable(),
  decision: ImportDecision.nullable(),
  committed: z.boolean(),
});
export type ImportRowView = z.infer<typeof ImportRowView>;

export const ImportRowPage = z.object({ items: z.array(ImportRowView), nextCursor: z.string().nullable() });
export type ImportRowPage = z.infer<typeof ImportRowPage>;

const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const OrgExportQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  kind: optionalFilter(OrgKind),
  province: optionalFilter(z.string().max(20)),
  allianceRole: optionalFilter(AllianceRole),
  field: optionalFilter(z.string().max(40)),
});
export type OrgExportQuery = z.infer<typeof OrgExportQuery>;

export const PersonExportQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  orgId: optionalFilter(ObjectIdString),
});
export type PersonExportQuery = z.infer<typeof PersonExportQuery>;
