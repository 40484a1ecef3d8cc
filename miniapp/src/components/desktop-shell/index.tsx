import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, atLeast } from '@alliance-hub/types';
import { useSession } from '../../stores/session-store';
import { DESKTOP_NAV_GROUP_LABELS, DESKTOP_NAV_ITEMS, type DesktopNavItem } from './nav-items';
import './index.scss';

function currentPath(): string {
  return typeof window === 'undefined' ? '' : window.location.pathname;
}

/** The page the browser shows, following Taro's router (it fires on every page change). */
function useCurrentPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    Taro.eventCenter.on('__taroRouterChange', update);
    window.addEventListener('popstate', update);
    return () => {
      Taro.eventCenter.off('__taroRouterChange', update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

function open(item: DesktopNavItem, fromPath: string): void {
  if (item.tab) {
    void Taro.switchTab({ url: item.url });
    return;
  }
  // From a sub-page the side bar replaces it, so desk work does not pile up a back stack.
  const onTab = DESKTOP_NAV_ITEMS.some((i) => i.tab && fromPath.startsWith(i.url));
  if (onTab || fromPath === '/' || fromPath === '') void Taro.navigateTo({ url: item.url });
  else void Taro.redirectTo({ url: item.url });
}

/**
 * The side bar of the H5 build in a desktop browser (≥ 1024 px; CSS hides it below and hides
 * Taro's tab bar above). Rendered once by the app, beside every page.
 */
export function DesktopShell() {
  const session = useSession();
  const path = useCurrentPath();
  const role = session.user?.role ?? null;
  const visible = DESKTOP_NAV_ITEMS.filter((item) => !item.minRole || (role && atLeast(role, item.minRole)));
  const groups = (['main', 'work', 'admin'] as const)
    .map((group) => ({ group, items: visible.filter((item) => item.group === group) }))
    .filter(({ items }) => items.length > 0);
  const activeUrl =
    path === '/' || path === ''
      ? '/pages/index/index'
      : (visible.find((item) => path.startsWith(item.url))?.url ?? null);

  return (
    <View className="ah-desktop-nav" role="navigation" aria-label="主导航">
      <View className="ah-desktop-nav__brand">
        <Text className="ah-desktop-nav__title">联盟通</Text>
        <Text className="ah-desktop-nav__subtitle">产学研联盟对接服务平台</Text>
      </View>
      {groups.map(({ group, items }) => (
        <View key={group} className="ah-desktop-nav__group">
          {DESKTOP_NAV_GROUP_LABELS[group] ? (
            <Text className="ah-desktop-nav__group-label">{DESKTOP_NAV_GROUP_LABELS[group]}</Text>
          ) : null}
          {items.map((item) => (
            <View
              key={item.url}
              className={`ah-desktop-nav__item${item.url === activeUrl ? ' ah-desktop-nav__item--active' : ''}`}
              role="link"
              aria-current={item.url === activeUrl ? 'page' : undefined}
              onClick={() => open(item, path)}
            >
              <Text>{item.label}</Text>
            </View>
          ))}
        </View>
      ))}
      <View className="ah-desktop-nav__user">
        {session.user ? (
          <>
            <Text className="ah-desktop-nav__user-name">{session.user.displayName}</Text>
            <Text className="ah-desktop-nav__user-role">{ROLE_LABELS[session.user.role]}</Text>
          </>
        ) : session.status === 'signed-out' ? (
          <View
            className="ah-desktop-nav__sign-in"
            role="link"
            onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}
          >
            <Text>登录 ›</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
