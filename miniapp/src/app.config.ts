export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/directory/index',
    'pages/matchmaking/index',
    'pages/me/index',
    // Where unknown addresses land (app.tsx's onPageNotFound); a few KB in the main package.
    'pages/not-found/index',
  ],
  // Feature screens live in subpackages so the main package stays far below WeChat's 2 MB limit.
  subPackages: [
    {
      root: 'packages/account',
      pages: [
        'apply/index',
        'sessions/index',
        'applications/index',
        'users/index',
        'web-login/index',
        'audit/index',
      ],
    },
    {
      root: 'packages/directory',
      pages: ['org/index', 'person/index', 'org-edit/index', 'person-edit/index', 'import/index'],
    },
    { root: 'packages/cards', pages: ['my-card/index', 'swap/index', 'contacts/index', 'requests/index'] },
    {
      root: 'packages/events',
      pages: ['list/index', 'detail/index', 'edit/index', 'entry/index', 'door/index', 'attendees/index'],
    },
    { root: 'packages/interactions', pages: ['log/index', 'tasks/index'] },
    {
      root: 'packages/matchmaking',
      pages: [
        'detail/index',
        'achievement-edit/index',
        'demand-edit/index',
        'mine/index',
        'review/index',
        'pick/index',
        'leads/index',
        'synonyms/index',
      ],
    },
    {
      root: 'packages/intents',
      pages: ['mine/index', 'board/index', 'detail/index', 'edit/index', 'org/index', 'settings/index'],
    },
    // The charts library (F2) lives only here, so the main package stays within budget.
    { root: 'packages/stats', pages: ['dashboard/index', 'records/index', 'targets/index'] },
  ],
  window: {
    navigationBarBackgroundColor: '#1f5aa6',
    navigationBarTitleText: '联盟通',
    navigationBarTextStyle: 'white',
    // H5 shows Taro's title bar (title, back or home) only when asked; the mini-program always does.
    navigationStyle: 'default',
    backgroundColor: '#f4f6f9',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#8a94a6',
    selectedColor: '#1f5aa6',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/directory/index',
        text: '名录',
        iconPath: 'assets/tabbar/directory.png',
        selectedIconPath: 'assets/tabbar/directory-active.png',
      },
      {
        pagePath: 'pages/matchmaking/index',
        text: '对接',
        iconPath: 'assets/tabbar/matchmaking.png',
        selectedIconPath: 'assets/tabbar/matchmaking-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tabbar/me.png',
        selectedIconPath: 'assets/tabbar/me-active.png',
      },
    ],
  },
});
