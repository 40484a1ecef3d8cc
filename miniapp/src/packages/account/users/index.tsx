import { useCallback, useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  ROLES,
  ROLE_LABELS,
  USER_STATUS_LABELS,
  type Role,
  type UserUpdateBody,
  type UserView,
} from '@alliance-hub/types';
import { AccountChips } from '../../../components/account-chips';
import { PageShell } from '../../../components/page-shell';
import { SearchBar } from '../../../components/search-bar';
import { listUsers, updateUser } from '../../../services/users';
import { useSession } from '../../../stores/session-store';
import { ListFooter } from '../../../components/list-footer';
import { useCursorList } from '../../../utils/use-cursor-list';
import { DataTable, type DataTableColumn } from '../../../components/data-table';
import { formatShanghaiTime } from '../../../utils/format-time';
import { useDesktop } from '../../../utils/use-desktop';
import '../account.scss';
import './index.scss';

type RoleFilter = Role | 'all';
const EMPTY = { title: '没有符合条件的用户', hint: '换个姓名或角色再试试。' };
const FILTERS: Array<{ value: RoleFilter; label: string }> = [
  { value: 'all', label: '全部' },
  ...[...ROLES].reverse().map((role) => ({ value: role, label: ROLE_LABELS[role] })),
];

/** Secretariat: find users, change their role, disable or enable them. */
export default function UsersPage() {
  const session = useSession();
  const me = session.status === 'signed-in' ? session.user : null;
  const allowed = me?.role === 'secretariat';
  const desktop = useDesktop();
  const [role, setRole] = useState<RoleFilter>('all');
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');

  const fetchPage = useCallback(
    (cursor: string | null) =>
      allowed
        ? listUsers({ role: role === 'all' ? undefined : role, q, cursor, limit: 20 })
        : Promise.resolve({ items: [], nextCursor: null }),
    [allowed, role, q],
  );
  const list = useCursorList<UserView>(fetchPage);

  useReachBottom(() => {
    void list.loadMore();
  });

  if (!allowed) {
    return (
      <View className="ah-page">
        <PageShell
          loading={session.status === 'unknown'}
          empty
          emptyState={{ title: '仅秘书处可以管理用户', hint: '如需权限，请联系联盟秘书处。' }}
        />
      </View>
    );
  }

  const apply = async (user: UserView, body: UserUpdateBody) => {
    try {
      const updated = await updateUser(user.id, body);
      list.setItems((items) => items.map((item) => (item.id === updated.id ? updated : item)));
      void Taro.showToast({ title: '已更新', icon: 'success' });
    } catch (error) {
      // e.g. 403 when changing yourself: the server explains why.
      void Taro.showModal({
        title: '无法修改',
        content: error instanceof Error ? error.message : '请稍后重试',
        showCancel: false,
      });
    }
  };

  const changeRole = async (user: UserView) => {
    const choices = ROLES.filter((r) => r !== user.role);
    try {
      const { tapIndex } = await Taro.showActionSheet({
        itemList: choices.map((r) => `设为${ROLE_LABELS[r]}`),
      });
      const next = choices[tapIndex];
      if (next) await apply(user, { role: next });
    } catch {
      // Cancelled.
    }
  };

  const toggleStatus = async (user: UserView) => {
    const disabling = user.status === 'active';
    const { confirm } = await Taro.showModal({
      title: disabling ? '停用账号' : '启用账号',
      content: disabling
        ? `停用后“${user.displayName}”将立即无法使用联盟通，确定停用吗？`
        : `确定恢复“${user.displayName}”的账号吗？`,
      confirmText: disabling ? '停用' : '启用',
      confirmColor: disabling ? '#c0392b' : '#1f5aa6',
    });
    if (confirm) await apply(user, { status: disabling ? 'disabled' : 'active' });
  };

  /** Several accounts at once (a desk's bulk action): one by one, then one summary. */
  const applyToAll = async (users: UserView[], status: 'active' | 'disabled') => {
    const targets = users.filter((user) => user.status !== status && user.id !== me.id);
    if (targets.length === 0) {
      void Taro.showToast({
        title: status === 'disabled' ? '所选账号都已停用' : '所选账号都已启用',
        icon: 'none',
      });
      return;
    }
    const verb = status === 'disabled' ? '停用' : '启用';
    const { confirm } = await Taro.showModal({
      title: `${verb} ${targets.length} 个账号`,
      content:
        status === 'disabled'
          ? `停用后这 ${targets.length} 人将立即无法使用联盟通（不含您自己），确定停用吗？`
          : `确定恢复这 ${targets.length} 个账号吗？`,
      confirmText: verb,
      confirmColor: status === 'disabled' ? '#c0392b' : '#1f5aa6',
    });
    if (!confirm) return;
    let failed = 0;
    for (const user of targets) {
      try {
        const updated = await updateUser(user.id, { status });
        list.setItems((items) => items.map((item) => (item.id === updated.id ? updated : item)));
      } catch {
        failed += 1;
      }
    }
    void Taro.showToast({
      title: failed
        ? `${targets.length - failed} 个已${verb}，${failed} 个失败`
        : `已${verb} ${targets.length} 个账号`,
      icon: 'none',
    });
  };

  const columns: DataTableColumn<UserView>[] = [
    {
      key: 'name',
      title: '姓名',
      render: (user) => `${user.displayName}${user.id === me.id ? '（我）' : ''}`,
      sortValue: (user) => user.displayName,
    },
    {
      key: 'role',
      title: '角色',
      render: (user) => ROLE_LABELS[user.role],
      sortValue: (user) => ROLES.indexOf(user.role),
    },
    {
      key: 'org',
      title: '单位',
      width: '2fr',
      render: (user) => user.organization?.name ?? '未关联单位',
      sortValue: (user) => user.organization?.name ?? '',
    },
    {
      key: 'status',
      title: '状态',
      render: (user) => USER_STATUS_LABELS[user.status],
      sortValue: (user) => user.status,
    },
    {
      key: 'seen',
      title: '最近使用',
      render: (user) => (user.lastSeenAt ? formatShanghaiTime(user.lastSeenAt) : '—'),
      sortValue: (user) => user.lastSeenAt ?? '',
    },
    {
      key: 'actions',
      title: '操作',
      width: 'minmax(240px, 1.4fr)',
      render: (user) => (
        <View className="ah-users__actions" onClick={(event) => event.stopPropagation()}>
          <Button className="ah-account-button" onClick={() => void changeRole(user)}>
            修改角色
          </Button>
          <Button
            className={`ah-account-button${user.status === 'active' ? ' ah-account-button--danger' : ''}`}
            onClick={() => void toggleStatus(user)}
          >
            {user.status === 'active' ? '停用' : '启用'}
          </Button>
        </View>
      ),
    },
  ];

  return (
    <View className={`ah-page ah-users${desktop ? ' ah-page--wide' : ''}`}>
      <View className="ah-card ah-users__filters">
        <View className="ah-users__search">
          <SearchBar
            value={draft}
            placeholder="按姓名搜索"
            maxLength={40}
            onInput={setDraft}
            onConfirm={(value) => setQ(value.trim())}
            onClear={() => {
              setDraft('');
              setQ('');
            }}
          />
          <Button
            className="ah-account-button ah-account-button--primary ah-users__search-button"
            onClick={() => setQ(draft.trim())}
          >
            搜索
          </Button>
        </View>
        <AccountChips label="角色" options={FILTERS} value={role} onChange={setRole} />
      </View>
      <PageShell
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={!desktop && list.items?.length === 0}
        emptyState={EMPTY}
      >
        {desktop ? (
          <DataTable
            label="用户列表"
            columns={columns}
            rows={list.items ?? []}
            rowKey={(user) => user.id}
            bulkActions={[
              { label: '停用所选', danger: true, onClick: (rows) => void applyToAll(rows, 'disabled') },
              { label: '启用所选', onClick: (rows) => void applyToAll(rows, 'active') },
            ]}
            emptyState={EMPTY}
            pagination={{
              shown: list.items?.length ?? 0,
              hasMore: list.hasMore,
              loadingMore: list.loadingMore,
              error: list.moreError,
              onLoadMore: () => void list.loadMore(),
            }}
          />
        ) : null}
        {desktop
          ? null
          : list.items?.map((user) => (
              <View key={user.id} className={`ah-card ah-users__item ah-users__item--${user.status}`}>
                <View className="ah-users__head">
                  <Text className="ah-users__name">{user.displayName}</Text>
                  <Text className="ah-badge">{ROLE_LABELS[user.role]}</Text>
                  {user.status === 'disabled' ? (
                    <Text className="ah-users__disabled">{USER_STATUS_LABELS.disabled}</Text>
                  ) : null}
                  {user.id === me.id ? <Text className="ah-users__self">我</Text> : null}
                </View>
                <Text className="ah-users__org">{user.organization?.name ?? '未关联单位'}</Text>
                <View className="ah-users__actions">
                  <Button className="ah-account-button" onClick={() => void changeRole(user)}>
                    修改角色
                  </Button>
                  <Button
                    className={`ah-account-button${user.status === 'active' ? ' ah-account-button--danger' : ''}`}
                    onClick={() => void toggleStatus(user)}
                  >
                    {user.status === 'active' ? '停用' : '启用'}
                  </Button>
                </View>
              </View>
            ))}
        {desktop ? null : <ListFooter list={list} />}
      </PageShell>
    </View>
  );
}
