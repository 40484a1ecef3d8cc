import areaData from 'china-area-data/data.json';

/**
 * The one place that decides how a region is spelled. Provinces and cities are stored in their
 * full official names (辽宁省, 广西壮族自治区, 北京市; 沈阳市, 大兴安岭地区, 延边朝鲜族自治州) so that
 * "辽宁/沈阳" from a spreadsheet and "辽宁省/沈阳市" from a form are one region, and the province
 * filter never splits a province in two. The names come from china-area-data (GB/T 2260 codes,
 * kept current by its maintainers) rather than a hand-kept table that would go stale when
 * divisions change (莱芜 merged into 济南 in 2019, for instance).
 */

type AreaData = Record<string, Record<string, string> | undefined>;
const AREAS = areaData as AreaData;

/** Municipalities and the SARs have no prefecture level: their "city" is the province itself. */
const CITY_IS_PROVINCE = /^(北京|天津|上海|重庆)市$|特别行政区$/;
/** Placeholders in the dataset that are not cities; their children (县级市 such as 仙桃市) are. */
const NOT_A_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const PROVINCE_SUFFIX = /(省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$/;
const ONLY_PROVINCE_SUFFIX = new RegExp(`^${PROVINCE_SUFFIX.source}`);

export type Region = { province: string | null; city: string | null };

type Province = { name: string; short: string; cities: string[] };

const squash = (text: string) => text.normalize('NFKC').replace(/[\s\u3000]+/g, '');

function loadProvinces(): Province[] {
  return Object.entries(AREAS['86'] ?? {}).map(([code, name]) => {
    const cities: string[] = [];
    for (const [cityCode, cityName] of Object.entries(AREAS[code] ?? {})) {
      if (!NOT_A_CITY.test(cityName)) cities.push(cityName);
      else if (cityName.includes('直辖县级')) cities.push(...Object.values(AREAS[cityCode] ?? {}));
    }
    return {
      name,
      short: name.replace(PROVINCE_SUFFIX, ''),
      cities: CITY_IS_PROVINCE.test(name) ? [] : cities,
    };
  });
}

const PROVINCES = loadProvinces();
const BY_NAME = new Map(PROVINCES.map((p) => [p.name, p]));

/** Every official province-level name, in the order of their codes (北京市 … 澳门特别行政区). */
export const PROVINCE_NAMES: readonly string[] = PROVINCES.map((p) => p.name);

function findProvince(text: string): Province | undefined {
  const key = squash(text);
  if (!key) return undefined;
  const exact = BY_NAME.get(key);
  if (exact) return exact;
  // 辽宁 / 广西 / 广西自治区 / 内蒙古 / 北京: the short name, optionally with any official suffix.
  return PROVINCES.find(
    (p) =>
      key === p.short || (key.startsWith(p.short) && ONLY_PROVINCE_SUFFIX.test(key.slice(p.short.length))),
  );
}

/** The official name of a province written any common way, or null when it is not one. */
export function canonicalProvince(text: string | null | undefined): string | null {
  return text ? (findProvince(text)?.name ?? null) : null;
}

function findCity(key: string, within: Province[]): { city: string; province: Province } | undefined {
  const hits: Array<{ city: string; province: Province }> = [];
  for (const province of within) {
    for (const city of province.cities) {
      if (city === key) return { city, province };
      // 沈阳 → 沈阳市, 大兴安岭 → 大兴安岭地区, 延边 → 延边朝鲜族自治州; two letters at least.
      if (key.length >= 2 && city.startsWith(key)) hits.push({ city, province });
    }
  }
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Province and city in their official spelling. A city names its province when the province is
 * missing (齐齐哈尔 → 黑龙江省); for a municipality the city is the municipality (北京市). Text that
 * is not a known division (a district, 海外) is kept as written, trimmed, rather than dropped.
 */
export function normalizeRegion(region: { province?: string | null; city?: string | null }): Region {
  const provinceText = squash(region.province ?? '');
  const cityText = squash(region.city ?? '');
  let province = provinceText ? findProvince(provinceText) : undefined;
  if (!province && cityText) {
    const cityAsProvince = findProvince(cityText);
    if (cityAsProvince && CITY_IS_PROVINCE.test(cityAsProvince.name) && !provinceText)
      province = cityAsProvince;
  }
  let city: string | null = cityText || null;
  if (province && CITY_IS_PROVINCE.test(province.name)) {
    if (!cityText || findProvince(cityText) === province) city = province.name;
  } else if (cityText) {
    const found = findCity(cityText, province ? [province] : PROVINCES);
    if (found) {
      city = found.city;
      province ??= found.province;
    }
  }
  return { province: province?.name ?? (provinceText || null), city };
}

/**
 * Province and city from one 所在地 cell: "辽宁省沈阳市", "辽宁 沈阳", "沈阳市", "北京市",
 * "广西壮族自治区南宁市" — then normalized.
 */
export function parseRegion(text: string): Region {
  const parts = text
    .trim()
    .split(/[\s,，/·\-、]+/)
    .filter(Boolean);
  if (parts.length >= 2) return normalizeRegion({ province: parts[0], city: parts[1] });
  const one = squash(parts[0] ?? '');
  if (!one) return { province: null, city: null };
  // The longest province spelling the text starts with: "黑龙江省哈尔滨市" → 黑龙江省 + 哈尔滨市.
  for (let end = Math.min(one.length, 12); end >= 2; end--) {
    const province = findProvince(one.slice(0, end));
    if (province) return normalizeRegion({ province: province.name, city: one.slice(end) || null });
  }
  return normalizeRegion({ province: null, city: one });
}

/**
 * The stored spellings a province filter matches: the official name and its short form, so
 * records written before regions were normalized (辽宁) are found by 辽宁省 and vice versa.
 */
export function provinceSpellings(text: string): string[] {
  const province = findProvince(text);
  if (!province) return [text.trim()];
  return [...new Set([province.name, province.short])];
}

/** A MongoDB condition on `region.province` for the directory's province filter. */
export const provinceCondition = (text: string) => ({ $in: provinceSpellings(text) });

/** True when a region is stored in its canonical spelling already (used by the start-up migration). */
export function isNormalized(region: Region): boolean {
  const normal = normalizeRegion(region);
  return normal.province === (region.province ?? null) && normal.city === (region.city ?? null);
}
