import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { StaffUserView } from '@alliance-hub/types';
import { FilterChips } from '../../../components/filter-chips';
import { listStaffUsers } from '../../../services/events';
import type { IntentFilters } from '../../../services/intents';
import { useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { OrgSearch, type OrgChoice } from './org-search';

/** The board's and the table's filters: owner, field, year, party (and the party's name to show). */
export interface BoardFilterState {
  /** Words of the topic. */
  q: string;
  ownerId: string;
  field: string;
  year: string;
  party: OrgChoice | null;
}

export const NO_FILTERS: BoardFilterState = { q: '', ownerId: '', field: '', year: '', party: null };

export function toIntentFilters(state: BoardFilterState): IntentFilters {
  return {
    q: state.q,
    ownerId: state.ownerId,
    field: state.field,
    year: state.year ? Number(state.year) : '',
    orgId: state.party?.id ?? '',
  };
}

/** The last few years: intents are followed across years, statistics count by year. */
function recentYears(now: Date = new Date()): string[] {
  const year = now.getFullYear();
  return Array.from({ length: 6 }, (_, i) => String(year - i));
}

export function BoardFilters({
  value,
  onChange,
}: {
  value: BoardFilterState;
  onChange: (next: BoardFilterState) => void;
}) {
  const [staff, setStaff] = useState<StaffUserView[]>([]);
  const fields = useIndustryFields(true);
  // Typed text searches on 回车 or leaving the box, not on every keystroke.
  const [q, setQ] = useState(value.q);
  useEffect(() => setQ(value.q), [value.q]);
  useEffect(() => {
    void listStaffUsers().then(setStaff, () => setStaff([]));
  }, []);

  const chips = [
    {
      key: 'ownerId',
      label: '负责人',
      value: value.ownerId,
      options: staff.map((user) => ({ value: user.id, label: user.displayName })),
    },
    {
      key: 'field',
      label: '领域',
      value: value.field,
      options: fields.map((field) => ({ value: field.code, label: field.label })),
    },
    {
      key: 'year',
      label: '年度',
      value: value.year,
      options: recentYears().map((year) => ({ value: year, label: `${year} 年` })),
    },
  ];

  return (
    <View className="ah-intent-filters">
      <FilterChips
        chips={chips}
        onChange={(key, next) => onChange({ ...value, [key]: next })}
        onClearAll={() => onChange(NO_FILTERS)}
      />
      <View className="ah-intent-filters__party">
        <Input
          className="ah-intents__input ah-intent-filters__q"
          aria-label="搜索意向名称"
          value={q}
          placeholder="搜索意向名称（回车搜索）"
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => onChange({ ...value, q: q.trim() })}
          onBlur={() => onChange({ ...value, q: q.trim() })}
        />
        {value.party ? (
          <View
            className="ah-intents__chip ah-intents__chip--on"
            role="button"
            onClick={() => onChange({ ...value, party: null })}
          >
            <Text>参与方：{value.party.name} ✕</Text>
          </View>
        ) : (
          <OrgSearch
            label="按参与单位筛选"
            placeholder="参与单位（输入名称或简称）"
            onPick={(party) => onChange({ ...value, party })}
          />
        )}
      </View>
    </View>
  );
}
