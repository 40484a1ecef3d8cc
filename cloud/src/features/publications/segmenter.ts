import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/**
 * Terms of the alliance's trade that jieba's general dictionary splits or misreads ("芳纶" is
 * not in it; "增材制造" would come out as 增材/制造). One word per line, with a high frequency so
 * the segmenter keeps them whole; search mode still emits the shorter words inside them
 * (钛合金 → 合金, 钛合金), so a search for 合金 finds them too.
 */
export const DOMAIN_TERMS = [
  '芳纶',
  '碳纤维',
  '玄武岩纤维',
  '超高分子量聚乙烯',
  '铝合金',
  '镁合金',
  '钛合金',
  '铜合金',
  '高温合金',
  '高熵合金',
  '形状记忆合金',
  '非晶合金',
  '粉末冶金',
  '增材制造',
  '激光熔覆',
  '热处理',
  '表面改性',
  '搅拌摩擦焊',
  '激光焊接',
  '轻量化',
  '稀土',
  '硬质合金',
  '复合材料',
  '陶瓷基复合材料',
  '金属基复合材料',
  '石墨烯',
  '锂电池',
  '固态电池',
  '氢燃料电池',
  '储氢合金',
  '轧制',
  '锻造',
  '铸造',
  '挤压成形',
  '无损检测',
  '疲劳寿命',
  '耐腐蚀',
  '涂层',
  '靶材',
  '焊丝',
];

let instance: Jieba | undefined;

/**
 * A jieba with the general dictionary, the domain terms and any extra words (matching adds its
 * synonym table, so "PI膜" stays one word). Takes about half a second: create once and keep it.
 */
export function createJieba(extraTerms: readonly string[] = []): Jieba {
  const segmenter = Jieba.withDict(dict);
  const words = [...DOMAIN_TERMS, ...extraTerms].filter((term) => !/\s/.test(term));
  segmenter.loadDict(Buffer.from(words.map((term) => `${term} 100000 n`).join('\n')));
  return segmenter;
}

/** Loading jieba's dictionary takes about half a second, so it happens once, on first use. */
function jieba(): Jieba {
  instance ??= createJieba();
  return instance;
}

const WORD = /[\p{Script=Han}\p{L}\p{N}]/u;
const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/** Words of a document, search mode: long words and the dictionary words inside them. */
export function documentWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return jieba()
    .cutForSearch(normalize(text), true)
    .map((w) => w.trim())
    .filter((w) => WORD.test(w));
}

/** Words of a query, precise mode: "钛合金 粉末" → 钛合金, 粉末. */
export function queryWords(query: string): string[] {
  return [
    ...new Set(
      jieba()
        .cut(normalize(query), true)
        .map((w) => w.trim())
        .filter((w) => WORD.test(w)),
    ),
  ].slice(0, 12);
}
