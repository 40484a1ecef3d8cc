import { type Types } from 'mongoose';
import {
  normalizeOrgName,
  type ApplicationCreateInput,
  type ApplicationListQuery,
  type ApplicationView,
} from '@alliance-hub/types';
import { conflict, notFound } from '../../errors';
import { afterCursor, pageFrom } from '../../lib/pagination';
import { isDuplicateKey, retryOnDuplicate } from '../../lib/mongo-errors';
import type { Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { UserModel } from '../users/user.model';
import { normalizeRegion } from '../directory/regions';
import { orgSearchFields, personSearchFields } from '../directory/search-tokens';
import { ApplicationModel } from './application.model';
import { presentApplication, type ApplicationWithRefs } from './application.presenter';

async function findExistingOrg(nameKey: string) {
  return OrganizationModel.findOne({ $or: [{ nameKey }, { aliasKeys: nameKey }] }, { name: 1 }).lean();
}

async function loadView(id: Types.ObjectId | string): Promise<ApplicationView> {
  const doc = await ApplicationModel.findById(id)
    .populate('userId', 'displayName')
    .populate('decidedBy', 'displayName')
    .lean<ApplicationWithRefs>();
  if (!doc) throw notFound('申请');
  return presentApplication(doc, await findExistingOrg(doc.organization.nameKey));
}

export async function createApplication(
  actor: Actor,
  body: ApplicationCreateInput,
): Promise<ApplicationView> {
  const snapshot = {
    userId: actor.id,
    status: 'pending' as const,
    organization: { ...body.organization, nameKey: normalizeOrgName(body.organization.name) },
    applicant: body.applicant,
    message: body.message,
  };
  let created;
  try {
    created = await ApplicationModel.create(snapshot);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const pending = await ApplicationModel.findOne(
      { userId: actor.id, status: 'pending' },
      { _id: 1 },
    ).lean();
    throw conflict('你已有一份待审核的入会申请，请等待秘书处审核', {
      applicationId: pending?._id.toHexString(),
    });
  }
  await recordAudit({
    actorId: actor.id,
    action: 'application.create',
    entity: { type: 'application', id: created._id },
    after: snapshot,
  });
  return loadView(created._id);
}

export async function listMyApplications(actor: Actor): Promise<ApplicationView[]> {
  const ids = await ApplicationModel.find({ userId: actor.id }, { _id: 1 })
    .sort({ _id: -1 })
    .limit(20)
    .lean();
  return Promise.all(ids.map((d) => loadView(d._id)));
}

export async function listApplications(query: ApplicationListQuery) {
  const filter = query.status ? { status: query.status } : {};
  const docs = await ApplicationModel.find(afterCursor(filter, query.cursor))
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .populate('userId', 'displayName')
    .populate('decidedBy', 'displayName')
    .lean<ApplicationWithRefs[]>();
  const nameKeys = [...new Set(docs.map((d) => d.organization.nameKey))];
  const orgs = await OrganizationModel.find(
    { $or: [{ nameKey: { $in: nameKeys } }, { aliasKeys: { $in: nameKeys } }] },
    { name: 1, nameKey: 1, aliasKeys: 1 },
  ).lean();
  const orgFor = (key: string) => orgs.find((o) => o.nameKey === key || o.aliasKeys.includes(key)) ?? null;
  return pageFrom(docs, query.limit, (d) => presentApplication(d, orgFor(d.organization.nameKey)));
}

export async function withdrawApplication(actor: Actor, id: string): Promise<ApplicationView> {
  const updated = await ApplicationModel.findOneAndUpdate(
    { _id: id, userId: actor.id, status: 'pending' },
    { $set: { status: 'withdrawn', decidedAt: new Date() } },
  );
  if (!updated) {
    const own = await ApplicationModel.exists({ _id: id, userId: actor.id });
    if (!own) throw notFound('申请');
    throw conflict('该申请已处理，不能撤回');
  }
  await recordAudit({
    actorId: actor.id,
    action: 'application.withdraw',
    entity: { type: 'application', id: updated._id },
    before: { status: 'pending' },
    after: { status: 'withdrawn' },
  });
  return loadView(id);
}

/** The organization the applicant will represent: the matching record, or a new member unit. */
async function resolveOrganization(
  actor: Actor,
  app: { _id: Types.ObjectId; organization: ApplicationWithRefs['organization'] },
) {
  const existing = await findExistingOrg(app.organization.nameKey);
  if (existing) return existing._id;
  const o = app.organization;
  try {
    const org = await retryOnDuplicate(() =>
      OrganizationModel.findOneAndUpdate(
        { sourceApplicationId: app._id },
        {
          $setOnInsert: {
            name: o.name,
            kind: o.kind,
            ...orgSearchFields({ name: o.name, intro: o.intro }),
            region: normalizeRegion({ province: o.province, city: o.city }),
            creditCode: o.creditCode,
            intro: o.intro,
            allianceRole: 'member',
            membership: { status: 'active', joinedAt: new Date() },
          },
        },
        { upsert: true, returnDocument: 'after', lean: true },
      ),
    );
    if (!org) throw notFound('单位');
    await recordAudit({
      actorId: actor.id,
      action: 'organization.create',
      entity: { type: 'organization', id: org._id },
      after: { name: org.name, kind: org.kind, source: 'application' },
    });
    return org._id;
  } catch (err) {
    // Another application for the same name was approved first: represent that organization.
    if (!isDuplicateKey(err)) throw err;
    const winner = await findExistingOrg(o.nameKey);
    if (!winner) throw err;
    return winner._id;
  }
}

/**
 * Approval touches several documents without a transaction, so every step is idempotent and
 * keyed by the application: running it again after a crash finishes the job without duplicates.
 * The application is marked approved last, so "approved" always means "fully applied".
 */
export async function approveApplication(actor: Actor, id: string): Promise<ApplicationView> {
  const app = await ApplicationModel.findById(id).lean();
  if (!app) throw notFound('申请');
  if (app.status === 'approved') return loadView(id);
  if (app.status !== 'pending')
    throw conflict(`该申请已${app.status === 'rejected' ? '被拒绝' : '撤回'}，不能再通过`);

  const orgId = await resolveOrganization(actor, app);
  const orgName = (await OrganizationModel.findById(orgId, { name: 1 }).lean())?.name ?? null;
  const person = await retryOnDuplicate(() =>
    PersonModel.findOneAndUpdate(
      { sourceApplicationId: app._id },
      {
        $setOnInsert: {
          name: app.applicant.name,
          title: app.applicant.title,
          orgId,
          contacts: { mobile: app.applicant.mobile, email: app.applicant.email },
          ...personSearchFields({ name: app.applicant.name, title: app.applicant.title, orgName: orgName }),
        },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    ),
  );
  if (!person) throw notFound('人员');

  const before = await UserModel.findById(app.userId, { role: 1, orgId: 1, personId: 1 }).lean();
  if (!before) throw notFound('申请人账号');
  const role = before.role === 'guest' ? 'member' : before.role;
  await UserModel.updateOne({ _id: app.userId }, { $set: { role, orgId, personId: person._id } });
  if (before.role !== role || !before.orgId?.equals(orgId) || !before.personId?.equals(person._id)) {
    await recordAudit({
      actorId: actor.id,
      action: 'user.link',
      entity: { type: 'user', id: app.userId },
      before: { role: before.role, orgId: before.orgId ?? null, personId: before.personId ?? null },
      after: { role, orgId, personId: person._id },
    });
  }

  const decided = await ApplicationModel.updateOne(
    { _id: app._id, status: 'pending' },
    { $set: { status: 'approved', decidedAt: new Date(), decidedBy: actor.id, orgId, personId: person._id } },
  );
  if (decided.modifiedCount === 1) {
    await recordAudit({
      actorId: actor.id,
      action: 'application.approve',
      entity: { type: 'application', id: app._id },
      before: { status: 'pending' },
      after: { status: 'approved', orgId, personId: person._id },
    });
  }
  return loadView(id);
}

export async function rejectApplication(actor: Actor, id: string, reason: string): Promise<ApplicationView> {
  const updated = await ApplicationModel.findOneAndUpdate(
    { _id: id, status: 'pending' },
    { $set: { status: 'rejected', decidedAt: new Date(), decidedBy: actor.id, rejectReason: reason } },
  );
  if (!updated) {
    const app = await ApplicationModel.findById(id, { status: 1, rejectReason: 1 }).lean();
    if (!app) throw notFound('申请');
    if (app.status === 'rejected' && app.rejectReason === reason) return loadView(id);
    throw conflict('该申请已处理，不能再拒绝');
  }
  await recordAudit({
    actorId: actor.id,
    action: 'application.reject',
    entity: { type: 'application', id: updated._id },
    before: { status: 'pending' },
    after: { status: 'rejected', reason },
  });
  return loadView(id);
}
