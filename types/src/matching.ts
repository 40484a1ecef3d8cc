import { z } from './zod';
import { ObjectIdString, Text } from './common';
import { Maturity } from './achievements';

/**
 * Matching (精准对接): for a demand the achievements and experts that may answer it, for an
 * achievement the demands and enterprises that may take it up, each with reasons a person can
 * check in seconds; feedback on results; recommendations; the synonym table.
 */

export const MATCH_BANDS = ['strong', 'possible', 'weak'] as const;
export const MatchBand = z.enum(MATCH_BANDS);
export type MatchBand = z.infer<typeof MatchBand>;
export const MATCH_BAND_LABELS: Record<MatchBand, string> = {
  strong: '高度匹配',
  possible: '可能匹配',
  weak: '弱相关',
};

/** What a result is: an achievement or an expert (for a demand), a demand or an enterprise (for an achievement). */
export const MATCH_TARGET_KINDS = ['achievement', 'expert', 'demand', 'organization'] as const;
export const MatchTargetKind = z.enum(MATCH_TARGET_KINDS, { error: '请选择结果类型' });
export type MatchTargetKind = z.infer<typeof MatchTargetKind>;
export const MATCH_TARGET_LABELS: Record<MatchTargetKind, string> = {
  achievement: '科技成果',
  expert: '专家',
  demand: '技术需求',
  organization: '企业',
};

export const MATURITY_FITS = ['fit', 'below', 'mismatch', 'unknown'] as const;
export const MaturityFit = z.enum(MATURITY_FITS);
export type MaturityFit = z.infer<typeof MaturityFit>;
export const MATURITY_FIT_LABELS: Record<MaturityFit, string> = {
  fit: '成熟度符合需求',
  below: '成熟度略低于需求',
  mismatch: '成熟度明显不足',
  unknown: '需求未说明成熟度',
};

/** Why a coordinator or the owner says a result does not fit: a fixed list, counted in the statistics. */
export const MATCH_DISMISS_REASONS = [
  'too_early',
  'cost',
  'not_our_field',
  'already_tried',
  'unclear',
  'other',
] as const;
export const MatchDismissReason = z.enum(MATCH_DISMISS_REASONS, { error: '请选择不合适的原因' });
export type MatchDismissReason = z.infer<typeof MatchDismissReason>;
export const MATCH_DISMISS_REASON_LABELS: Record<MatchDismissReason, string> = {
  too_early: '成果太早期',
  cost: '成本不合适',
  not_our_field: '不是我们的领域',
  already_tried: '已经尝试过',
  unclear: '描述不清楚',
  other: '其他原因',
};

export const MATCH_VERDICTS = ['dismissed', 'connected'] as const;
export const MatchVerdict = z.enum(MATCH_VERDICTS, { error: '请选择反馈类型' });
export type MatchVerdict = z.infer<typeof MatchVerdict>;
export const MATCH_VERDICT_LABELS: Record<MatchVerdict, string> = {
  dismissed: '不合适',
  connected: '已对接',
};

export const MatchListQuery = z.strictObject({
  kind: z.preprocess((v) => (v === '' ? undefined : v), MatchTargetKind.optional()),
  limit: z.coerce.number().int().min(1, '数量至少为 1').max(50, '一次最多 50 条').default(10),
});
export type MatchListQuery = z.input<typeof MatchListQuery>;

/** A range of a text to highlight: UTF-16 offsets, end exclusive (what String.slice takes). */
export const HighlightSpan = z.object({ start: z.number().int(), end: z.number().int() });
export type HighlightSpan = z.infer<typeof HighlightSpan>;

/** A text as shown with its highlights. */
export const HighlightedText = z.object({ text: z.string(), spans: z.array(HighlightSpan) });
export type HighlightedText = z.infer<typeof HighlightedText>;

export const MatchedTermView = z.object({
  /** The term after synonym expansion (its table entry's first term). */
  term: z.string(),
  /** Other names it goes by in the synonym table (锂电, 锂电池 for 锂离子电池). */
  synonyms: z.array(z.string()),
  /** Set when the term was reached through co-occurrence in the library, not written in the subject. */
  via: z.string().nullable(),
});
export type MatchedTermView = z.infer<typeof MatchedTermView>;

export const EARLIER_CONTACT_KINDS = ['card_exchange', 'interaction', 'intent'] as const;
export const EarlierContactKind = z.enum(EARLIER_CONTACT_KINDS);
export type EarlierContactKind = z.infer<typeof EarlierContactKind>;
export const EARLIER_CONTACT_LABELS: Record<EarlierContactKind, string> = {
  card_exchange: '交换过名片',
  interaction: '有往来记录',
  intent: '有合作意向',
};

export const MatchExplanationView = z.object({
  terms: z.array(MatchedTermView),
  /** The subject (the demand or achievement asked about) and the result, with matched terms highlighted. */
  subject: z.object({ title: HighlightedText, text: HighlightedText }),
  target: z.object({ title: HighlightedText, text: HighlightedText }),
  sharedFields: z.array(z.object({ code: z.string(), label: z.string() })),
  maturity: z.object({
    fit: MaturityFit,
    /** What the demand asks, read from its text; null when it does not say. */
    required: Maturity.nullable(),
    offered: Maturity.nullable(),
  }),
  region: z.object({ same: z.boolean(), province: z.string().nullable() }),
  /** 曾有接触: the two organizations met before (card exchanges, logged interactions, intents). */
  earlierContact: z.array(EarlierContactKind),
});
export type MatchExplanationView = z.infer<typeof MatchExplanationView>;

export const MatchResultView = z.object({
  kind: MatchTargetKind,
  id: z.string(),
  title: z.string(),
  /** The owner organization (achievements, demands), or organization and title (experts). */
  subtitle: z.string().nullable(),
  organizationId: z.string().nullable(),
  score: z.number().min(0).max(1),
  band: MatchBand,
  explanation: MatchExplanationView,
});
export type MatchResultView = z.infer<typeof MatchResultView>;

export const MatchListView = z.object({
  subject: z.object({ kind: z.enum(['demand', 'achievement']), id: z.string(), title: z.string() }),
  results: z.array(MatchResultView),
  /** No strong result: a plain suggestion to broaden, so nobody reads weak results as answers. */
  hint: z.string().nullable(),
  /** Results someone marked 不合适 and left out of this list. */
  dismissedCount: z.number().int(),
  /** Whether the viewer may give feedback (coordinators and the subject's owner organization). */
  canGiveFeedback: z.boolean(),
});
export type MatchListView = z.infer<typeof MatchListView>;

export const MatchFeedbackBody = z
  .strictObject({
    targetKind: MatchTargetKind,
    targetId: ObjectIdString,
    verdict: MatchVerdict,
    reason: MatchDismissReason.optional(),
    note: Text(200).optional(),
  })
  .refine((b) => b.verdict !== 'dismissed' || !!b.reason, {
    message: '请选择不合适的原因',
    path: ['reason'],
  })
  .refine((b) => b.verdict !== 'dismissed' || b.reason !== 'other' || !!b.note, {
    message: '选择“其他原因”时请简要说明',
    path: ['note'],
  });
export type MatchFeedbackBody = z.input<typeof MatchFeedbackBody>;

export const MatchFeedbackView = z.object({
  id: z.string(),
  targetKind: MatchTargetKind,
  targetId: z.string(),
  verdict: MatchVerdict,
  reason: MatchDismissReason.nullable(),
  note: z.string().nullable(),
  /** The lead recorded in the pipeline for 已对接, once recorded. */
  intentId: z.string().nullable(),
  createdAt: z.string(),
});
export type MatchFeedbackView = z.infer<typeof MatchFeedbackView>;

/** 为你推荐: new demands for universities and institutes, new achievements for enterprises. */
export const RecommendationItemView = z.object({
  kind: z.enum(['demand', 'achievement']),
  id: z.string(),
  title: z.string(),
  ownerName: z.string().nullable(),
  fields: z.array(z.string()),
  publishedAt: z.string().nullable(),
  score: z.number().min(0).max(1),
  band: MatchBand,
  terms: z.array(z.string()),
});
export type RecommendationItemView = z.infer<typeof RecommendationItemView>;

export const RecommendationListView = z.object({
  kind: z.enum(['demand', 'achievement']).nullable(),
  /** Why these: "按贵单位的领域和成果推荐新发布的技术需求". Null with no items when there is nothing to go on. */
  reason: z.string().nullable(),
  items: z.array(RecommendationItemView),
});
export type RecommendationListView = z.infer<typeof RecommendationListView>;

export const SYNONYM_LIMITS = { term: 30, terms: 12 } as const;

const SynonymTerms = z
  .array(Text(SYNONYM_LIMITS.term), { error: '请填写同义词' })
  .min(2, '至少填写 2 个词：标准名称和它的同义词或简称')
  .max(SYNONYM_LIMITS.terms, `一组最多 ${SYNONYM_LIMITS.terms} 个词`)
  .refine(
    (terms) => new Set(terms.map((t) => t.toLowerCase())).size === terms.length,
    '同一组里的词不能重复',
  );

export const SynonymCreateBody = z.strictObject({ terms: SynonymTerms });
export type SynonymCreateBody = z.input<typeof SynonymCreateBody>;
export const SynonymUpdateBody = z.strictObject({ terms: SynonymTerms, version: z.number().int().min(0) });
export type SynonymUpdateBody = z.input<typeof SynonymUpdateBody>;

export const SynonymGroupView = z.object({
  id: z.string(),
  /** The first term is the standard name shown in explanations. */
  terms: z.array(z.string()),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type SynonymGroupView = z.infer<typeof SynonymGroupView>;

export const SynonymListQuery = z.strictObject({
  q: z.preprocess((v) => (v === '' ? undefined : v), Text(30).optional()),
});
export type SynonymListQuery = z.input<typeof SynonymListQuery>;

export const SynonymListView = z.object({ items: z.array(SynonymGroupView) });
export type SynonymListView = z.infer<typeof SynonymListView>;
