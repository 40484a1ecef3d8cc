import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  INTERACTION_TYPE_LABELS,
  LOGGABLE_INTERACTION_TYPES,
  TASK_BUCKETS,
  TASK_BUCKET_LABELS,
  atLeast,
  type StaffUserView,
  type TaskBucket,
  type TaskBucketCounts,
  type TaskView,
} from '@alliance-hub/types';
import { ListFooter } from '../../../components/list-footer';
import { OutboxStatus } from '../../../components/outbox-status';
import { PageShell } from '../../../components/page-shell';
import { Tabs } from '../../../components/tabs';
import { newClientId } from '../../../offline';
import { listStaffUsers } from '../../../services/events';
import {
  completeTask,
  listOpenLeads,
  listStaleIntents,
  listTasks,
  markRemindersRead,
  reassignTask,
  snoozeTask,
} from '../../../services/tasks';
import { useSession } from '../../../stores/session-store';
import { useCursorList } from '../../../utils/use-cursor-list';
import type { LoggableType } from '../log-form';
import { conflictCurrent, dueText, snoozeChoices, taskDifferences, type TaskConflict } from '../task-actions';
import { DigestCard } from './digest-card';
import { LeadList } from './lead-list';
import { StaleIntentList } from './stale-intent-list';
import './index.scss';

/** Beside the due buckets: 点菜 leads and cold intents land in 我的待办 too. */
type Extra = 'leads' | 'stale';
type Section = TaskBucket | Extra;
const isBucket = (value: Section): value is TaskBucket => (TASK_BUCKETS as readonly string[]).includes(value);

const EMPTY_COUNTS: TaskBucketCounts = { overdue: 0, today: 0, this_week: 0, later: 0 };

const errorText = (error: unknown) => (error instanceof Error ? error.message : '操作失败，请重试');

/**
 * 我的待办: my open follow-ups by due bucket (Asia/Shanghai). Complete (optionally logging what
 * happened), snooze, reassign. Every write carries the version shown; when someone else saved
 * first the server answers 409 and the screen shows their version and lets me choose.
 */
export default function TasksPage() {
  const session = useSession();
  const staff = session.user ? atLeast(session.user.role, 'coordinator') : false;
  // A WeChat message opens the list on its bucket (the digest: ?bucket=overdue).
  const asked = useRouter().params.bucket;
  const askedBucket = asked && isBucket(asked as Section) ? (asked as TaskBucket) : null;
  const [bucket, setBucket] = useState<TaskBucket>(askedBucket ?? 'overdue');
  const [counts, setCounts] = useState<TaskBucketCounts>(EMPTY_COUNTS);
  const [conflict, setConflict] = useState<TaskConflict | null>(null);
  const chosenOnce = useRef(askedBucket !== null);
  const [staffUsers, setStaffUsers] = useState<StaffUserView[]>([]);
  const [extra, setExtra] = useState<Extra | null>(null);
  const [leadTotal, setLeadTotal] = useState(0);
  const [staleTotal, setStaleTotal] = useState(0);
  const secretariat = session.user ? atLeast(session.user.role, 'secretariat') : false;

  // The extra tabs' counts, so a lead or a cold intent is seen without opening its tab.
  const refreshExtras = useCallback(() => {
    if (!staff) return;
    void listOpenLeads({ limit: 1 }).then(
      (page) => setLeadTotal(page.total),
      () => undefined,
    );
    void listStaleIntents('mine').then(
      (list) => setStaleTotal(list.items.length),
      () => undefined,
    );
  }, [staff]);
  useEffect(refreshExtras, [refreshExtras]);

  // Opening the list is seeing the reminders; the badge then counts only what is still due.
  useEffect(() => {
    if (staff) void markRemindersRead().catch(() => undefined);
  }, [staff]);

  // Loaded once up front: the 转交 picker opens on the first tap, before any request could answer.
  useEffect(() => {
    if (staff) void listStaffUsers().then(setStaffUsers, () => setStaffUsers([]));
  }, [staff]);

  const fetchPage = useCallback(
    async (cursor: string | null) => {
      if (!staff) return { items: [], nextCursor: null };
      const page = await listTasks({ bucket, cursor, limit: 20 });
      setCounts(page.counts);
      return page;
    },
    [bucket, staff],
  );
  const list = useCursorList<TaskView>(fetchPage);

  // Open on the first bucket that has something, once, so the screen never opens on an empty tab.
  useEffect(() => {
    if (chosenOnce.current || counts === EMPTY_COUNTS) return;
    chosenOnce.current = true;
    const first = TASK_BUCKETS.find((b) => counts[b] > 0);
    if (first && first !== bucket) setBucket(first);
  }, [counts, bucket]);

  useDidShow(() => {
    void list.reload();
    refreshExtras();
  });
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  /** Runs a versioned write; a 409 opens the comparison instead of overwriting anything. */
  const write = async (task: TaskView, action: string, call: (version: number) => Promise<TaskView>) => {
    try {
      await call(task.version);
      void Taro.showToast({ title: '已更新', icon: 'success' });
      await list.reload();
    } catch (failure) {
      const theirs = conflictCurrent(failure);
      if (theirs) {
        setConflict({ mine: task, theirs, action, redo: call });
        return;
      }
      void Taro.showModal({ title: '没有成功', content: errorText(failure), showCancel: false });
    }
  };

  const options: Array<{ value: Section; label: string }> = [
    ...TASK_BUCKETS.map((value) => ({ value, label: `${TASK_BUCKET_LABELS[value]} ${counts[value]}` })),
    { value: 'leads', label: `点菜线索 ${leadTotal}` },
    { value: 'stale', label: `停滞意向 ${staleTotal}` },
  ];
  const choose = (value: Section) => {
    if (isBucket(value)) {
      setExtra(null);
      setBucket(value);
    } else setExtra(value);
  };

  return (
    <View className="ah-page ah-tasks">
      <OutboxStatus onSynced={() => void list.reload()} />
      {conflict ? (
        <ConflictCard
          conflict={conflict}
          onKeepTheirs={() => {
            setConflict(null);
            void list.reload();
          }}
          onApplyMine={async () => {
            const { theirs, action, redo } = conflict;
            setConflict(null);
            await write(theirs, action, redo);
          }}
        />
      ) : null}
      {staff && secretariat ? <DigestCard /> : null}
      <Tabs options={options} value={extra ?? bucket} onChange={choose} />
      {staff && extra === 'leads' ? <LeadList onTotal={setLeadTotal} /> : null}
      {staff && extra === 'stale' ? <StaleIntentList onTotal={setStaleTotal} /> : null}
      {extra === null || !staff ? (
        <PageShell
          loading={list.loading && !list.items}
          error={list.error}
          onRetry={() => void list.reload()}
          empty={!staff || list.items?.length === 0}
          emptyState={
            staff
              ? {
                  title: `${TASK_BUCKET_LABELS[bucket]}没有待办`,
                  hint: '在人员或单位页面点「记一笔」并添加跟进事项，就会出现在这里',
                }
              : { title: '我的待办供联盟工作人员使用', hint: '白衬衫和秘书处登录后可查看' }
          }
        >
          {list.items?.map((task) => (
            <TaskCard key={task.id} task={task} staff={staffUsers} onWrite={write} />
          ))}
          <ListFooter list={list} />
        </PageShell>
      ) : null}
    </View>
  );
}

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/** wx.addPhoneCalendar: the due time in the phone's own calendar, with its alarm (weapp only). */
async function addToCalendar(task: TaskView): Promise<void> {
  try {
    await Taro.addPhoneCalendar({
      title: task.title,
      startTime: Math.floor(Date.parse(task.dueAt) / 1000),
      description: task.note ?? '联盟通待办',
      alarm: true,
    });
    void Taro.showToast({ title: '已加入日历', icon: 'success' });
  } catch {
    // Declined the permission or cancelled: nothing to undo.
  }
}

type Write = (task: TaskView, action: string, call: (version: number) => Promise<TaskView>) => Promise<void>;

function TaskCard({ task, staff, onWrite }: { task: TaskView; staff: StaffUserView[]; onWrite: Write }) {
  const me = useSession().user;
  const [completing, setCompleting] = useState(false);
  const others = staff.filter((u) => u.id !== task.owner.id);
  const canLogOutcome = Boolean(task.links.personId || task.links.organizationId);

  const snooze = async () => {
    const choices = snoozeChoices(new Date());
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: choices.map((c) => c.label) });
      const choice = choices[tapIndex];
      await onWrite(task, `推迟到 ${choice.label}`, (version) =>
        snoozeTask(task.id, { version, until: choice.until }),
      );
    } catch {
      // Cancelled the sheet.
    }
  };

  return (
    <View className={`ah-card ah-task ah-task--${task.bucket ?? 'done'}`} data-task={task.id}>
      <View className="ah-task__head">
        <Text className="ah-task__title">{task.title}</Text>
        <Text className="ah-task__due">{dueText(task.dueAt)}</Text>
      </View>
      {task.note ? <Text className="ah-task__note">{task.note}</Text> : null}
      <Text className="ah-task__meta">
        {task.state === 'snoozed' ? '已推迟 · ' : ''}负责人：
        {task.owner.id === me?.id ? '我' : task.owner.displayName}
      </Text>
      {completing ? (
        <CompleteForm
          task={task}
          canLog={canLogOutcome}
          onCancel={() => setCompleting(false)}
          onDone={(interaction) =>
            onWrite(task, interaction ? '完成并记录' : '标记完成', (version) =>
              completeTask(task.id, { version, ...(interaction ? { interaction } : {}) }),
            )
          }
        />
      ) : (
        <View className="ah-task__actions">
          <Button className="ah-task__button ah-task__button--primary" onClick={() => setCompleting(true)}>
            完成
          </Button>
          <Button className="ah-task__button" onClick={() => void snooze()}>
            推迟
          </Button>
          {IS_WEAPP ? (
            <Button className="ah-task__button" onClick={() => void addToCalendar(task)}>
              加日历
            </Button>
          ) : null}
          <Picker
            className="ah-task__picker"
            mode="selector"
            range={others.map((u) => u.displayName)}
            onChange={(e) => {
              const user = others[Number(e.detail.value)];
              if (user) {
                void onWrite(task, `转交给 ${user.displayName}`, (version) =>
                  reassignTask(task.id, { version, ownerUserId: user.id }),
                );
              }
            }}
          >
            <Button className="ah-task__button">转交</Button>
          </Picker>
        </View>
      )}
    </View>
  );
}

type CompletionLog = {
  clientId: string;
  type: LoggableType;
  note?: string;
  participants: { personIds: string[]; orgIds: string[] };
};

function CompleteForm({
  task,
  canLog,
  onCancel,
  onDone,
}: {
  task: TaskView;
  canLog: boolean;
  onCancel: () => void;
  onDone: (interaction: CompletionLog | null) => Promise<void>;
}) {
  const [logIt, setLogIt] = useState(canLog);
  const [type, setType] = useState<LoggableType>('call');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // Made once, so completing again after a lost answer logs the interaction once.
  const clientId = useRef(newClientId());

  const submit = async () => {
    setBusy(true);
    const interaction: CompletionLog | null = logIt
      ? {
          clientId: clientId.current,
          type,
          ...(note.trim() ? { note: note.trim() } : {}),
          participants: {
            personIds: task.links.personId ? [task.links.personId] : [],
            orgIds: task.links.organizationId ? [task.links.organizationId] : [],
          },
        }
      : null;
    try {
      await onDone(interaction);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ah-task__complete">
      {canLog ? (
        <View
          className="ah-task__toggle"
          role="checkbox"
          aria-checked={logIt}
          onClick={() => setLogIt(!logIt)}
        >
          <Text className={`ah-task__box${logIt ? ' ah-task__box--on' : ''}`}>{logIt ? '✓' : ''}</Text>
          <Text>同时记录这次跟进</Text>
        </View>
      ) : null}
      {logIt ? (
        <View>
          <View className="ah-task__chips" role="radiogroup" aria-label="类型">
            {LOGGABLE_INTERACTION_TYPES.map((value) => (
              <View
                key={value}
                role="radio"
                aria-checked={type === value}
                className={`ah-task__chip${type === value ? ' ah-task__chip--on' : ''}`}
                onClick={() => setType(value)}
              >
                {INTERACTION_TYPE_LABELS[value]}
              </View>
            ))}
          </View>
          <Textarea
            className="ah-task__textarea"
            aria-label="跟进结果"
            value={note}
            placeholder="结果如何（仅联盟工作人员可见）"
            onInput={(e) => setNote(e.detail.value)}
          />
        </View>
      ) : null}
      <View className="ah-task__actions">
        <Button className="ah-task__button" onClick={onCancel}>
          取消
        </Button>
        <Button
          className="ah-task__button ah-task__button--primary"
          disabled={busy}
          loading={busy}
          onClick={() => void submit()}
        >
          确认完成
        </Button>
      </View>
    </View>
  );
}

function ConflictCard({
  conflict,
  onKeepTheirs,
  onApplyMine,
}: {
  conflict: TaskConflict;
  onKeepTheirs: () => void;
  onApplyMine: () => Promise<void>;
}) {
  const rows = taskDifferences(conflict.mine, conflict.theirs);
  const by = conflict.theirs.owner.displayName;
  return (
    <View className="ah-card ah-task-conflict" role="alertdialog" aria-label="待办已被修改">
      <Text className="ah-card__title">这条待办刚被其他人修改过</Text>
      <Text className="ah-task-conflict__hint">
        你的操作「{conflict.action}」还没有保存。下面是对方保存的版本（负责人：{by}）：
      </Text>
      {rows.length > 0 ? (
        <View className="ah-task-conflict__table">
          <View className="ah-task-conflict__row ah-task-conflict__row--head">
            <Text />
            <Text>你看到的</Text>
            <Text>对方保存的</Text>
          </View>
          {rows.map((row) => (
            <View key={row.label} className="ah-task-conflict__row">
              <Text>{row.label}</Text>
              <Text>{row.mine}</Text>
              <Text className="ah-task-conflict__theirs">{row.theirs}</Text>
            </View>
          ))}
        </View>
      ) : (
        <Text className="ah-task-conflict__hint">内容看起来相同（可能只是版本号变化）。</Text>
      )}
      <View className="ah-task__actions">
        <Button className="ah-task__button" onClick={onKeepTheirs}>
          保留对方的版本
        </Button>
        <Button className="ah-task__button ah-task__button--primary" onClick={() => void onApplyMine()}>
          在此基础上{conflict.action}
        </Button>
      </View>
    </View>
  );
}
