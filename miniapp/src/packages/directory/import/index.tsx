import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Picker, Text, View } from '@tarojs/components';
import {
  IMPORT_DIRECTORY_TARGETS,
  IMPORT_FIELDS_BY_TARGET,
  IMPORT_FIELD_LABELS,
  IMPORT_ROW_STATUSES,
  IMPORT_ROW_STATUS_LABELS,
  IMPORT_STATUS_LABELS,
  IMPORT_TARGET_LABELS,
  isDirectoryTarget,
  type ImportDecision,
  type ImportField,
  type ImportJobView,
  type ImportRowStatus,
  type ImportRowView,
  type ImportTarget,
} from '@alliance-hub/types';
import { PageShell } from '../../../components/page-shell';
import { useSession } from '../../../stores/session-store';
import {
  cancelImport,
  changeImportMapping,
  commitImport,
  decideImportRow,
  getImport,
  listImportRows,
  retryImport,
  uploadImport,
} from '../../../services/imports';
import { resetFieldsCache } from '../../../services/directory';
import { useDesktop } from '../../../utils/use-desktop';
import { ConflictsCard, TermsCard } from './choices-cards';
import { DecisionButtons, PreviewTable, candidatesText, rowChanges, rowName } from './preview-table';
import './index.scss';

const POLL_MS = 1000;
const busy = (job: ImportJobView | null) => job?.status === 'parsing' || job?.status === 'committing';
const messageOf = (failure: unknown) => (failure instanceof Error ? failure.message : '操作失败，请稍后重试');

/**
 * What the secretariat imports: the member directory, a city's achievement or demand list, or
 * the years of cooperation intents kept in Excel before this service.
 */
type ImportKind = 'directory' | 'achievements' | 'demands' | 'intents';
const KINDS: Array<{ kind: ImportKind; label: string; title: string; hint: string }> = [
  {
    kind: 'directory',
    label: '成员名录',
    title: '导入成员名录',
    hint: '支持 .xlsx 和 .csv（UTF-8 或 GBK）。第一行为表头，如“单位名称、单位类型、所在地、联系人、手机”；上传后先预览，确认后才写入名录。',
  },
  {
    kind: 'achievements',
    label: '科技成果',
    title: '导入科技成果',
    hint: '表头如“成果名称、完成单位、成果简介、技术领域、成熟度、知识产权、转化方式、参考价格、联系人”。完成单位须已在名录中（可写简称）；同一单位的同名成果不会重复导入。确认后直接发布。',
  },
  {
    kind: 'demands',
    label: '技术需求',
    title: '导入技术需求',
    hint: '表头如“需求名称、需求单位、需求描述、技术领域、预算、截止日期、合作方式、公开范围、联系人”。需求单位须已在名录中（可写简称）；同一单位的同名需求不会重复导入。确认后直接发布。',
  },
  {
    kind: 'intents',
    label: '合作意向',
    title: '导入历史合作意向',
    hint: '表头如“合作项目、需求方（企业）、供给方（高校/院所）、阶段、负责人、签约日期、合同金额（万元）、技术交易额、合同类型、技术合同登记号、年份、备注”。阶段填线索、意向、洽谈、签约、执行或产业化；签约及以后须有合同类型、金额和签约日期。参与单位须已在名录中（可写简称）；按“年份/日期”补记阶段日期。同一参与方的同名意向不会重复导入。',
  },
];
const kindOf = (target: ImportTarget): ImportKind =>
  isDirectoryTarget(target) ? 'directory' : (target as ImportKind);
const NOUN: Record<ImportKind, string> = {
  directory: '名录',
  achievements: '科技成果',
  demands: '技术需求',
  intents: '合作意向',
};

/** Secretariat: import the member list from Excel/CSV with a preview, duplicate decisions and a commit. */
export default function ImportPage() {
  const session = useSession();
  // 对接's staff screens open this page with ?kind=achievements|demands, the intents board with ?kind=intents.
  const { params } = useRouter();
  const [target, setTarget] = useState<ImportTarget>(
    params.kind === 'achievements' || params.kind === 'demands' || params.kind === 'intents'
      ? params.kind
      : 'members',
  );
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const desktop = useDesktop();

  // A committed import may have added industry fields: screens must not show their codes.
  const committed = job?.status === 'committed';
  useEffect(() => {
    if (committed) resetFieldsCache();
  }, [committed]);

  // Poll while the server analyses or commits in the background.
  useEffect(() => {
    if (!job || !busy(job)) return undefined;
    const timer = setTimeout(() => {
      getImport(job.id).then(setJob, (failure: unknown) => setError(messageOf(failure)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const upload = async (file: { path: string; name: string }) => {
    setUploading(true);
    setError(null);
    try {
      setJob(await uploadImport(file, target));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setUploading(false);
    }
  };

  if (session.status === 'signed-in' && session.user.role !== 'secretariat') {
    return (
      <View className="ah-page">
        <PageShell
          empty
          emptyState={{ title: '仅秘书处可以批量导入', hint: '如需导入名录，请联系联盟秘书处' }}
        />
      </View>
    );
  }

  return (
    <View className={`ah-page ah-import${desktop ? ' ah-page--wide ah-import--desk' : ''}`}>
      {error ? (
        <View className="ah-import__error" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
      {!job ? (
        <View className="ah-import__columns">
          <View className="ah-import__left">
            <ChooseFile
              target={target}
              onTarget={setTarget}
              uploading={uploading}
              onFile={(file) => void upload(file)}
            />
          </View>
          {desktop ? (
            <View className="ah-import__right">
              <View className="ah-card ah-import__placeholder">
                <Text className="ah-card__title">预览</Text>
                <Text className="ah-card__text">
                  选择文件后，这里逐行列出导入结果：新增、更新、无变化、疑似重复和无效（附原因）。疑似重复的行在表中决定合并、保留两条或跳过，可多选后一次决定；确认导入前不会改动任何数据。
                </Text>
              </View>
            </View>
          ) : null}
        </View>
      ) : (
        <JobView
          job={job}
          desktop={desktop}
          onJob={setJob}
          onError={setError}
          onRestart={() => setJob(null)}
        />
      )}
    </View>
  );
}

function ChooseFile(props: {
  target: ImportTarget;
  onTarget: (target: ImportTarget) => void;
  uploading: boolean;
  onFile: (file: { path: string; name: string }) => void;
}) {
  const input = useRef<HTMLInputElement | null>(null);
  const kind = kindOf(props.target);
  const about = KINDS.find((k) => k.kind === kind)!;
  const choose = async () => {
    if (process.env.TARO_ENV === 'h5') {
      input.current?.click();
      return;
    }
    const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] }).catch(
      () => null,
    );
    const file = picked?.tempFiles[0];
    if (file) props.onFile({ path: file.path, name: file.name });
  };
  return (
    <View className="ah-card">
      <View className="ah-import__kinds" role="tablist" aria-label="导入类型">
        {KINDS.map((k) => (
          <View
            key={k.kind}
            role="tab"
            aria-selected={k.kind === kind}
            className={`ah-import__kind${k.kind === kind ? ' ah-import__kind--active' : ''}`}
            onClick={() => props.onTarget(k.kind === 'directory' ? 'members' : k.kind)}
          >
            <Text>{k.label}</Text>
          </View>
        ))}
      </View>
      <Text className="ah-card__title">{about.title}</Text>
      <Text className="ah-card__text">{about.hint}</Text>
      {kind === 'directory' ? (
        <View className="ah-import__row">
          <Text className="ah-import__label">每行是</Text>
          <Picker
            mode="selector"
            range={IMPORT_DIRECTORY_TARGETS.map((t) => IMPORT_TARGET_LABELS[t])}
            value={IMPORT_DIRECTORY_TARGETS.indexOf(
              props.target as (typeof IMPORT_DIRECTORY_TARGETS)[number],
            )}
            onChange={(event) =>
              props.onTarget(IMPORT_DIRECTORY_TARGETS[Number(event.detail.value)] ?? props.target)
            }
          >
            <View className="ah-import__select">{IMPORT_TARGET_LABELS[props.target]} ▾</View>
          </Picker>
        </View>
      ) : null}
      <Button className="ah-import__primary" disabled={props.uploading} onClick={() => void choose()}>
        {props.uploading ? '正在上传…' : '选择 Excel / CSV 文件'}
      </Button>
      {process.env.TARO_ENV === 'h5' ? (
        <input
          ref={input}
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          style={{ display: 'none' }}
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) props.onFile({ path: URL.createObjectURL(file), name: file.name });
          }}
        />
      ) : null}
    </View>
  );
}

function JobView(props: {
  job: ImportJobView;
  /** ≥ 1024 px: file, progress and options on the left, the dry run as a table on the right. */
  desktop: boolean;
  onJob: (job: ImportJobView) => void;
  onError: (message: string | null) => void;
  onRestart: () => void;
}) {
  const { job } = props;
  const kind = kindOf(job.target);
  const percent =
    job.progress.total > 0 ? Math.round((job.progress.processed / job.progress.total) * 100) : 0;
  const commit = async () => {
    const { confirm } = await Taro.showModal({
      title: '确认导入',
      content:
        kind === 'directory'
          ? `将新增 ${job.counts.new} 行、更新 ${job.counts.update} 行，无效行不导入。确认写入名录？`
          : kind === 'intents'
            ? `将登记 ${job.counts.new} 条合作意向（按表中日期补录），无变化和无效的行不导入。确认导入？`
            : `将发布 ${job.counts.new} 条${NOUN[kind]}，无变化和无效的行不导入。确认导入并发布？`,
    });
    if (!confirm) return;
    try {
      props.onJob(await commitImport(job.id));
    } catch (failure) {
      props.onError(messageOf(failure));
    }
  };
  const cancel = async () => {
    const { confirm } = await Taro.showModal({
      title: '取消导入',
      content: `取消后本次上传的分析结果将被丢弃，${NOUN[kind]}不会有任何改动。确定取消？`,
      confirmText: '取消导入',
      cancelText: '返回',
    });
    if (!confirm) return;
    props.onError(null);
    try {
      props.onJob(await cancelImport(job.id));
    } catch (failure) {
      props.onError(messageOf(failure));
    }
  };
  const retry = async () => {
    props.onError(null);
    try {
      props.onJob(await retryImport(job.id));
    } catch (failure) {
      props.onError(messageOf(failure));
    }
  };
  // An interrupted commit stays `committing` with an error: 重试 continues it.
  const retryable = job.status === 'failed' || (job.status === 'committing' && job.error !== null);
  const cancellable = job.status === 'parsing' || job.status === 'ready' || job.status === 'failed';
  // At a desk the commit sits under the file card, not below a long table.
  const commitActions =
    job.status === 'ready' ? (
      <View className="ah-import__actions">
        <Button className="ah-import__secondary" onClick={() => void cancel()}>
          取消导入
        </Button>
        <Button
          className={`ah-import__primary${job.counts.undecided > 0 ? ' ah-import__primary--off' : ''}`}
          // No `disabled`: Taro's H5 button greys out even for disabled={false}.
          onClick={() => (job.counts.undecided > 0 ? undefined : void commit())}
        >
          {job.counts.undecided > 0 ? `还有 ${job.counts.undecided} 行待决定` : '确认导入'}
        </Button>
      </View>
    ) : null;
  return (
    <View className="ah-import__columns">
      <View className="ah-import__left">
        <View className="ah-card ah-import__summary">
          <View className="ah-import__file">
            <Text className="ah-import__file-name">{job.file.name}</Text>
            <Text className={`ah-import__status ah-import__status--${job.status}`}>
              {IMPORT_STATUS_LABELS[job.status]}
            </Text>
          </View>
          {busy(job) ? (
            <View className="ah-import__progress" role="progressbar" aria-valuenow={percent}>
              <View className="ah-import__bar" style={{ width: `${percent}%` }} />
              <Text className="ah-import__progress-text">
                {job.progress.phase === 'committing' ? `正在写入${NOUN[kind]}` : '正在分析'}{' '}
                {job.progress.processed}/{job.progress.total || '…'}
              </Text>
            </View>
          ) : null}
          {job.error ? <Text className="ah-import__problem">{job.error.message}</Text> : null}
          {job.headerProblems.map((problem) => (
            <Text key={problem.column + problem.code} className="ah-import__problem">
              {problem.column} 列「{problem.header}」：{problem.message}
            </Text>
          ))}
        </View>
        {job.status === 'committed' && job.result ? (
          <ResultSummary job={job} onRestart={props.onRestart} />
        ) : null}
        {props.desktop ? commitActions : null}
        {job.status === 'ready' ? (
          <>
            <MappingCard job={job} onJob={props.onJob} onError={props.onError} />
            {kind === 'directory' ? (
              <>
                <ConflictsCard job={job} onJob={props.onJob} onError={props.onError} />
                <TermsCard job={job} onJob={props.onJob} onError={props.onError} />
              </>
            ) : null}
          </>
        ) : null}
        {retryable || (cancellable && job.status !== 'ready') ? (
          <View className="ah-import__actions">
            {cancellable ? (
              <Button className="ah-import__secondary" onClick={() => void cancel()}>
                取消导入
              </Button>
            ) : null}
            {retryable ? (
              <Button className="ah-import__primary" onClick={() => void retry()}>
                重试
              </Button>
            ) : null}
          </View>
        ) : null}
        {job.status === 'cancelled' ? (
          <View className="ah-card ah-import__ended">
            <Text className="ah-card__text">已取消本次导入，{NOUN[kind]}没有任何改动。</Text>
            <Button className="ah-import__primary" onClick={props.onRestart}>
              重新选择文件
            </Button>
          </View>
        ) : null}
        {job.status === 'failed' ? (
          <Button className="ah-import__secondary" onClick={props.onRestart}>
            重新选择文件
          </Button>
        ) : null}
      </View>
      <View className="ah-import__right">
        {job.status === 'ready' ? (
          <PreviewCard job={job} desktop={props.desktop} onJob={props.onJob} onError={props.onError} />
        ) : null}
        {props.desktop ? null : commitActions}
      </View>
    </View>
  );
}

function MappingCard(props: {
  job: ImportJobView;
  onJob: (job: ImportJobView) => void;
  onError: (m: string | null) => void;
}) {
  const { job } = props;
  // A directory job may use every directory column; achievements and demands only their own.
  const fields = IMPORT_FIELDS_BY_TARGET[isDirectoryTarget(job.target) ? 'members' : job.target];
  // An intent's `title` is its topic: the ledger calls it 合作项目, not 名称.
  const labelOf = (field: ImportField) =>
    job.target === 'intents' && field === 'title' ? '合作项目' : IMPORT_FIELD_LABELS[field];
  const options = ['不导入', ...fields.map(labelOf)];
  const remap = async (columnIndex: number, picked: number) => {
    const field = picked > 0 ? fields[picked - 1] : null;
    const mapping = { ...job.mapping };
    for (const key of Object.keys(mapping) as Array<keyof typeof mapping>) {
      if (mapping[key] === columnIndex) mapping[key] = null;
    }
    if (field) mapping[field] = columnIndex;
    try {
      props.onJob(await changeImportMapping(job.id, { target: job.target, mapping }));
    } catch (failure) {
      props.onError(messageOf(failure));
    }
  };
  return (
    <View className="ah-card">
      <Text className="ah-card__title">列对应（第 {job.headerRow} 行为表头）</Text>
      {job.columns.map((column) => (
        <View key={column.index} className="ah-import__mapping">
          <Text className="ah-import__column">
            {column.letter} · {column.header || '（空表头）'}
          </Text>
          <Picker
            mode="selector"
            range={options}
            value={column.field ? fields.indexOf(column.field) + 1 : 0}
            onChange={(event) => void remap(column.index, Number(event.detail.value))}
          >
            <View className={`ah-import__select${column.field ? '' : ' ah-import__select--off'}`}>
              {column.field ? labelOf(column.field) : '不导入'} ▾
            </View>
          </Picker>
        </View>
      ))}
    </View>
  );
}

function PreviewCard(props: {
  job: ImportJobView;
  desktop: boolean;
  onJob: (job: ImportJobView) => void;
  onError: (m: string | null) => void;
}) {
  const { job } = props;
  const first = IMPORT_ROW_STATUSES.find((status) => job.counts[status] > 0) ?? 'new';
  const [status, setStatus] = useState<ImportRowStatus>(job.counts.duplicate > 0 ? 'duplicate' : first);
  const [rows, setRows] = useState<ImportRowView[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = useCallback(
    async (cursor: string | null) => {
      setLoadingMore(cursor !== null);
      try {
        const page = await listImportRows(job.id, { status, cursor, limit: 50 });
        setRows((current) => (cursor && current ? [...current, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (failure) {
        props.onError(messageOf(failure));
      } finally {
        setLoadingMore(false);
      }
    },
    // The job's id and revision (counts) decide what the preview shows.
    [job.id, status, job.counts],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const decide = async (row: ImportRowView, action: ImportDecision) => {
    try {
      const updated = await decideImportRow(job.id, row.row, action);
      setRows((current) => current?.map((item) => (item.row === updated.row ? updated : item)) ?? null);
      props.onJob(await getImport(job.id));
    } catch (failure) {
      props.onError(messageOf(failure));
    }
  };

  /** One decision for several rows, one request each (a decision is idempotent); one summary of failures. */
  const decideMany = async (many: ImportRowView[], action: ImportDecision) => {
    if (many.length === 0) {
      props.onError('所选的行中没有需要决定的疑似重复');
      return;
    }
    props.onError(null);
    const failures: string[] = [];
    for (const row of many) {
      try {
        const updated = await decideImportRow(job.id, row.row, action);
        setRows((current) => current?.map((item) => (item.row === updated.row ? updated : item)) ?? null);
      } catch (failure) {
        failures.push(`第 ${row.row} 行：${messageOf(failure)}`);
      }
    }
    if (failures.length > 0) props.onError(`${failures.length} 行未能保存。${failures.join('；')}`);
    try {
      props.onJob(await getImport(job.id));
    } catch (failure) {
      props.onError(messageOf(failure));
    }
  };

  return (
    <View className="ah-card ah-import__preview">
      <Text className="ah-card__title">预览</Text>
      <View className="ah-import__tabs" role="tablist">
        {IMPORT_ROW_STATUSES.map((s) => (
          <View
            key={s}
            role="tab"
            aria-selected={s === status}
            className={`ah-import__tab ah-import__tab--${s}${s === status ? ' ah-import__tab--active' : ''}`}
            onClick={() => setStatus(s)}
          >
            <Text>
              {IMPORT_ROW_STATUS_LABELS[s]} {job.counts[s]}
            </Text>
          </View>
        ))}
      </View>
      {props.desktop ? (
        <PreviewTable
          rows={rows ?? []}
          status={status}
          hasMore={nextCursor !== null}
          loadingMore={loadingMore}
          onLoadMore={() => void load(nextCursor)}
          onDecide={(row, action) => void decide(row, action)}
          onDecideMany={(many, action) => void decideMany(many, action)}
        />
      ) : (
        <>
          {rows && rows.length === 0 ? (
            <Text className="ah-card__text">没有{IMPORT_ROW_STATUS_LABELS[status]}的行</Text>
          ) : null}
          {rows?.map((row) => (
            <View key={row.row} className="ah-import__preview-row" data-status={row.status}>
              <Text className="ah-import__row-no">第 {row.row} 行</Text>
              <Text className="ah-import__row-name">{rowName(row)}</Text>
              {rowChanges(row).length > 0 ? (
                <Text className="ah-import__reason">更新：{rowChanges(row).join('、')}</Text>
              ) : null}
              {row.reasons.map((reason) => (
                <Text key={reason} className="ah-import__reason">
                  {reason}
                </Text>
              ))}
              {row.question ? (
                <View className="ah-import__question">
                  <Text className="ah-import__reason">疑似与已有记录重复：{candidatesText(row)}</Text>
                  <DecisionButtons row={row} onDecide={(r, action) => void decide(r, action)} />
                </View>
              ) : null}
            </View>
          ))}
          {nextCursor ? (
            <View className="ah-import__more" role="button" onClick={() => void load(nextCursor)}>
              <Text>加载更多</Text>
            </View>
          ) : null}
        </>
      )}
    </View>
  );
}

function ResultSummary({ job, onRestart }: { job: ImportJobView; onRestart: () => void }) {
  const r = job.result!;
  const kind = kindOf(job.target);
  const lines: Array<[string, number]> =
    kind === 'directory'
      ? [
          ['新增单位', r.organizationsCreated],
          ['更新单位', r.organizationsUpdated],
          ['新增人员', r.peopleCreated],
          ['更新人员', r.peopleUpdated],
          ['跳过', r.rowsSkipped],
          ['无效', r.rowsInvalid],
        ]
      : [
          kind === 'intents'
            ? ['登记合作意向', r.intentsCreated]
            : [`发布${NOUN[kind]}`, kind === 'achievements' ? r.achievementsCreated : r.demandsCreated],
          ['已有（未重复导入）', job.counts.unchanged],
          ['无效', r.rowsInvalid],
        ];
  return (
    <View className="ah-card">
      <Text className="ah-card__title">导入完成</Text>
      <View className="ah-import__result">
        {lines.map(([label, value]) => (
          <View key={label} className="ah-import__result-item">
            <Text className="ah-import__result-value">{value}</Text>
            <Text className="ah-import__result-label">{label}</Text>
          </View>
        ))}
      </View>
      <Button className="ah-import__secondary" onClick={onRestart}>
        再导入一个文件
      </Button>
    </View>
  );
}
