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
import '../account.scss';
import './index.scss';

type RoleFilter = Role | 'all';
const FILTERS: Array<{ value: RoleFilter; label: string }> = [
  { value: 'all', label: '全部' },
  ...[...ROLES].reverse().map((role) => ({ value: role, label: ROLE_LABELS[role] })),
];

/** Secretariat: find users, change their role, disable or enable them. */
export default function UsersPage() {
  const session = useSession();
  const me = session.status === 'signed-in' ? session.user : null;
  const allowed = me?.role === 'secretariat';
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

  return (
    <View className="ah-page ah-users">
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
        empty={list.items?.length === 0}
        emptyState={{ title: '没有符合条件的用户', hint: '换个姓名或角色再试试。' }}
      >
        {list.items?.map((user) => (
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
        <ListFooter list={list} />
      </PageShell>
    </View>
  );
}
