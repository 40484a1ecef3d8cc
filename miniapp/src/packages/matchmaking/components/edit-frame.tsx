import { useCallback, useEffect, useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../../components/directory-session-gate';
import { PageShell } from '../../../components/page-shell';
import { useSession } from '../../../stores/session-store';
import { FORM_ALERT_CLASS } from '../../../utils/reveal-first-error';
import type { OwnerRef } from './owner-and-contacts';

/**
 * The frame of a publish / edit screen (`?id=` to edit): sign-in gate, loading the stored item,
 * and who may publish at all (guests apply to join first).
 */
export function EditFrame<T extends { permissions: { canEdit: boolean } }>({
  noun,
  load,
  children,
}: {
  noun: string;
  load: (id: string) => Promise<T>;
  children: (item: T | null, ctx: { isStaff: boolean; defaultOwner: OwnerRef | null }) => ReactNode;
}) {
  const { params } = useRouter();
  const id = params.id ?? '';
  const access = useDirectoryAccess();
  const session = useSession();
  const [item, setItem] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(Boolean(id));

  const fetchItem = useCallback(async () => {
    if (!id) return;
    setLoading(true);
    setError(null);
    try {
      setItem(await load(id));
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error('加载失败'));
    } finally {
      setLoading(false);
    }
  }, [id, load]);

  useEffect(() => {
    if (access === 'ready') void fetchItem();
  }, [access, fetchItem]);
  useEffect(() => {
    if (id) void Taro.setNavigationBarTitle({ title: `编辑${noun}` });
  }, [id, noun]);

  const role = session.user?.role;
  const isStaff = role === 'coordinator' || role === 'secretariat';
  const org = session.user?.organization;
  const defaultOwner = !isStaff && org ? { id: org.id, name: org.name } : null;
  const mayPublish = isStaff || (role === 'member' && Boolean(org));
  const denied =
    session.status === 'signed-in' && (id ? Boolean(item && !item.permissions.canEdit) : !mayPublish);

  return (
    <View className="ah-page ah-edit ah-mm-form">
      <DirectorySessionGate access={access}>
        {isSignInError(error) ? (
          <SignInPrompt hint={`登录后即可发布${noun}`} />
        ) : (
          <PageShell
            // A new item's owner is the signed-in member's organization: wait until we know it.
            loading={loading || (!id && session.status !== 'signed-in')}
            error={error}
            onRetry={() => void fetchItem()}
            empty={denied}
            emptyState={{
              title: id ? '没有编辑权限' : `暂时不能发布${noun}`,
              hint: id
                ? `只能编辑本单位的${noun}，如需修改请联系秘书处`
                : `成员单位的代表才能发布${noun}，可在「我的」申请入会或关联单位`,
            }}
          >
            {!id || item ? children(item, { isStaff, defaultOwner }) : null}
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}

export function FormBanner({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <View className={`ah-edit__banner ${FORM_ALERT_CLASS}`} role="alert">
      <Text>{text}</Text>
    </View>
  );
}

/** 保存草稿 | 提交审核 at the bottom of the form. */
export function FormBar({
  saving,
  canSubmit,
  onSave,
}: {
  saving: 'draft' | 'submit' | null;
  /** New items and drafts/rejected ones can go to review in one step. */
  canSubmit: boolean;
  onSave: (andSubmit: boolean) => void;
}) {
  return (
    <View className="ah-edit__bar">
      <Button
        className="ah-edit__cancel"
        disabled={saving !== null || undefined}
        onClick={() => onSave(false)}
      >
        {saving === 'draft' ? '保存中…' : canSubmit ? '保存草稿' : '保存'}
      </Button>
      {canSubmit ? (
        <Button
          className={`ah-edit__save${saving === 'submit' ? ' ah-edit__save--busy' : ''}`}
          disabled={saving !== null || undefined}
          onClick={() => onSave(true)}
        >
          {saving === 'submit' ? '提交中…' : '提交审核'}
        </Button>
      ) : null}
    </View>
  );
}
