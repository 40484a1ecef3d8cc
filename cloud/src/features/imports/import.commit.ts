import { Types, type AnyBulkWriteOperation } from 'mongoose';
import { guessOrgKind } from './import.columns';
import type { Evaluation, OrgPlan, PersonPlan } from './import.evaluate';
import { AuditModel } from '../audit/audit.model';
import { orgSearchFields, personSearchFields } from '../directory/search-tokens';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { ensureFieldCodes, fieldLabelsByCode } from '../taxonomy/taxonomy.service';
import { mergeLabels } from './import.conflicts';
import { ImportRowModel } from './import.model';

export type CommitResult = {
  organizationsCreated: number;
  organizationsUpdated: number;
  peopleCreated: number;
  peopleUpdated: number;
  achievementsCreated: number;
  demandsCreated: number;
  /** Only the intents import reports it. */
  intentsCreated?: number;
  rowsSkipped: number;
  rowsInvalid: number;
};

const CHUNK = 500;
const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));
const compact = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/**
 * Inserts records the evaluation found to be new. A unique key (organization nameKey, person
 * importKey) turns a repeat of the same insert into a duplicate-key error, which means "already
 * written by an earlier attempt" and is ignored. Returns the ids actually inserted.
 */
async function insertNew<D extends { _id: Types.ObjectId }>(
  insert: (docs: D[]) => Promise<unknown>,
  docs: D[],
): Promise<Array<D['_id']>> {
  if (docs.length === 0) return [];
  try {
    await insert(docs);
    return docs.map((d) => d._id);
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
    if (!writeErrors || writeErrors.some((e) => e.code !== 11000)) throw err;
    const failed = new Set(writeErrors.map((e) => e.index));
    return docs.filter((_, i) => !failed.has(i)).map((d) => d._id);
  }
}

type AuditDoc = {
  at: Date;
  actorId: Types.ObjectId;
  action: string;
  entity: { type: 'organization' | 'person'; id: Types.ObjectId };
  after: unknown;
};

/**
 * Writes an evaluated import. No transactions: a retried commit re-evaluates first, so what an
 * earlier attempt wrote is found as an exact match; and new records carry unique keys
 * (organization nameKey, person importKey) so even two racing attempts cannot duplicate them.
 * Bulk writes bypass mongoose hooks, so the directory search keys are set here explicitly.
 */
export async function writeEvaluation(
  importId: Types.ObjectId,
  actorId: Types.ObjectId,
  evaluation: Evaluation,
  onProgress: (processed: number, total: number) => Promise<void>,
): Promise<CommitResult> {
  const orgPlans = [...evaluation.orgPlans.values()].filter(
    (p) => p.action === 'create' || p.action === 'update',
  );
  const personPlans = evaluation.personPlans;
  const total = orgPlans.length + personPlans.length;
  let processed = 0;
  const at = new Date();
  const audit = (
    action: string,
    type: AuditDoc['entity']['type'],
    id: Types.ObjectId,
    after: object,
  ): AuditDoc => ({
    at,
    actorId,
    action,
    entity: { type, id },
    after: { source: 'import', importId, ...after },
  });

  // Only the terms the secretariat chose to add become taxonomy entries, and only now.
  await ensureFieldCodes([...new Set(orgPlans.flatMap((p) => p.terms.newFields.map((f) => f.label)))]);
  const labelByCode = await fieldLabelsByCode();

  const result: CommitResult = {
    organizationsCreated: 0,
    organizationsUpdated: 0,
    peopleCreated: 0,
    peopleUpdated: 0,
    achievementsCreated: 0,
    demandsCreated: 0,
    rowsSkipped: 0,
    rowsInvalid: 0,
  };

  for (const chunk of chunks(orgPlans)) {
    const creates = chunk
      .filter((p) => p.action === 'create')
      .map((plan) => ({ plan, doc: newOrg(plan, labelByCode, at) }));
    const inserted = new Set(
      (
        await insertNew(
          (docs) => OrganizationModel.insertMany(docs, { ordered: false }),
          creates.map((c) => c.doc),
        )
      ).map(String),
    );
    result.organizationsCreated += inserted.size;
    const updates = chunk.filter((p) => p.action === 'update').map((plan) => orgUpdate(plan, labelByCode));
    if (updates.length)
      result.organizationsUpdated += (
        await OrganizationModel.bulkWrite(updates, { ordered: false })
      ).modifiedCount;
    const audits: AuditDoc[] = [];
    for (const { plan, doc } of creates) {
      if (inserted.has(String(doc._id)))
        audits.push(
          audit('organization.create', 'organization', doc._id, {
            row: plan.firstRow,
            name: plan.values.name,
          }),
        );
    }
    for (const plan of chunk) {
      if (plan.action === 'update' && plan.existing) {
        audits.push(
          audit('organization.update', 'organization', plan.existing._id, {
            row: plan.firstRow,
            changes: [...Object.keys(plan.changes), ...(plan.addAliases.length ? ['aliases'] : [])],
          }),
        );
      }
    }
    if (audits.length) await AuditModel.insertMany(audits, { lean: true });
    processed += chunk.length;
    await onProgress(processed, total);
  }

  // People of organizations created just now need their ids.
  const newKeys = [...new Set(personPlans.map((p) => p.orgKey).filter((k): k is string => !!k))];
  const orgByKey = new Map<string, { _id: Types.ObjectId; name: string }>();
  for (const keys of chunks(newKeys)) {
    for (const org of await OrganizationModel.find(
      { nameKey: { $in: keys } },
      { name: 1, nameKey: 1 },
    ).lean()) {
      orgByKey.set(org.nameKey, org);
    }
  }
  const orgNameById = new Map<string, string>();
  for (const plan of evaluation.orgPlans.values())
    if (plan.existing) orgNameById.set(plan.existing._id.toHexString(), plan.existing.name);
  const missingNames = [
    ...new Set(
      personPlans
        .map((p) => p.orgId?.toHexString())
        .filter((id): id is string => !!id && !orgNameById.has(id)),
    ),
  ];
  for (const ids of chunks(missingNames)) {
    for (const org of await OrganizationModel.find({ _id: { $in: ids } }, { name: 1 }).lean())
      orgNameById.set(org._id.toHexString(), org.name);
  }

  for (const chunk of chunks(personPlans)) {
    const creates: Array<{ plan: PersonPlan; doc: ReturnType<typeof newPerson> }> = [];
    const updates: AnyBulkWriteOperation[] = [];
    for (const plan of chunk) {
      const org = plan.orgKey ? orgByKey.get(plan.orgKey) : undefined;
      const orgId = org?._id ?? plan.orgId;
      const orgName = org?.name ?? (orgId ? orgNameById.get(orgId.toHexString()) : undefined) ?? null;
      if (plan.action === 'create') creates.push({ plan, doc: newPerson(plan, importId, orgId, orgName) });
      else updates.push(personUpdate(plan, orgId, orgName));
    }
    const inserted = new Set(
      (
        await insertNew(
          (docs) => PersonModel.insertMany(docs, { ordered: false }),
          creates.map((c) => c.doc),
        )
      ).map(String),
    );
    result.peopleCreated += inserted.size;
    if (updates.length)
      result.peopleUpdated += (await PersonModel.bulkWrite(updates, { ordered: false })).modifiedCount;
    const audits: AuditDoc[] = [];
    for (const { plan, doc } of creates) {
      if (inserted.has(String(doc._id)))
        audits.push(audit('person.create', 'person', doc._id, { row: plan.row }));
    }
    for (const plan of chunk) {
      if (plan.action === 'update' && plan.existing)
        audits.push(
          audit('person.update', 'person', plan.existing._id, { row: plan.row, changes: plan.changes }),
        );
    }
    if (audits.length) await AuditModel.insertMany(audits, { lean: true });
    processed += chunk.length;
    await onProgress(processed, total);
  }

  await ImportRowModel.updateMany({ importId, status: { $ne: 'invalid' } }, { $set: { committed: true } });
  result.rowsInvalid = evaluation.rows.filter((r) => r.status === 'invalid').length;
  result.rowsSkipped = evaluation.rows.filter(
    (r) => r.organization?.action === 'skip' || r.person?.action === 'skip',
  ).length;
  return result;
}

function newOrg(plan: OrgPlan, labelByCode: Map<string, string>, now: Date) {
  const v = plan.values;
  const fields = plan.terms.codes;
  const keywords = plan.terms.keywords;
  const role = v.allianceRole ?? 'non_member';
  return {
    _id: new Types.ObjectId(),
    ...compact({
      name: v.name,
      aliases: v.aliases,
      kind: v.kind ?? guessOrgKind(v.name),
      region: compact({ province: v.province, city: v.city }),
      fields,
      keywords,
      allianceRole: role,
      membership: role === 'non_member' ? { status: 'none' } : { status: 'active', joinedAt: now },
      intro: v.intro,
      capabilities: v.capabilities,
      needs: v.needs,
    }),
    ...orgSearchFields({ ...v, keywords, fieldLabels: labelsOf(fields, labelByCode) }),
  };
}

function orgUpdate(plan: OrgPlan, labelByCode: Map<string, string>): AnyBulkWriteOperation {
  const v = plan.values;
  const e = plan.existing!;
  const c = plan.changes;
  const aliases = [...e.aliases, ...plan.addAliases];
  // Fields and keywords are added to, never replaced (import.conflicts.ts).
  const fields = c.industryFields ? [...new Set([...e.fields, ...plan.terms.codes])] : e.fields;
  const keywords = c.keywords ? mergeLabels(e.keywords ?? [], plan.terms.keywords) : (e.keywords ?? []);
  const merged = {
    intro: c.intro ? v.intro : e.intro,
    capabilities: c.capabilities ? v.capabilities : e.capabilities,
    needs: c.needs ? v.needs : e.needs,
  };
  const { nameKey: _unchanged, ...search } = orgSearchFields({
    name: e.name,
    aliases,
    ...merged,
    keywords,
    fieldLabels: labelsOf(fields, labelByCode),
  });
  return {
    updateOne: {
      filter: { _id: e._id },
      update: {
        $set: compact({
          aliases,
          fields,
          keywords: c.keywords ? keywords : undefined,
          kind: c.kind ? v.kind : undefined,
          'region.province': c.province ? v.province : undefined,
          'region.city': c.city ? v.city : undefined,
          allianceRole: c.allianceRole ? v.allianceRole : undefined,
          ...(c.intro || c.capabilities || c.needs ? merged : {}),
          ...search,
        }),
      },
    },
  };
}

/** Labels to index for search; a code without a label (a removed field) is not searchable text. */
const labelsOf = (codes: string[], labelByCode: Map<string, string>) =>
  codes.map((code) => labelByCode.get(code)).filter((label): label is string => !!label);

function newPerson(
  plan: PersonPlan,
  importId: Types.ObjectId,
  orgId: Types.ObjectId | null,
  orgName: string | null,
) {
  const v = plan.values;
  return {
    _id: new Types.ObjectId(),
    importKey: `${importId.toHexString()}:${plan.row}`,
    ...compact({
      name: v.name,
      title: v.title,
      orgId,
      expertise: v.expertise,
      contacts: compact({ mobile: v.mobile, email: v.email, wechatId: v.wechatId }),
    }),
    ...personSearchFields({ name: v.name, title: v.title, expertise: v.expertise, orgName }),
  };
}

function personUpdate(
  plan: PersonPlan,
  orgId: Types.ObjectId | null,
  orgName: string | null,
): AnyBulkWriteOperation {
  const v = plan.values;
  const e = plan.existing!;
  const has = (c: PersonPlan['changes'][number]) => plan.changes.includes(c);
  const title = has('title') ? v.title : e.title;
  const expertise = has('expertise') ? v.expertise : e.expertise;
  return {
    updateOne: {
      filter: { _id: e._id },
      update: {
        $set: compact({
          title: has('title') ? v.title : undefined,
          expertise: has('expertise') ? v.expertise : undefined,
          'contacts.mobile': has('mobile') ? v.mobile : undefined,
          'contacts.email': has('email') ? v.email : undefined,
          'contacts.wechatId': has('wechatId') ? v.wechatId : undefined,
          orgId: has('orgId') ? orgId : undefined,
          ...personSearchFields({ name: e.name, title, expertise, orgName }),
        }),
      },
    },
  };
}
