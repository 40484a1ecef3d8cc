/**
 * The default industry-field taxonomy shared by organizations, people, achievements and
 * demands. Codes are stable identifiers; labels are what users see. The secretariat can extend
 * the list at run time (stored in the database); these are the built-in entries.
 */
export const DEFAULT_INDUSTRY_FIELDS = [
  { code: 'metal_materials', label: '金属材料' },
  { code: 'polymer_materials', label: '高分子材料' },
  { code: 'ceramic_composites', label: '陶瓷与复合材料' },
  { code: 'equipment', label: '装备制造' },
  { code: 'rail_transit', label: '轨道交通' },
  { code: 'aviation', label: '航空航天' },
  { code: 'new_energy', label: '新能源' },
  { code: 'electronics', label: '电子信息' },
  { code: 'industrial_software_ai', label: '工业软件与人工智能' },
  { code: 'biomedicine', label: '生物医药' },
  { code: 'agriculture', label: '现代农业' },
  { code: 'environment', label: '节能环保' },
  { code: 'chemicals', label: '化工' },
  { code: 'other', label: '其他' },
] as const;

/**
 * Shown for a field code no list knows (a field added since the list was fetched, or removed):
 * never the code itself, which means nothing to a reader.
 */
export const UNKNOWN_FIELD_LABEL = '未归类领域';

export type IndustryFieldCode = (typeof DEFAULT_INDUSTRY_FIELDS)[number]['code'];

export const INDUSTRY_FIELD_LABELS: Record<string, string> = Object.fromEntries(
  DEFAULT_INDUSTRY_FIELDS.map((f) => [f.code, f.label]),
);
