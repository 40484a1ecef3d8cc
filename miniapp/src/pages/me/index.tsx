import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ORG_KIND_LABELS, ROLE_LABELS, atLeast, type MeView, type OrgKind } from '@alliance-hub/types';
import { PageShell } from '../../components/page-shell';
import { countPendingApplications } from '../../services/applications';
import { isWeapp, refreshMe, restoreSession, signInWithWechat, signOut } from '../../services/auth';
import { takePendingSwap } from '../../services/cards';
import { useSession } from '../../stores/session-store';
import { ApplicationCard } from './application-card';
import { DevLogin } from './dev-login';
import { WebSignIn } from './web-sign-in';
import { ServiceStatusLine } from './service-status';
import { INTENT_ROUTES } from './intent-routes';
import { INTERACTION_ROUTES } from './interaction-routes';
import { useTaskBadge } from './use-task-badge';
import { useSignInProblem } from './use-sign-in-problem';
import './index.scss';

export default function MePage() {
  const session = useSession();
  const [showCount, setShowCount] = useState(0);

  useDidShow(() => {
    // Back on the tab: re-read who I am, so an approval or role change shows without signing in again.
    setShowCount((count) => count + 1);
    refreshMe().catch(() => undefined);
  });

  useEffect(() => {
    // A card link opened while signed out: carry on with that swap once signed in.
    if (session.status !== 'signed-in') return;
    const token = takePendingSwap();
    if (token) void Taro.navigateTo({ url: `/packages/cards/swap/index?t=${encodeURIComponent(token)}` });
  }, [session.status]);

  return (
    <View className="ah-page ah-me">
      {session.status === 'unknown' ? (
        <PageShell loading loadingText="正在登录…" />
      ) : session.status === 'signed-out' ? (
        <SignedOut />
      ) : (
        <SignedIn user={session.user} refreshKey={showCount} />
      )}
    </View>
  );
}

function SignedOut() {
  const problem = useSignInProblem();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const unreachable = problem?.code === 'NETWORK';

  const wechatSignIn = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await signInWithWechat();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : '登录失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <View className="ah-me__hero">
        <Text className="ah-me__hero-title">登录联盟通</Text>
        <Text className="ah-me__hero-text">登录后可查看名录、申请加入联盟并参与对接。</Text>
      </View>
      {problem ? (
        <View className="ah-card ah-me__problem" role="alert">
          <Text className="ah-card__title">登录未完成</Text>
          <Text className="ah-card__text">{problem.message}</Text>
          {unreachable ? (
            <Button className="ah-me__secondary" onClick={() => void restoreSession()}>
              重试
            </Button>
          ) : null}
        </View>
      ) : null}
      {isWeapp() ? (
        <View className="ah-card">
          {failure ? <Text className="ah-me__error">{failure}</Text> : null}
          <Button
            className="ah-me__primary"
            loading={busy || undefined}
            disabled={busy || undefined}
            onClick={() => void wechatSignIn()}
          >
            微信一键登录
          </Button>
        </View>
      ) : unreachable ? null : (
        <>
          <WebSignIn />
          <DevLogin />
        </>
      )}
    </>
  );
}

function SignedIn({ user, refreshKey }: { user: MeView; refreshKey: number }) {
  const confirmSignOut = async () => {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '退出后需要重新登录才能使用成员功能，确定退出吗？',
      confirmText: '退出',
      confirmColor: '#c0392b',
    });
    if (confirm) await signOut();
  };

  return (
    <>
      <ProfileCard user={user} />
      {user.role === 'guest' ? <ApplicationCard refreshKey={refreshKey} /> : null}
      {user.role === 'secretariat' ? <SecretariatCard refreshKey={refreshKey} /> : null}
      {atLeast(user.role, 'coordinator') ? <FollowUpMenu user={user} /> : null}
      {user.role !== 'guest' ? <MatchmakingMenu role={user.role} /> : null}
      {atLeast(user.role, 'coordinator') || (user.role === 'member' && user.organization) ? (
        <View className="ah-card ah-me__menu">
          <Text className="ah-me__menu-title">统计</Text>
          <MenuRow
            title="统计看板"
            hint={
              user.role === 'member'
                ? '本单位参加的活动、合作意向和合同'
                : '年度指标与目标、逐月进展、合作漏斗、分组统计和年度报告'
            }
            url="/packages/stats/dashboard/index"
          />
        </View>
      ) : null}
      {user.role === 'member' && user.organization ? (
        <View className="ah-card ah-me__menu">
          <Text className="ah-me__menu-title">合作</Text>
          <MenuRow
            title="本单位的合作意向"
            hint="与联盟对接形成的合作、进展和合同"
            url={INTENT_ROUTES.org(user.organization.id, user.organization.name)}
          />
        </View>
      ) : null}
      <View className="ah-card ah-me__menu">
        <Text className="ah-me__menu-title">名片与人脉</Text>
        <MenuRow title="我的名片" hint="设置名片，出示二维码交换" url="/packages/cards/my-card/index" />
        <MenuRow title="联系人" hint="交换过名片的人，按活动分组" url="/packages/cards/contacts/index" />
        <MenuRow title="名片请求" hint="向我索要名片的请求" url="/packages/cards/requests/index" />
      </View>
      <View className="ah-card ah-me__menu">
        <MenuRow title="登录设备" hint="查看并移除登录过的设备" url="/packages/account/sessions/index" />
      </View>
      {atLeast(user.role, 'coordinator') ? <ServiceStatusLine /> : null}
      <Button className="ah-me__logout" onClick={() => void confirmSignOut()}>
        退出登录
      </Button>
    </>
  );
}

function ProfileCard({ user }: { user: MeView }) {
  const org = user.organization;
  const kind = org ? (ORG_KIND_LABELS[org.kind as OrgKind] ?? null) : null;
  return (
    <View className="ah-card ah-me__profile">
      <View className="ah-me__avatar">
        <Text>{user.displayName.slice(0, 1)}</Text>
      </View>
      <View className="ah-me__who">
        <View className="ah-me__name-line">
          <Text className="ah-me__name">{user.displayName}</Text>
          <Text className={`ah-badge ah-me__role ah-me__role--${user.role}`}>{ROLE_LABELS[user.role]}</Text>
        </View>
        {user.person?.title ? <Text className="ah-me__title">{user.person.title}</Text> : null}
        <Text className={org ? 'ah-me__org' : 'ah-me__org ah-me__org--none'}>
          {org ? `${org.name}${kind ? `（${kind}）` : ''}` : '尚未关联成员单位'}
        </Text>
      </View>
    </View>
  );
}

function SecretariatCard({ refreshKey }: { refreshKey: number }) {
  const [pending, setPending] = useState<string | null>(null);

  const fetchCount = useCallback(async () => {
    try {
      const { count, more } = await countPendingApplications();
      setPending(more ? `${count}+` : String(count));
    } catch {
      setPending(null);
    }
  }, []);

  useEffect(() => {
    void fetchCount();
  }, [fetchCount, refreshKey]);

  return (
    <View className="ah-card ah-me__menu">
      <Text className="ah-me__menu-title">秘书处</Text>
      <MenuRow
        title="入会申请审核"
        hint="审核访客的入会申请"
        url="/packages/account/applications/index"
        badge={pending && pending !== '0' ? pending : null}
      />
      <MenuRow title="用户管理" hint="调整角色、停用账号" url="/packages/account/users/index" />
    </View>
  );
}

/** 成果与需求: my organization's publications; coordinators and the secretariat also review. */
function MatchmakingMenu({ role }: { role: MeView['role'] }) {
  return (
    <View className="ah-card ah-me__menu">
      <Text className="ah-me__menu-title">成果与需求</Text>
      <MenuRow title="我的发布" hint="本单位的成果和需求、审核状态" url="/packages/matchmaking/mine/index" />
      {role === 'coordinator' || role === 'secretariat' ? (
        <MenuRow
          title="成果需求审核"
          hint="审核成员提交的成果和需求"
          url="/packages/matchmaking/review/index"
        />
      ) : null}
      {role === 'coordinator' || role === 'secretariat' ? (
        <MenuRow
          title="对接线索"
          hint="成员在详情页点「我感兴趣」登记的线索"
          url="/packages/matchmaking/leads/index"
        />
      ) : null}
    </View>
  );
}

function FollowUpMenu({ user }: { user: MeView }) {
  const due = useTaskBadge(user);
  return (
    <View className="ah-card ah-me__menu">
      <Text className="ah-me__menu-title">跟进</Text>
      <MenuRow
        title="我的待办"
        hint="逾期、今天、本周的跟进事项"
        url={INTERACTION_ROUTES.tasks()}
        badge={due ? String(due) : null}
      />
      <MenuRow title="我的意向" hint="我负责的合作意向，按阶段查看和推进" url={INTENT_ROUTES.mine()} />
      <MenuRow title="意向看板" hint="全部合作意向的阶段看板、表格和导出" url={INTENT_ROUTES.board()} />
      {user.role === 'secretariat' ? (
        <MenuRow title="停滞提醒设置" hint="各阶段多少天没有联系算停滞" url={INTENT_ROUTES.settings()} />
      ) : null}
    </View>
  );
}

function MenuRow({
  title,
  hint,
  url,
  badge,
}: {
  title: string;
  hint: string;
  url: string;
  badge?: string | null;
}) {
  return (
    <View className="ah-me__row" role="link" aria-label={title} onClick={() => void Taro.navigateTo({ url })}>
      <View className="ah-me__row-main">
        <Text className="ah-me__row-title">{title}</Text>
        <Text className="ah-me__row-sub">{hint}</Text>
      </View>
      {badge ? <Text className="ah-me__count">{badge}</Text> : null}
      <Text className="ah-me__row-arrow">›</Text>
    </View>
  );
}
