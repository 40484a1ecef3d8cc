import { useCallback, useEffect, useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import {
  IMPORT_CONFLICT_CHOICES,
  IMPORT_CONFLICT_CHOICE_LABELS,
  IMPORT_TERM_ACTIONS,
  IMPORT_TERM_ACTION_LABELS,
  type ImportConflictChoice,
  type ImportJobView,
  type ImportRowView,
  type ImportTermAction,
  type ImportTermView,
} from '@alliance-hub/types';
import { fieldLabel, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import {
  chooseImportConflict,
  chooseImportTerm,
  listConflictRows,
  listImportTerms,
} from '../../../services/import-choices';
import { getImport } from '../../../services/imports';
import './choices-cards.scss';

type CardProps = {
  job: ImportJobView;
  onJob: (job: ImportJobView) => void;
  onError: (message: string | null) => void;
};

const messageOf = (failure: unknown) => (failure instanceof Error ? failure.message : '操作失败，请稍后重试');

/**
 * Values in the file that would lower or replace what the directory has (a lower 联盟职务, a less
 * specific region…). Nothing changes unless the secretariat takes the file's value here.
 */
export function ConflictsCard({ job, onJob, onError }: CardProps) {
  const [rows, setRows] = useState<ImportRowView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      try {
        const page = await listConflictRows(job.id, cursor);
        setRows((current) => (cursor ? [...current, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (failure) {
        onError(messageOf(failure));
      }
    },
    // A new revision of the dry run (its counts) may change which rows conflict.
    [job.id, job.counts],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const choose = async (row: ImportRowView, field: string, choice: ImportConflictChoice) => {
    const conflict = row.conflicts.find((c) => c.field === field);
    if (!conflict || conflict.choice === choice) return;
    try {
      const updated = await chooseImportConflict(job.id, row.row, { field: conflict.field, choice });
      setRows((current) => current.map((item) => (item.row === updated.row ? updated : item)));
      onJob(await getImport(job.id));
    } catch (failure) {
      onError(messageOf(failure));
    }
  };

  if (rows.length === 0) return null;
  return (
    <View className="ah-card ah-import-choices" data-testid="import-conflicts">
      <Text className="ah-card__title">与名录不一致 {job.counts.conflicts}</Text>
      <Text className="ah-card__text">
        文件中的这些值会降低或替换名录里已有的信息，默认保留现有；确认文件更准确时再选“采用文件”。
      </Text>
      {rows.map((row) => (
        <View key={row.row} className="ah-import-choices__row" data-row={row.row}>
          <Text className="ah-import-choices__title">
            第 {row.row} 行 · {row.organization?.match?.name ?? row.values.organization?.name}
          </Text>
          {row.conflicts.map((conflict) => (
            <View key={conflict.field} className="ah-import-choices__conflict" data-field={conflict.field}>
              <Text className="ah-import-choices__label">{conflict.label}</Text>
              <Text className="ah-import-choices__values">
                名录：{conflict.existing} → 文件：{conflict.incoming}
              </Text>
              <Text className="ah-import-choices__reason">{conflict.reason}</Text>
              <View className="ah-import-choices__options">
                {IMPORT_CONFLICT_CHOICES.map((choice) => (
                  <View
                    key={choice}
                    role="button"
                    aria-pressed={conflict.choice === choice}
                    className={`ah-import-choices__option${conflict.choice === choice ? ' ah-import-choices__option--chosen' : ''}`}
                    onClick={() => void choose(row, conflict.field, choice)}
                  >
                    <Text>{IMPORT_CONFLICT_CHOICE_LABELS[choice]}</Text>
                  </View>
                ))}
              </View>
            </View>
          ))}
        </View>
      ))}
      {nextCursor ? (
        <View className="ah-import-choices__more" role="button" onClick={() => void load(nextCursor)}>
          <Text>加载更多</Text>
        </View>
      ) : null}
    </View>
  );
}

/**
 * 行业领域 terms the taxonomy does not know: kept as keywords unless the secretariat makes one a
 * new industry field or files it under an existing one. Nothing joins the taxonomy unasked.
 */
export function TermsCard({ job, onJob, onError }: CardProps) {
  const [terms, setTerms] = useState<ImportTermView[]>([]);
  const fields = useIndustryFields(true);

  useEffect(() => {
    let live = true;
    listImportTerms(job.id).then(
      (list) => live && setTerms(list.items),
      (failure: unknown) => onError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
    // Reload when a new dry run (mapping change) may have changed the terms.
  }, [job.id, job.counts]);

  const choose = async (term: ImportTermView, action: ImportTermAction, fieldCode?: string) => {
    try {
      const list = await chooseImportTerm(job.id, { term: term.term, action, fieldCode });
      setTerms(list.items);
      onJob(await getImport(job.id));
    } catch (failure) {
      onError(messageOf(failure));
    }
  };

  if (terms.length === 0) return null;
  return (
    <View className="ah-card ah-import-choices" data-testid="import-terms">
      <Text className="ah-card__title">未收录的领域词 {terms.length}</Text>
      <Text className="ah-card__text">
        默认作为单位的关键词保存（可搜索），不会加入行业领域分类；需要时可新增为行业领域，或归入已有领域。
      </Text>
      {terms.map((term) => (
        <View key={term.term} className="ah-import-choices__term" data-term={term.term}>
          <Text className="ah-import-choices__label">
            {term.term}
            <Text className="ah-import-choices__count"> · {term.rows} 行</Text>
          </Text>
          <View className="ah-import-choices__options">
            {IMPORT_TERM_ACTIONS.filter((a) => a !== 'map').map((action) => (
              <View
                key={action}
                role="button"
                aria-pressed={term.action === action}
                className={`ah-import-choices__option${term.action === action ? ' ah-import-choices__option--chosen' : ''}`}
                onClick={() => (term.action === action ? undefined : void choose(term, action))}
              >
                <Text>{IMPORT_TERM_ACTION_LABELS[action]}</Text>
              </View>
            ))}
            <Picker
              mode="selector"
              range={fields.map((f) => f.label)}
              onChange={(event) => {
                const field = fields[Number(event.detail.value)];
                if (field) void choose(term, 'map', field.code);
              }}
            >
              <View
                role="button"
                aria-pressed={term.action === 'map'}
                className={`ah-import-choices__option${term.action === 'map' ? ' ah-import-choices__option--chosen' : ''}`}
              >
                <Text>
                  {term.action === 'map' && term.fieldCode
                    ? `归入：${fieldLabel(fields, term.fieldCode)}`
                    : IMPORT_TERM_ACTION_LABELS.map}{' '}
                  ▾
                </Text>
              </View>
            </Picker>
          </View>
        </View>
      ))}
    </View>
  );
}
