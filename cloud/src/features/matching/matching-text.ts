import type { Jieba } from '@node-rs/jieba';
import { createJieba } from '../publications/segmenter';

/**
 * Turning listing text into matching terms: jieba (search mode, so 铝合金 also yields 合金) with
 * the domain dictionary plus every term of the synonym table, then each word replaced by its
 * group's canonical term, so 锂电 and 锂离子电池 are one term. Generic words of the genre
 * (公司, 希望, 寻求…) are dropped here; words every listing uses (技术, 研发, 提高, 关键) are
 * kept and left to IDF, which weighs them near zero.
 */

const STOPWORDS = new Set(
  (
    '的 了 和 与 及 或 等 在 对 为 以 将 把 被 从 中 上 下 其 该 本 此 这 那 我 我们 我司 我厂 我单位 公司 企业 单位 ' +
    '本公司 贵 希望 寻求 需要 需求 要求 拟 计划 目前 现 现有 已 已经 可 可以 能 能够 进行 通过 采用 实现 具有 具备 ' +
    '主要 相关 方面 问题 情况 方案 合作 引进 引入 提供 开发 研究 一种 一个 以及 并 且 而 但 如 若 较 更 最 很 ' +
    '优先 尽快 同时 长期 大量 较大 较高 比较 经常 有时 左右 以上 以下 达到 达 约 多家 多个 多 少 高 低 大 小 好'
  ).split(/\s+/),
);

/** Single characters that are terms in this trade (elements, base materials); others are noise. */
const SINGLE_CHAR_TERMS = new Set('钢铁铝铜镁钛镍钴锂锰锌铬钒钠硅碳氢氧氮锡铅钨钼锆银金铂稀膜砂'.split(''));

const WORD = /[\p{Script=Han}\p{L}\p{N}]/u;

export const normalizeTerm = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** Canonical term per variant, from synonym groups whose first term is the canonical one. */
export type SynonymMap = ReadonlyMap<string, string>;

export function buildSynonymMap(groups: ReadonlyArray<readonly string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const group of groups) {
    const canonical = normalizeTerm(group[0] ?? '');
    if (!canonical) continue;
    for (const term of group) {
      const key = normalizeTerm(term);
      // A term claimed by two groups keeps its first group: the service refuses such edits anyway.
      if (key && !map.has(key)) map.set(key, canonical);
    }
  }
  return map;
}

export type Analyzer = {
  /** Terms of a text with repetitions (for term frequencies), canonical forms. */
  terms(text: string | null | undefined): string[];
  /** Every surface form of a canonical term the table knows (for highlighting). */
  variants(term: string): string[];
  synonyms: SynonymMap;
};

function keep(word: string): boolean {
  if (!WORD.test(word) || STOPWORDS.has(word)) return false;
  if (word.length === 1) return SINGLE_CHAR_TERMS.has(word);
  // Bare numbers ("120", "2") say nothing about the subject; model numbers like tc4 or 22mnb5 do.
  return !/^[\d.]+$/.test(word);
}

export function createAnalyzer(groups: ReadonlyArray<readonly string[]>, segmenter?: Jieba): Analyzer {
  const synonyms = buildSynonymMap(groups);
  const jieba = segmenter ?? createJieba([...synonyms.keys(), ...groups.flat()]);
  const variantsOf = new Map<string, string[]>();
  for (const [variant, canonical] of synonyms) {
    const list = variantsOf.get(canonical) ?? [];
    list.push(variant);
    variantsOf.set(canonical, list);
  }
  return {
    synonyms,
    terms(text) {
      if (!text) return [];
      const out: string[] = [];
      for (const raw of jieba.cutForSearch(normalizeTerm(text), true)) {
        const word = raw.trim();
        if (!keep(word)) continue;
        out.push(synonyms.get(word) ?? word);
      }
      return out;
    },
    variants(term) {
      return variantsOf.get(term) ?? [term];
    },
  };
}
