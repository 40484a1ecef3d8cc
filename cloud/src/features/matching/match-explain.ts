import { Types } from 'mongoose';
import type { EarlierContactKind, MatchExplanationView, MatchedTermView } from '@alliance-hub/types';
import { ContactModel } from '../cards/contact.model';
import { InteractionModel } from '../interactions/interaction.model';
import { IntentModel } from '../intents/intent.model';
import { PersonModel } from '../people/person.model';
import { fieldLabelsOf } from '../publications/publication.refs';
import { highlightSpans } from './highlight';
import type { QueryTerm } from './match-index';
import type { RankedMatch } from './match-scoring';
import type { Analyzer } from './matching-text';

type Texts = { title: string; text: string };

/**
 * Terms shown: strongest first, without the pieces of a longer matched term (合金 inside 铝合金),
 * also when the longer one is known by a synonym (动车 and 车组 inside 动车组, shown as 高速列车).
 */
function shownTerms(matched: QueryTerm[], analyzer: Analyzer): QueryTerm[] {
  const sorted = [...new Map(matched.map((q) => [q.term, q])).values()].sort((a, b) => b.weight - a.weight);
  const forms = new Map(sorted.map((q) => [q.term, [q.term, ...analyzer.variants(q.term)]]));
  return sorted
    .filter(
      (q) =>
        !sorted.some(
          (other) =>
            other !== q &&
            (forms.get(other.term) ?? []).some(
              (form) => form.length > q.term.length && form.includes(q.term),
            ),
        ),
    )
    .slice(0, 10);
}

/** A term as the texts write it (MIG, not the folded mig), else as the index keeps it. */
function asWritten(term: string, texts: readonly string[]): string {
  for (const text of texts) {
    const span = highlightSpans(text, [term])[0];
    if (span) return text.slice(span.start, span.end);
  }
  return term;
}

export async function explain(
  analyzer: Analyzer,
  match: RankedMatch,
  subject: Texts,
  target: Texts,
  earlierContact: EarlierContactKind[],
): Promise<MatchExplanationView> {
  const terms = shownTerms(match.matched, analyzer);
  const texts = [subject.title, subject.text, target.title, target.text];
  const surface = (list: QueryTerm[]) => list.flatMap((q) => [q.term, ...analyzer.variants(q.term)]);
  const direct = terms.filter((q) => !q.expandedFrom);
  const termViews: MatchedTermView[] = terms.map((q) => ({
    term: asWritten(q.term, texts),
    synonyms: analyzer.variants(q.term).filter((v) => v !== q.term),
    via: q.expandedFrom ?? null,
  }));
  const labels = await fieldLabelsOf(match.sharedFields);
  return {
    terms: termViews,
    subject: {
      title: { text: subject.title, spans: highlightSpans(subject.title, surface(direct)) },
      text: { text: subject.text, spans: highlightSpans(subject.text, surface(direct)) },
    },
    target: {
      title: { text: target.title, spans: highlightSpans(target.title, surface(terms)) },
      text: { text: target.text, spans: highlightSpans(target.text, surface(terms)) },
    },
    sharedFields: match.sharedFields.map((code, i) => ({ code, label: labels[i] ?? code })),
    maturity: {
      fit: match.maturityFit,
      required: match.requiredMaturity,
      offered: match.doc.maturity ?? null,
    },
    region: { same: match.sameRegion, province: match.sameRegion ? (match.doc.province ?? null) : null },
    earlierContact,
  };
}

/** Enough history to know whether two organizations met; a huge organization is not scanned in full. */
const CONTACT_SCAN_LIMIT = 2000;

/**
 * 曾有接触: for one organization, which of the others it has met before and how: logged
 * interactions involving both, cooperation intents with both as parties, and cards exchanged
 * between their people. Three bounded queries per subject, not per result.
 */
export async function earlierContacts(
  orgId: Types.ObjectId | null | undefined,
  others: readonly string[],
): Promise<Map<string, EarlierContactKind[]>> {
  const out = new Map<string, EarlierContactKind[]>();
  if (!orgId || others.length === 0) return out;
  const wanted = new Set(others.filter((id) => id !== orgId.toHexString()));
  const otherIds = [...wanted].map((id) => new Types.ObjectId(id));
  const add = (org: string, kind: EarlierContactKind) => {
    if (!wanted.has(org)) return;
    const kinds = out.get(org) ?? [];
    if (!kinds.includes(kind)) kinds.push(kind);
    out.set(org, kinds);
  };
  const interactions = await InteractionModel.find(
    { orgIds: { $all: [orgId] }, 'orgIds.1': { $exists: true } },
    { orgIds: 1 },
  )
    .where('orgIds')
    .in(otherIds)
    .limit(CONTACT_SCAN_LIMIT)
    .lean();
  for (const row of interactions) for (const id of row.orgIds ?? []) add(id.toHexString(), 'interaction');
  const intents = await IntentModel.find({ partyOrgIds: orgId }, { partyOrgIds: 1 })
    .where('partyOrgIds')
    .in(otherIds)
    .limit(CONTACT_SCAN_LIMIT)
    .lean();
  for (const row of intents) for (const id of row.partyOrgIds ?? []) add(id.toHexString(), 'intent');
  const ours = await PersonModel.find({ orgId }, { _id: 1 }).limit(CONTACT_SCAN_LIMIT).lean();
  const theirs = await PersonModel.find({ orgId: { $in: otherIds } }, { _id: 1, orgId: 1 })
    .limit(CONTACT_SCAN_LIMIT * 5)
    .lean();
  if (ours.length > 0 && theirs.length > 0) {
    const orgOf = new Map(theirs.map((p) => [p._id.toHexString(), p.orgId?.toHexString() ?? '']));
    const ourIds = ours.map((p) => p._id);
    const theirIds = theirs.map((p) => p._id);
    const exchanges = await ContactModel.find(
      {
        $or: [
          { ownerPersonId: { $in: ourIds }, personId: { $in: theirIds } },
          { personId: { $in: ourIds }, ownerPersonId: { $in: theirIds } },
        ],
      },
      { ownerPersonId: 1, personId: 1 },
    )
      .limit(CONTACT_SCAN_LIMIT)
      .lean();
    for (const row of exchanges) {
      const org = orgOf.get(row.ownerPersonId.toHexString()) ?? orgOf.get(row.personId.toHexString());
      if (org) add(org, 'card_exchange');
    }
  }
  return out;
}
