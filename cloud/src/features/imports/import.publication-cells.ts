import {
  COOPERATION_MODE_LABELS,
  IP_KIND_LABELS,
  MATURITY_LABELS,
  TRANSFER_MODE_LABELS,
  type CooperationMode,
  type DemandVisibility,
  type IpKind,
  type Maturity,
  type TransferMode,
} from '@alliance-hub/types';
import { headerKey, splitList } from './import.columns';

/**
 * Cell texts of achievement and demand spreadsheets → body values. Each parser answers a value,
 * or a Chinese problem naming what it could not read; an empty cell is `null` (not given).
 */
export type Parsed<T> = { value: T } | { problem: string };

const byLabel = <T extends string>(labels: Record<T, string>) =>
  new Map(Object.entries(labels).map(([code, label]) => [headerKey(label as string), code as T]));

function wordMatcher<T extends string>(labels: Record<T, string>, words: Array<[T, RegExp]>) {
  const exact = byLabel(labels);
  return (text: string): T | null => {
    const key = headerKey(text);
    return (
      exact.get(key) ??
      (key in labels ? (key as T) : null) ??
      words.find(([, re]) => re.test(key))?.[0] ??
      null
    );
  };
}

const maturityOf = wordMatcher<Maturity>(MATURITY_LABELS, [
  ['industrialised', /(产业化|量产|规模化|规模生产|批量生产|推广应用)/],
  ['small_batch', /(小批量|小批|试生产|试产)/],
  ['pilot', /(中试|工程化|样机)/],
  ['lab', /(实验室|小试|研发阶段|原理|样品)/],
]);

export function parseMaturity(text: string): Parsed<Maturity> | null {
  if (!text) return null;
  const value = maturityOf(text);
  return value
    ? { value }
    : { problem: `成熟度「${text}」无法识别（可填：${Object.values(MATURITY_LABELS).join('、')}）` };
}

const transferModeOf = wordMatcher<TransferMode>(TRANSFER_MODE_LABELS, [
  ['equity', /入股/],
  ['joint_development', /合作/],
  ['license', /(许可|授权)/],
  ['transfer', /转让/],
  ['service', /(服务|咨询)/],
]);
const cooperationModeOf = wordMatcher<CooperationMode>(COOPERATION_MODE_LABELS, [
  ['commissioned', /委托/],
  ['joint_research', /攻关/],
  ['joint_development', /合作/],
  ['license', /许可/],
  ['transfer', /转让/],
  ['consulting', /(咨询|服务)/],
]);

function modeList<T extends string>(
  text: string,
  of: (part: string) => T | null,
  label: string,
  labels: Record<T, string>,
): Parsed<T[]> | null {
  if (!text) return null;
  const values: T[] = [];
  for (const part of splitList(text)) {
    const value = of(part);
    if (!value)
      return { problem: `${label}「${part}」无法识别（可填：${Object.values(labels).join('、')}）` };
    if (!values.includes(value)) values.push(value);
  }
  return { value: values };
}

export const parseTransferModes = (text: string) =>
  modeList(text, transferModeOf, '转化方式', TRANSFER_MODE_LABELS);
export const parseCooperationModes = (text: string) =>
  modeList(text, cooperationModeOf, '合作方式', COOPERATION_MODE_LABELS);

const ipKindOf = wordMatcher<IpKind>(IP_KIND_LABELS, [
  ['utility_model', /实用新型/],
  ['invention_patent', /发明/],
  ['software_copyright', /(软件著作权|软著|著作权)/],
  ['know_how', /(技术秘密|专有技术|非专利技术)/],
]);
const PATENT_NUMBER = /(?:zl|cn)?\s*(\d{4})([123])\d{7}\.?[\dx]/i;

/**
 * "发明专利 ZL201910123456.7；实用新型：ZL202020654321.X；软件著作权 2021SR0123456". A bare
 * Chinese application number says its kind in its fifth digit (1 invention, 2 utility model).
 */
export function parseIp(text: string): Parsed<Array<{ kind: IpKind; number?: string }>> | null {
  if (!text || /^(无|暂无|没有|-)$/.test(text.trim())) return null;
  const items: Array<{ kind: IpKind; number?: string }> = [];
  for (const part of text
    .split(/[;；\n、]+/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const labelled = /^([^\s:：\dA-Za-z]+)[\s:：]*(.*)$/.exec(part);
    let kind = labelled ? ipKindOf(labelled[1]) : null;
    let number = (kind ? labelled![2] : part).replace(/^[(（]|[)）]$/g, '').trim();
    if (!kind) {
      const patent = PATENT_NUMBER.exec(part);
      if (patent?.[2] === '1') kind = 'invention_patent';
      else if (patent?.[2] === '2') kind = 'utility_model';
      else if (/sr\d/i.test(part)) kind = 'software_copyright';
      number = part.trim();
    }
    if (!kind)
      return {
        problem: `知识产权「${part}」无法识别类型（请写明${Object.values(IP_KIND_LABELS).join('、')}）`,
      };
    items.push(number ? { kind, number } : { kind });
  }
  return { value: items };
}

const NEGOTIABLE = /^(面议|议价|协商|商议|待定|面谈)/;

/** An amount in 万元 from "50", "50万", "50 万元", "￥500,000元", "1.2亿". */
function amountWan(text: string): number | null {
  const match = /(\d+(?:\.\d+)?)\s*(亿|万|元)?/.exec(text.replace(/[,，]/g, ''));
  if (!match) return null;
  const n = Number(match[1]);
  const unit = match[2] ?? (/元/.test(text) && !/万/.test(text) ? '元' : '万');
  const wan = unit === '亿' ? n * 10_000 : unit === '元' ? n / 10_000 : n;
  return Math.round(wan * 100) / 100;
}

export type Price = { priceWan: number | null; priceNegotiable: boolean };

export function parsePrice(text: string): Parsed<Price> | null {
  if (!text) return null;
  if (NEGOTIABLE.test(text.trim())) return { value: { priceWan: null, priceNegotiable: true } };
  const wan = amountWan(text);
  if (wan === null) return { problem: `参考价格「${text}」无法识别（填万元数字或“面议”）` };
  return { value: { priceWan: wan, priceNegotiable: false } };
}

export type Budget = { budgetMinWan: number | null; budgetMaxWan: number | null; budgetNegotiable: boolean };

/** "50-100万", "50~100", "50至100万元", "100万以上", "不超过 50 万", "50万" (an upper bound). */
export function parseBudget(text: string): Parsed<Budget> | null {
  if (!text) return null;
  if (NEGOTIABLE.test(text.trim()))
    return { value: { budgetMinWan: null, budgetMaxWan: null, budgetNegotiable: true } };
  const unit = /亿/.test(text) ? '亿' : /万/.test(text) ? '万' : /元/.test(text) ? '元' : '';
  const parts = text
    .replace(/[,，]/g, '')
    .split(/\s*(?:-|－|—|~|～|至|到)\s*/)
    .map((part) => (/\d/.test(part) ? amountWan(`${part}${/[亿万元]/.test(part) ? '' : unit}`) : null));
  if (parts.length === 2 && parts[0] !== null && parts[1] !== null)
    return { value: { budgetMinWan: parts[0], budgetMaxWan: parts[1], budgetNegotiable: false } };
  const single = parts.length === 1 ? parts[0] : null;
  if (single === null) return { problem: `预算「${text}」无法识别（如“50-100万”、“100万以上”或“面议”）` };
  const atLeast = /(以上|起|不低于|≥|>=)/.test(text);
  return {
    value: atLeast
      ? { budgetMinWan: single, budgetMaxWan: null, budgetNegotiable: false }
      : { budgetMinWan: null, budgetMaxWan: single, budgetNegotiable: false },
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2027-06-30", "2027/6/30", "2027年6月30日", "2027.6.30"; "长期"/"不限" = no deadline. */
export function parseDeadline(text: string): Parsed<string | null> | null {
  if (!text) return null;
  if (/^(长期|不限|无|暂无|长期有效)$/.test(text.trim())) return { value: null };
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.exec(text.trim());
  if (!match) return { problem: `截止日期「${text}」无法识别（如 2027-06-30）` };
  return { value: `${match[1]}-${pad(Number(match[2]))}-${pad(Number(match[3]))}` };
}

export function parseVisibility(text: string): Parsed<DemandVisibility> | null {
  if (!text) return null;
  const key = headerKey(text);
  if (/(仅|工作人员|秘书处|不公开|保密|内部|否)/.test(key)) return { value: 'staff' };
  if (/(全体|成员|公开|是|所有)/.test(key)) return { value: 'members' };
  return { problem: `公开范围「${text}」无法识别（可填：全体成员可见、仅联盟工作人员可见）` };
}
