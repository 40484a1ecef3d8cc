import { Types, type Model } from 'mongoose';
import type {
  PublicationPermissionsView,
  PublicationStatus,
  ReviewInfoView,
  SelectionItemKind,
} from '@alliance-hub/types';
import { AppError, conflict, forbidden, notFound } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { UserModel } from '../users/user.model';
import {
  assertTransition,
  changedKeys,
  SHARED_SUBSTANTIVE_KEYS,
  TRANSITIONS,
  type Transition,
} from './publication.lifecycle';
import {
  checkContactPeople,
  checkFieldCodes,
  fieldLabelsOf,
  loadOwners,
  presentContacts,
  resolveOwner,
  type OwnerLean,
} from './publication.refs';
import { publicationSearchFields, publicationSearchTiers, relevancePage } from './publication-search';
import { WITHOUT_SEARCH_KEYS, type PublicationCoreLean } from './publication.types';

type Filter = Record<string, unknown>;

/**
 * The shared service sees a collection through its shared fields only; each kind passes its
 * model cast to this view (mongoose's generics cannot express "a model with at least these").
 */
export type PublicationModel = Model<PublicationCoreLean>;

/** What the detail presenter gets besides the document. */
export type DetailContext = {
  owner: OwnerLean;
  /** The viewer is the owner organization or staff: review info and interest counts are theirs. */
  restricted: boolean;
  contacts: Awaited<ReturnType<typeof presentContacts>>;
  review: ReviewInfoView | null;
  permissions: PublicationPermissionsView;
};

export type ListContext = { owner: OwnerLean | undefined; restricted: boolean };

type SharedBody = {
  title?: string;
  fields?: string[];
  keywords?: string[];
  contactPersonIds?: string[];
};

type SharedQuery = {
  q?: string;
  cursor?: string;
  limit: number;
  field?: string;
  region?: string;
  ownerKind?: string;
  ownerOrgId?: string;
  status?: PublicationStatus;
  mine?: boolean;
};

/**
 * One kind of publication (achievement or demand): its collection, its own fields and how it
 * presents. The lifecycle, review, permissions, search, contacts, interest counts and audit
 * are the same for both and live in `createPublicationService`.
 */
export type PublicationSpec<D extends PublicationCoreLean, C, U, Q, Item, Detail> = {
  kind: SelectionItemKind;
  /** 成果 / 需求, for messages. */
  noun: string;
  model: PublicationModel;
  /** Keys (besides title, fields, keywords) whose change sends a published item back to review. */
  substantiveKeys: readonly string[];
  /** The body text(s) searched: summary + detail, or description. The first is also bigram-indexed. */
  searchTexts(doc: D): Array<string | null | undefined>;
  /** Kind-specific stored fields from a parsed body (shared keys are handled by the service). */
  stored(body: C | U): Record<string, unknown>;
  /** Checks that need the stored item, e.g. a budget minimum sent alone above the stored maximum. */
  checkUpdate?(before: D, body: U): void;
  /**
   * Dates a change of the kind's own fields marks (a demand's solvedAt when its progress becomes
   * solved); `before` is null on create. A null value removes the date.
   */
  markedDates?(before: D | null, body: C | U, now: Date): Record<string, Date | null>;
  /** Kind-specific list filters. */
  listFilter(query: Q): Filter;
  /** Who may see a published item beyond the owner and staff (staff-only demands). */
  publiclyVisible?(doc: D): boolean;
  /** The same rule as a query condition for lists. */
  publicVisibilityFilter?: Filter;
  presentItem(doc: D, ctx: ListContext): Item;
  presentDetail(doc: D, ctx: DetailContext): Detail;
};

const SHARED_KEYS = ['title', 'fields', 'keywords', 'contactPersonIds'] as const;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createPublicationService<
  D extends PublicationCoreLean,
  C extends SharedBody & { ownerOrgId?: string },
  U extends SharedBody,
  Q extends SharedQuery,
  Item,
  Detail,
>(spec: PublicationSpec<D, C, U, Q, Item, Detail>) {
  const { model, noun } = spec;
  const entity = (id: Types.ObjectId) => ({ type: spec.kind, id });

  const load = (id: string | Types.ObjectId) =>
    model.findById(id, WITHOUT_SEARCH_KEYS).lean<D>().exec() as Promise<D | null>;

  const isRestrictedViewer = (actor: Actor, doc: Pick<D, 'ownerOrgId'>) =>
    can(actor, 'publication.readRestricted', { orgId: doc.ownerOrgId });

  /** Unpublished items and staff-only demands do not exist for anyone else: 404, not 403. */
  function visibleTo(actor: Actor, doc: D): boolean {
    if (isRestrictedViewer(actor, doc)) return true;
    return doc.status === 'published' && (spec.publiclyVisible?.(doc) ?? true);
  }

  async function loadVisible(actor: Actor, id: string): Promise<D> {
    const doc = await load(id);
    if (!doc || !visibleTo(actor, doc)) throw notFound(noun);
    return doc;
  }

  async function searchKeys(doc: D, owner: OwnerLean) {
    return publicationSearchFields({
      title: doc.title,
      keywords: doc.keywords,
      texts: spec.searchTexts(doc),
      ownerName: owner.name,
      ownerAliases: owner.aliases ?? [],
      fieldLabels: await fieldLabelsOf(doc.fields),
    });
  }

  function permissionsOf(actor: Actor, doc: D): PublicationPermissionsView {
    const write = can(actor, 'publication.write', { orgId: doc.ownerOrgId });
    const review = can(actor, 'publication.review', { orgId: doc.ownerOrgId, authorId: doc.createdBy });
    const allowed = (t: Transition) =>
      (TRANSITIONS[t].from as readonly PublicationStatus[]).includes(doc.status);
    return {
      canEdit: write && doc.status !== 'archived',
      canSubmit: write && allowed('submit'),
      canReview: review && allowed('approve'),
      canArchive: write && allowed('archive'),
    };
  }

  async function reviewInfo(doc: D): Promise<ReviewInfoView> {
    const reviewer = doc.reviewedBy
      ? await UserModel.findById(doc.reviewedBy, { displayName: 1 }).lean()
      : null;
    return {
      submittedAt: doc.submittedAt?.toISOString() ?? null,
      reviewedAt: doc.reviewedAt?.toISOString() ?? null,
      reviewer: reviewer ? { id: reviewer._id.toHexString(), displayName: reviewer.displayName } : null,
      rejectionReason: doc.status === 'rejected' ? (doc.rejectionReason ?? null) : null,
    };
  }

  async function detail(actor: Actor, doc: D): Promise<Detail> {
    const owner = (await loadOwners([doc.ownerOrgId])).get(doc.ownerOrgId.toHexString());
    if (!owner) throw notFound(noun);
    const restricted = isRestrictedViewer(actor, doc);
    return spec.presentDetail(doc, {
      owner,
      restricted,
      contacts: await presentContacts(actor, doc.contactPersonIds),
      review: restricted ? await reviewInfo(doc) : null,
      permissions: permissionsOf(actor, doc),
    });
  }

  async function list(actor: Actor, query: Q): Promise<{ items: Item[]; nextCursor: string | null }> {
    const base: Filter = { ...spec.listFilter(query) };
    if (query.mine) {
      if (!actor.orgId) return { items: [], nextCursor: null };
      base.ownerOrgId = actor.orgId;
      if (query.status) base.status = query.status;
    } else {
      const status = query.status ?? 'published';
      // The review queue and other unpublished lists are the staff's (members use `mine`).
      if (status !== 'published' && !can(actor, 'publication.readRestricted', { orgId: null })) {
        throw forbidden('只有联盟工作人员可以查看待审核的内容');
      }
      base.status = status;
      if (query.ownerOrgId) base.ownerOrgId = new Types.ObjectId(query.ownerOrgId);
      if (spec.publicVisibilityFilter && !can(actor, 'publication.readRestricted', { orgId: null })) {
        base.$or = [spec.publicVisibilityFilter, ...(actor.orgId ? [{ ownerOrgId: actor.orgId }] : [])];
      }
    }
    if (query.field) base.fields = query.field;
    if (query.ownerKind) base.ownerKind = query.ownerKind;
    if (query.region) base.ownerProvince = new RegExp(`^${escapeRegex(query.region)}`);
    const { docs, nextCursor } = await relevancePage<D>(
      (filter, limit) =>
        model.find(filter, WITHOUT_SEARCH_KEYS).sort({ _id: -1 }).limit(limit).lean<D[]>().exec() as Promise<
          D[]
        >,
      publicationSearchTiers(query.q, base),
      query,
    );
    const owners = await loadOwners(docs.map((d) => d.ownerOrgId));
    return {
      items: docs.map((doc) =>
        spec.presentItem(doc, {
          owner: owners.get(doc.ownerOrgId.toHexString()),
          restricted: isRestrictedViewer(actor, doc),
        }),
      ),
      nextCursor,
    };
  }

  /** Counts a view by anyone but the owner and the staff, whose own visits would inflate it. */
  async function get(actor: Actor, id: string): Promise<Detail> {
    const doc = await loadVisible(actor, id);
    if (!isRestrictedViewer(actor, doc)) {
      await model.updateOne({ _id: doc._id }, { $inc: { views: 1 } });
    }
    return detail(actor, doc);
  }

  async function create(actor: Actor, body: C): Promise<Detail> {
    const owner = await resolveOwner(actor, body.ownerOrgId);
    await checkFieldCodes(body.fields);
    await checkContactPeople(actor, body.contactPersonIds, owner._id);
    // The author is the natural contact when they belong to the owner organization.
    const contacts =
      body.contactPersonIds ??
      (actor.personId && actor.orgId?.equals(owner._id) ? [actor.personId.toHexString()] : []);
    const fields = {
      title: body.title,
      fields: body.fields ?? [],
      keywords: body.keywords ?? [],
      contactPersonIds: contacts.map((id) => new Types.ObjectId(id)),
      ...spec.stored(body),
    };
    const draft = { ...fields, ownerOrgId: owner._id } as unknown as D;
    const dates = Object.entries(spec.markedDates?.(null, body, new Date()) ?? {}).filter(([, v]) => v);
    const created = await model.create({
      ...fields,
      ...Object.fromEntries(dates),
      ownerOrgId: owner._id,
      ownerKind: owner.kind,
      ownerProvince: owner.region?.province ?? undefined,
      status: 'draft',
      createdBy: actor.id,
      ...(await searchKeys(draft, owner)),
    });
    await recordAudit({
      actorId: actor.id,
      action: `${spec.kind}.create`,
      entity: entity(created._id),
      after: body,
    });
    return detail(actor, (await load(created._id)) as D);
  }

  async function loadWritable(actor: Actor, id: string): Promise<D> {
    const doc = await loadVisible(actor, id);
    if (!can(actor, 'publication.write', { orgId: doc.ownerOrgId })) {
      throw forbidden(`只能修改本单位发布的${noun}`);
    }
    return doc;
  }

  /**
   * A change to what is offered (title, text, fields, keywords…) of a published item sends it
   * back to review; contacts, progress and the like do not. The write is conditional on the
   * status read, so a concurrent approval or archive is not silently overwritten.
   */
  async function update(actor: Actor, id: string, body: U): Promise<Detail> {
    const before = await loadWritable(actor, id);
    if (before.status === 'archived')
      throw new AppError(409, 'INVALID_STATUS_TRANSITION', `已下架的${noun}不能修改`);
    await checkFieldCodes(body.fields);
    await checkContactPeople(actor, body.contactPersonIds, before.ownerOrgId);
    spec.checkUpdate?.(before, body);
    const set: Record<string, unknown> = {
      ...spec.stored(body),
      ...spec.markedDates?.(before, body, new Date()),
    };
    for (const key of SHARED_KEYS) {
      if (body[key] !== undefined) set[key] = body[key];
    }
    if (body.contactPersonIds) set.contactPersonIds = body.contactPersonIds.map((i) => new Types.ObjectId(i));
    const unset = Object.fromEntries(
      Object.entries(set)
        .filter(([, v]) => v === null)
        .map(([k]) => [k, 1]),
    );
    for (const key of Object.keys(unset)) delete set[key];
    const changed = changedKeys(before as unknown as Record<string, unknown>, { ...body });
    if (changed.length === 0) return detail(actor, before);
    const substantive = changed.some(
      (k) => (SHARED_SUBSTANTIVE_KEYS as readonly string[]).includes(k) || spec.substantiveKeys.includes(k),
    );
    const backToReview = before.status === 'published' && substantive;
    if (backToReview) Object.assign(set, { status: 'pending', submittedAt: new Date() });
    const owner = (await loadOwners([before.ownerOrgId])).get(before.ownerOrgId.toHexString());
    if (owner) Object.assign(set, await searchKeys({ ...before, ...set } as D, owner));
    const result = await model.updateOne(
      { _id: before._id, status: before.status },
      { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
    );
    if (result.matchedCount === 0) throw conflict(`${noun}的状态刚刚发生了变化，请刷新后重试`);
    const previous = before as unknown as Record<string, unknown>;
    await recordAudit({
      actorId: actor.id,
      action: `${spec.kind}.update`,
      entity: entity(before._id),
      before: Object.fromEntries(changed.map((k) => [k, previous[k] ?? null])),
      after: {
        ...Object.fromEntries(changed.map((k) => [k, (body as Record<string, unknown>)[k]])),
        ...(backToReview ? { status: 'pending' } : {}),
      },
    });
    return detail(actor, (await load(before._id)) as D);
  }

  async function transition(actor: Actor, id: string, action: Transition, reason?: string): Promise<Detail> {
    const before = await loadVisible(actor, id);
    if (action === 'approve' || action === 'reject') {
      if (!can(actor, 'publication.review', { orgId: before.ownerOrgId, authorId: before.createdBy })) {
        if (can(actor, 'publication.review')) {
          throw new AppError(
            403,
            'REVIEW_OWN_ITEM',
            `不能审核自己或本单位发布的${noun}，请由其他工作人员审核`,
          );
        }
        throw forbidden(`只有联盟工作人员可以审核${noun}`);
      }
    } else if (!can(actor, 'publication.write', { orgId: before.ownerOrgId })) {
      throw forbidden(`只能操作本单位发布的${noun}`);
    }
    assertTransition(before.status, action);
    const now = new Date();
    const set: Record<string, unknown> = { status: TRANSITIONS[action].to };
    const unset: Record<string, 1> = {};
    if (action === 'submit') Object.assign(set, { submittedAt: now });
    if (action === 'approve') Object.assign(set, { publishedAt: now, reviewedAt: now, reviewedBy: actor.id });
    if (action === 'reject')
      Object.assign(set, { rejectionReason: reason, reviewedAt: now, reviewedBy: actor.id });
    if (action === 'archive') Object.assign(set, { archivedAt: now });
    if (action !== 'reject') unset.rejectionReason = 1;
    const result = await model.updateOne(
      { _id: before._id, status: before.status },
      { $set: set, $unset: unset },
    );
    if (result.matchedCount === 0) throw conflict(`${noun}的状态刚刚发生了变化，请刷新后重试`);
    await recordAudit({
      actorId: actor.id,
      action: `${spec.kind}.${action}`,
      entity: entity(before._id),
      before: { status: before.status },
      after: { status: set.status, ...(reason ? { reason } : {}) },
    });
    return detail(actor, (await load(before._id)) as D);
  }

  return {
    list,
    get,
    create,
    update,
    submit: (actor: Actor, id: string) => transition(actor, id, 'submit'),
    approve: (actor: Actor, id: string) => transition(actor, id, 'approve'),
    reject: (actor: Actor, id: string, reason: string) => transition(actor, id, 'reject', reason),
    archive: (actor: Actor, id: string) => transition(actor, id, 'archive'),
    /** The item if the actor may see it (owner and staff: any status), else 404. */
    loadVisible,
    /** For selections: the item if the actor may see it published, else 404. */
    async loadSelectable(actor: Actor, id: string): Promise<D> {
      const doc = await load(id);
      if (!doc || doc.status !== 'published' || !visibleTo(actor, doc)) throw notFound(noun);
      return doc;
    },
    /** Counts a new selection on the item (interest counts). */
    async countSelection(id: Types.ObjectId): Promise<void> {
      await model.updateOne({ _id: id }, { $inc: { selections: 1 } });
    },
  };
}
