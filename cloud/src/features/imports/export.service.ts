import type { Types } from 'mongoose';
import {
  ALLIANCE_ROLE_LABELS,
  ORG_KIND_LABELS,
  type AllianceRole,
  type OrgExportQuery,
  type OrgKind,
  type PersonExportQuery,
  UNKNOWN_FIELD_LABEL,
} from '@alliance-hub/types';
import type { Logger } from '../../logger';
import { produce, workbook, type Column, type XlsxStream } from '../../lib/xlsx-stream';
import type { Actor } from '../../policy/policy';
import { exchangedPersonIds, visibleContactFields } from '../directory/privacy';
import { visibleContacts } from '../people/person.presenter';
import { provinceCondition } from '../directory/regions';
import { queryGrams } from '../directory/search-tokens';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { fieldLabelsByCode } from '../taxonomy/taxonomy.service';

/**
 * Excel exports of the directory, streamed row by row (exceljs WorkbookWriter over a cursor),
 * so a province-sized directory never sits in memory. Contact columns follow the same privacy
 * rule as the screens: visibleContactFields() decides per person.
 */

const BATCH = 500;
const MEMBERSHIP_LABELS = { none: '—', active: '在册', lapsed: '已退出' } as const;

const ORG_COLUMNS: Column[] = [
  { header: '单位名称', key: 'name', width: 36 },
  { header: '简称', key: 'aliases', width: 16 },
  { header: '单位类型', key: 'kind', width: 10 },
  { header: '所在省份', key: 'province', width: 10 },
  { header: '所在城市', key: 'city', width: 10 },
  { header: '联盟职务', key: 'allianceRole', width: 14 },
  { header: '会员状态', key: 'membership', width: 10 },
  { header: '行业领域', key: 'fields', width: 28 },
  { header: '单位简介', key: 'intro', width: 40 },
  { header: '技术优势', key: 'capabilities', width: 40 },
  { header: '技术需求', key: 'needs', width: 40 },
];
const PERSON_COLUMNS: Column[] = [
  { header: '姓名', key: 'name', width: 12 },
  { header: '单位名称', key: 'org', width: 36 },
  { header: '职务', key: 'title', width: 16 },
  { header: '专长', key: 'expertise', width: 24 },
  { header: '手机', key: 'mobile', width: 14 },
  { header: '邮箱', key: 'email', width: 26 },
  { header: '微信号', key: 'wechatId', width: 16 },
];

const gramFilter = (q: string | undefined) => {
  const grams = q ? queryGrams(q) : [];
  return grams.length ? { textGrams: { $all: grams } } : {};
};

type OrgRow = {
  _id: Types.ObjectId;
  name: string;
  aliases: string[];
  kind: OrgKind;
  region?: { province?: string | null; city?: string | null } | null;
  fields: string[];
  allianceRole?: AllianceRole | null;
  membership?: { status?: 'none' | 'active' | 'lapsed' | null } | null;
  intro?: string | null;
  capabilities?: string | null;
  needs?: string | null;
};

export function exportOrganizations(query: OrgExportQuery, logger: Logger): XlsxStream {
  const { stream, book, sheet } = workbook('单位名录', ORG_COLUMNS);
  const filter: Record<string, unknown> = { ...gramFilter(query.q) };
  if (query.kind) filter.kind = query.kind;
  if (query.field) filter.fields = query.field;
  if (query.province) filter['region.province'] = provinceCondition(query.province);
  if (query.allianceRole) filter.allianceRole = query.allianceRole;
  const done = produce(stream, logger, async () => {
    const labels = await fieldLabelsByCode();
    const cursor = OrganizationModel.find(filter, { nameGrams: 0, textGrams: 0, aliasKeys: 0 })
      .sort({ _id: 1 })
      .batchSize(BATCH)
      .lean<OrgRow[]>()
      .cursor();
    for await (const org of cursor as AsyncIterable<OrgRow>) {
      sheet
        .addRow({
          name: org.name,
          aliases: org.aliases.join('、'),
          kind: ORG_KIND_LABELS[org.kind],
          province: org.region?.province ?? '',
          city: org.region?.city ?? '',
          allianceRole: ALLIANCE_ROLE_LABELS[org.allianceRole ?? 'non_member'],
          membership: MEMBERSHIP_LABELS[org.membership?.status ?? 'none'],
          fields: org.fields.map((c) => labels.get(c) ?? UNKNOWN_FIELD_LABEL).join('、'),
          intro: org.intro ?? '',
          capabilities: org.capabilities ?? '',
          needs: org.needs ?? '',
        })
        .commit();
    }
    sheet.commit();
    await book.commit();
  });
  return { stream, done };
}

type PersonRow = {
  _id: Types.ObjectId;
  name: string;
  title?: string | null;
  orgId?: Types.ObjectId | null;
  expertise: string[];
  contacts?: { mobile?: string | null; email?: string | null; wechatId?: string | null } | null;
  card?: { sharedFields?: string[] | null } | null;
};

export function exportPeople(actor: Actor, query: PersonExportQuery, logger: Logger): XlsxStream {
  const { stream, book, sheet } = workbook('人员名录', PERSON_COLUMNS);
  const filter: Record<string, unknown> = { ...gramFilter(query.q) };
  if (query.orgId) filter.orgId = query.orgId;
  const done = produce(stream, logger, async () => {
    const viewer = { ...actor, exchangedWith: await exchangedPersonIds(actor) };
    const cursor = PersonModel.find(filter, {
      name: 1,
      title: 1,
      orgId: 1,
      expertise: 1,
      contacts: 1,
      card: 1,
    })
      .sort({ _id: 1 })
      .batchSize(BATCH)
      .lean<PersonRow[]>()
      .cursor();
    let batch: PersonRow[] = [];
    const flush = async () => {
      const orgIds = [...new Set(batch.map((p) => p.orgId?.toHexString()).filter(Boolean))];
      const orgs = await OrganizationModel.find({ _id: { $in: orgIds } }, { name: 1 }).lean();
      const orgName = new Map(orgs.map((o) => [o._id.toHexString(), o.name]));
      for (const person of batch) {
        // PIPL: the same rule as the screens, field by field (a withdrawn field stays empty).
        const contacts = visibleContacts(person, visibleContactFields(viewer, person));
        sheet
          .addRow({
            name: person.name,
            org: person.orgId ? (orgName.get(person.orgId.toHexString()) ?? '') : '',
            title: person.title ?? '',
            expertise: person.expertise.join('、'),
            mobile: contacts.mobile ?? '',
            email: contacts.email ?? '',
            wechatId: contacts.wechatId ?? '',
          })
          .commit();
      }
      batch = [];
    };
    for await (const person of cursor as AsyncIterable<PersonRow>) {
      batch.push(person);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    sheet.commit();
    await book.commit();
  });
  return { stream, done };
}
