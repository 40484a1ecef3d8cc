import {
  ALLIANCE_ROLE_LABELS,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS_BY_TARGET,
  IMPORT_ORG_FIELDS,
  IMPORT_PERSON_FIELDS,
  IMPORT_TARGET_LABELS,
  isDirectoryTarget,
  ORG_KIND_LABELS,
} from '@alliance-hub/types';
import type { AllianceRole, ImportField, ImportMapping, ImportTarget, OrgKind } from '@alliance-hub/types';

/** How secretariats actually title their columns; compared after headerKey(). */
const HEADER_SYNONYMS: Partial<Record<ImportField, string[]>> = {
  orgName: [
    '单位名称',
    '单位',
    '单位全称',
    '机构名称',
    '机构',
    '企业名称',
    '企业',
    '组织名称',
    '名称',
    '工作单位',
    '所在单位',
    '成员单位',
    '会员单位',
    'organization',
    'org',
    'company',
  ],
  orgAlias: ['简称', '单位简称', '别名', '简写', 'alias', 'shortname'],
  orgKind: ['单位类型', '类型', '单位性质', '机构类型', '性质', 'kind', 'type'],
  province: ['所在省份', '省份', '省', '所在省', 'province'],
  city: ['所在城市', '城市', '市', '地市', '所在市', 'city'],
  region: ['所在地', '地区', '所在地区', '地址', '所在地域', 'region'],
  allianceRole: ['联盟职务', '联盟角色', '联盟身份', '会员类别', '会员级别', '单位职务', 'role'],
  industryFields: [
    '行业领域',
    '领域',
    '所属领域',
    '产业领域',
    '所属行业',
    '行业',
    '技术领域',
    'fields',
    'industry',
  ],
  intro: ['单位简介', '简介', '概况', 'intro'],
  capabilities: ['技术优势', '技术储备', '研发能力', '优势', 'capabilities'],
  needs: ['技术需求', '需求', 'needs'],
  personName: ['联系人', '姓名', '联系人姓名', '人员姓名', '代表', '单位代表', 'name', 'contact'],
  personTitle: ['职务', '职称', '职位', '联系人职务', 'title'],
  mobile: [
    '手机',
    '手机号',
    '手机号码',
    '联系电话',
    '电话',
    '移动电话',
    '联系方式',
    'mobile',
    'phone',
    'tel',
  ],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', 'email', 'e-mail', 'mail'],
  wechatId: ['微信', '微信号', 'wechat'],
  expertise: ['专长', '研究方向', '擅长领域', '专业方向', 'expertise'],
};
const OWNER_HEADERS = ['单位名称', '单位', '所属单位', '单位全称', '机构名称', 'organization', 'org'];
const FIELD_HEADERS = ['技术领域', '领域', '所属领域', '行业领域', '产业领域', '所属行业', '行业', 'fields'];
const KEYWORD_HEADERS = ['关键词', '关键字', '技术关键词', 'keywords'];
const CONTACT_HEADERS = ['联系人', '联系人姓名', '负责人', '项目负责人', 'contact'];

/** The columns of cities' achievement lists (成果汇编 / 成果清单). */
const ACHIEVEMENT_SYNONYMS: Partial<Record<ImportField, string[]>> = {
  title: ['成果名称', '项目名称', '成果', '名称', '标题', 'title'],
  orgName: [...OWNER_HEADERS, '完成单位', '第一完成单位', '成果单位', '持有单位', '依托单位', '成果持有单位'],
  summary: ['成果简介', '简介', '摘要', '成果介绍', '项目简介', '成果概述', 'summary'],
  detail: ['详细介绍', '详细说明', '技术内容', '主要技术指标', '技术指标', '应用前景', 'detail'],
  industryFields: FIELD_HEADERS,
  keywords: KEYWORD_HEADERS,
  maturity: ['成熟度', '技术成熟度', '成熟程度', '所处阶段', '成果阶段', '阶段', 'maturity'],
  ip: ['知识产权', '知识产权情况', '专利', '专利号', '专利情况', 'ip'],
  transferModes: ['转化方式', '合作方式', '转让方式', '交易方式', '拟合作方式', 'transfer'],
  price: ['参考价格', '价格', '转让价格', '意向价格', '报价', '参考价格(万元)', 'price'],
  personName: CONTACT_HEADERS,
};

/** The columns of demand collections (需求征集表). */
const DEMAND_SYNONYMS: Partial<Record<ImportField, string[]>> = {
  title: ['需求名称', '需求标题', '项目名称', '名称', '标题', 'title'],
  orgName: [...OWNER_HEADERS, '企业名称', '需求单位', '需求企业', '企业', '提出单位'],
  description: [
    '需求描述',
    '需求内容',
    '需求简介',
    '具体需求',
    '技术需求',
    '需求说明',
    '描述',
    'description',
  ],
  industryFields: FIELD_HEADERS,
  keywords: KEYWORD_HEADERS,
  budget: ['预算', '预算金额', '拟投入资金', '投入资金', '经费预算', '预算(万元)', 'budget'],
  deadline: ['截止日期', '截止时间', '完成期限', '期限', '需求期限', 'deadline'],
  cooperationModes: ['合作方式', '合作模式', '拟合作方式', 'cooperation'],
  visibility: ['公开范围', '可见范围', '是否公开', 'visibility'],
  personName: CONTACT_HEADERS,
};

/** The columns of secretariats' yearly intent ledgers (合作项目台账). */
const INTENT_SYNONYMS: Partial<Record<ImportField, string[]>> = {
  title: ['合作项目', '意向名称', '项目名称', '合作意向', '合作内容', '名称', 'topic'],
  demandOrg: ['需求方', '企业', '需求单位', '需求企业', '企业名称', '需求方(企业)', '甲方', 'demand'],
  supplyOrg: [
    '供给方',
    '高校',
    '院所',
    '高校/院所',
    '高校院所',
    '供给方(高校/院所)',
    '供给单位',
    '技术供给方',
    '乙方',
    'supply',
  ],
  stage: ['阶段', '进展阶段', '当前阶段', '进展', 'stage'],
  owner: ['负责人', '联络员', '对接人', '跟进人', 'owner'],
  signedAt: ['签约日期', '签约时间', '合同签订日期', 'signedat'],
  contractAmount: ['合同金额', '成交额', '合同金额(万元)', '成交额(万元)', '合同额', 'amount'],
  techAmount: ['技术交易额', '技术交易额(万元)', 'techamount'],
  contractType: ['合同类型', '合同类别', '技术合同类型', 'contracttype'],
  registrationNo: ['技术合同登记号', '合同登记号', '登记号', 'registrationno'],
  stageDate: ['年份', '日期', '年度', '时间', '登记日期', 'date', 'year'],
  note: ['备注', '说明', 'note'],
};

/** Recognised, deliberately not imported (a row number column). */
const IGNORED_HEADERS = ['序号', '编号', 'no', 'no.', '#', '备注'];

export const headerKey = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\s*＊:：]+/g, '')
    .toLowerCase();

function headerTable(synonyms: Partial<Record<ImportField, string[]>>) {
  const table = new Map<string, ImportField>();
  for (const [field, names] of Object.entries(synonyms) as [ImportField, string[]][]) {
    for (const name of names) table.set(headerKey(name), field);
  }
  return table;
}
/**
 * One header table per kind of import: 技术需求 is an organization's needs text in a roster but
 * the demand's description in a demand collection, and 合作方式 means different lists in each.
 */
const DIRECTORY_HEADERS = headerTable(HEADER_SYNONYMS);
const HEADERS_BY_TARGET: Partial<Record<ImportTarget, Map<string, ImportField>>> = {
  achievements: headerTable(ACHIEVEMENT_SYNONYMS),
  demands: headerTable(DEMAND_SYNONYMS),
  intents: headerTable(INTENT_SYNONYMS),
};
const IGNORED = new Set(IGNORED_HEADERS.map(headerKey));

/** The header table for an upload: the directory's unless the secretariat chose achievements or demands. */
export const fieldForHeader = (header: string, target?: ImportTarget): ImportField | undefined =>
  ((target && HEADERS_BY_TARGET[target]) || DIRECTORY_HEADERS).get(headerKey(header));

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Rows scanned for the header: a title row or two above it is common, more is not. */
const HEADER_SCAN_ROWS = 10;

/**
 * The header is the first row in which at least two distinct cells name known fields (a merged
 * title row repeats one text across its cells and so never qualifies).
 */
export function findHeaderIndex(grid: string[][], target?: ImportTarget): number {
  for (let i = 0; i < Math.min(grid.length, HEADER_SCAN_ROWS); i++) {
    const fields = new Set(grid[i].map((cell) => fieldForHeader(cell, target)).filter(Boolean));
    if (fields.size >= 2) return i;
  }
  return -1;
}

export type HeaderProblem = { column: string; header: string; code: string; message: string };

/** Suggests a mapping from the header names; reports columns that will not be imported. */
export function suggestMapping(
  headers: string[],
  target?: ImportTarget,
): {
  mapping: ImportMapping;
  problems: HeaderProblem[];
  duplicates: HeaderProblem[];
} {
  const mapping: ImportMapping = {};
  const problems: HeaderProblem[] = [];
  const duplicates: HeaderProblem[] = [];
  const firstByKey = new Map<string, number>();
  headers.forEach((header, index) => {
    const column = columnLetter(index);
    const key = headerKey(header);
    if (!key) return;
    const earlier = firstByKey.get(key);
    const field = fieldForHeader(header, target);
    if (earlier !== undefined) {
      const problem = {
        column,
        header,
        code: 'DUPLICATE_HEADER',
        message: `第 ${column} 列与第 ${columnLetter(earlier)} 列的表头都是「${header.trim()}」`,
      };
      // Two columns both claiming to be e.g. 手机 is ambiguous data: refuse rather than guess.
      if (field) duplicates.push(problem);
      else problems.push({ ...problem, message: `${problem.message}，第 ${column} 列不会导入` });
      return;
    }
    firstByKey.set(key, index);
    if (field && mapping[field] === undefined) mapping[field] = index;
    else if (field) {
      problems.push({
        column,
        header,
        code: 'FIELD_ALREADY_MAPPED',
        message: `第 ${column} 列「${header.trim()}」与第 ${columnLetter(mapping[field] as number)} 列都对应「${IMPORT_FIELD_LABELS[field]}」，只导入后者`,
      });
    } else if (!IGNORED.has(key)) {
      problems.push({
        column,
        header,
        code: 'UNKNOWN_HEADER',
        message: `第 ${column} 列「${header.trim()}」无法识别，不会导入`,
      });
    }
  });
  return { mapping, problems, duplicates };
}

export function inferTarget(mapping: ImportMapping): ImportTarget {
  const hasOrg = mapping.orgName != null;
  const hasPerson = mapping.personName != null;
  if (hasOrg && hasPerson) return 'members';
  return hasPerson ? 'people' : 'organizations';
}

/** Problems with a mapping for a target, in words for the secretariat. */
export function mappingProblems(target: ImportTarget, mapping: ImportMapping, columnCount: number): string[] {
  const problems: string[] = [];
  if (target === 'intents') {
    if (mapping.title == null) problems.push('请指定「合作项目」（意向名称）所在的列');
    if (mapping.demandOrg == null && mapping.supplyOrg == null)
      problems.push('请指定「需求方」或「供给方」所在的列');
  } else if (target === 'achievements' || target === 'demands') {
    const required: ImportField[] =
      target === 'achievements'
        ? ['title', 'orgName', 'summary', 'maturity']
        : ['title', 'orgName', 'description'];
    for (const field of required)
      if (mapping[field] == null) problems.push(`请指定「${IMPORT_FIELD_LABELS[field]}」所在的列`);
  } else {
    if (target !== 'people' && mapping.orgName == null) problems.push('请指定「单位名称」所在的列');
    if (target !== 'organizations' && mapping.personName == null)
      problems.push('请指定「联系人」（姓名）所在的列');
  }
  const used = new Map<number, ImportField>();
  // A directory job keeps every directory column (a roster's extra person columns are simply
  // unused for 仅单位); only columns of another kind of record are refused.
  const allowed = new Set<ImportField>(
    isDirectoryTarget(target)
      ? [...IMPORT_ORG_FIELDS, ...IMPORT_PERSON_FIELDS]
      : IMPORT_FIELDS_BY_TARGET[target],
  );
  for (const [field, index] of Object.entries(mapping) as [ImportField, number | null][]) {
    if (index == null) continue;
    if (!allowed.has(field))
      problems.push(`「${IMPORT_FIELD_LABELS[field]}」不是${IMPORT_TARGET_LABELS[target]}导入的列`);
    if (index >= columnCount) problems.push(`「${IMPORT_FIELD_LABELS[field]}」对应的列不存在`);
    const other = used.get(index);
    if (other)
      problems.push(
        `第 ${columnLetter(index)} 列不能同时对应「${IMPORT_FIELD_LABELS[other]}」和「${IMPORT_FIELD_LABELS[field]}」`,
      );
    used.set(index, field);
  }
  return problems;
}

// ---- cell values → record values ----

const KIND_WORDS: Array<[OrgKind, string[]]> = [
  ['university', ['高校', '大学', '学院', '院校', '高等院校', 'university']],
  ['institute', ['科研院所', '研究所', '研究院', '院所', '科研机构', 'institute']],
  ['association', ['协会', '学会', '联盟', '商会', '社会团体', '社团', 'association']],
  ['government', ['政府', '政府部门', '机关', '事业单位', 'government']],
  ['investor', ['投资机构', '投资', '基金', '创投', 'investor']],
  ['enterprise', ['企业', '公司', '集团', '民营', '国企', 'enterprise']],
  ['other', ['其他', '其它', 'other']],
];
const KIND_BY_LABEL = new Map(
  Object.entries(ORG_KIND_LABELS).map(([k, label]) => [headerKey(label), k as OrgKind]),
);

export function parseOrgKind(text: string): OrgKind | null {
  const key = headerKey(text);
  if (!key) return null;
  const exact = KIND_BY_LABEL.get(key) ?? (key in ORG_KIND_LABELS ? (key as OrgKind) : undefined);
  if (exact) return exact;
  for (const [kind, words] of KIND_WORDS) if (words.some((w) => key.includes(w))) return kind;
  return null;
}

/** When the sheet has no type column, a name ending in 大学 or 研究所 says enough. */
export function guessOrgKind(name: string): OrgKind {
  if (/(大学|学院)(\(|$)/.test(name)) return 'university';
  if (/(研究所|研究院|研究中心|科学院)/.test(name)) return 'institute';
  if (/(协会|学会|联盟|商会|总会)$/.test(name)) return 'association';
  if (/(公司|集团|厂)$/.test(name)) return 'enterprise';
  return 'other';
}

const ROLE_WORDS: Array<[AllianceRole, RegExp]> = [
  ['vice_chair', /副理事长/],
  ['chair', /理事长/],
  ['director', /理事/],
  ['non_member', /^(非成员|非会员|无|否|non_member)/],
  ['member', /(成员|会员|member)/],
];

export function parseAllianceRole(text: string): AllianceRole | null {
  const key = headerKey(text);
  if (!key) return null;
  for (const [role, pattern] of ROLE_WORDS) if (pattern.test(key)) return role;
  return null;
}

export const ALLIANCE_ROLE_HINT = Object.values(ALLIANCE_ROLE_LABELS).join('、');
export const ORG_KIND_HINT = Object.values(ORG_KIND_LABELS).join('、');

/** "重型装备;冶金装备" / "材料、焊接" → labels. */
export const splitList = (text: string): string[] =>
  text
    .split(/[;；,，、/|\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const WECHAT_ID_PATTERN = /^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/;
