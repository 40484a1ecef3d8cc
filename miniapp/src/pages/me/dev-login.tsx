import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { ROLES, ROLE_LABELS, type DevLoginBody, type DevUserView, type Role } from '@alliance-hub/types';
import { AccountChips } from '../../components/account-chips';
import { NO_CUT } from '../../utils/text-limit';
import { FormField } from '../../components/form-field';
import { PageShell, type PageShellError } from '../../components/page-shell';
import { listDevUsers, signInForDev } from '../../services/auth';
import { ApiError } from '../../utils/api-error';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
/** Highest role first: the secretariat is who tries the app out most often. */
const ROLE_ORDER: Role[] = [...ROLES].reverse();

type Load =
  | { state: 'loading' }
  | { state: 'ready'; users: DevUserView[] }
  | { state: 'disabled' }
  | { state: 'error'; error: PageShellError };

/** H5 and local dev only: sign in as a demo user, or as a made-up name and role. */
export function DevLogin() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('guest');
  const [nameError, setNameError] = useState<string | null>(null);

  const fetchUsers = useCallback(async () => {
    setLoad({ state: 'loading' });
    try {
      setLoad({ state: 'ready', users: await listDevUsers() });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DEV_LOGIN_DISABLED') setLoad({ state: 'disabled' });
      else setLoad({ state: 'error', error: error instanceof Error ? error : { message: '加载失败' } });
    }
  }, []);

  useEffect(() => {
    void fetchUsers();
  }, [fetchUsers]);

  const signIn = async (body: DevLoginBody) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await signInForDev(body);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : '登录失败，请稍后重试');
      setBusy(false);
    }
  };

  const submitCustom = () => {
    const trimmed = name.replace(/\s+/g, ' ').trim();
    if (!trimmed) return setNameError('请输入姓名');
    if (trimmed.length > 40) return setNameError('最多 40 个字');
    setNameError(null);
    void signIn({ name: trimmed, role });
  };

  // Production: the QR sign-in above is the way in; there is no chooser to show.
  if (load.state === 'disabled') return null;

  return (
    <PageShell
      loading={load.state === 'loading'}
      error={load.state === 'error' ? load.error : null}
      onRetry={fetchUsers}
    >
      {failure ? (
        <View className="ah-me__alert" role="alert">
          <Text>{failure}</Text>
        </View>
      ) : null}
      {load.state === 'ready' ? (
        <View className="ah-card ah-me__chooser">
          <Text className="ah-card__title">选择演示用户</Text>
          {ROLE_ORDER.map((group) => {
            const users = load.users.filter((user) => user.role === group);
            if (users.length === 0) return null;
            return (
              <View key={group} className="ah-me__group">
                <Text className="ah-me__group-title">{ROLE_LABELS[group]}</Text>
                {users.map((user) => (
                  <View
                    key={user.id}
                    className="ah-me__row ah-me__dev-user"
                    role="button"
                    aria-label={`以${user.displayName}登录`}
                    onClick={() => void signIn({ userId: user.id })}
                  >
                    <View className="ah-me__row-main">
                      <Text className="ah-me__row-title">{user.displayName}</Text>
                      {user.organization ? <Text className="ah-me__row-sub">{user.organization}</Text> : null}
                    </View>
                    <Text className="ah-me__row-arrow">登录 ›</Text>
                  </View>
                ))}
              </View>
            );
          })}
        </View>
      ) : null}

      <View className="ah-card ah-me__custom">
        <Text className="ah-card__title">自定义</Text>
        <Text className="ah-card__text">输入姓名并选择角色，以新用户身份登录。</Text>
        <FormField label="姓名" required error={nameError} limit={40} value={name}>
          <Input
            className="ah-me__input"
            value={name}
            maxlength={NO_CUT}
            placeholder="例如：张三"
            onInput={(event) => {
              setName(event.detail.value);
              setNameError(null);
            }}
            onConfirm={submitCustom}
          />
        </FormField>
        <FormField label="角色" required>
          <AccountChips label="角色" options={ROLE_OPTIONS} value={role} onChange={setRole} />
        </FormField>
        <Button
          className="ah-me__primary"
          disabled={busy || undefined}
          loading={busy || undefined}
          onClick={submitCustom}
        >
          登录
        </Button>
      </View>
    </PageShell>
  );
}
