export default defineAppConfig({
  pages: ['pages/index/index', 'pages/activities/index', 'pages/good-people/index', 'pages/quiz/index', 'pages/me/index', 'pages/pledge/index'],
  subPackages: [
    {
      root: 'packages/quiz',
      pages: ['play/index', 'leaderboard/index', 'learn/index', 'article/index', 'rewards/index', 'points/index'],
    },
    {
      root: 'packages/activities',
      pages: ['detail/index', 'ticket/index', 'mine/index'],
    },
    {
      root: 'packages/families',
      pages: ['card/index', 'bind/index', 'join/index', 'rankings/index'],
    },
    {
      root: 'packages/good-people',
      pages: ['story/index', 'nominate/index', 'mine/index', 'honours/index'],
    },
    {
      root: 'packages/account',
      pages: ['data/index', 'policy/index', 'agreement/index'],
    },
    {
      root: 'packages/announcements',
      pages: ['list/index', 'detail/index'],
    },
    {
      root: 'packages/organizer',
      pages: ['index/index', 'verify/index', 'questions/index', 'activity-edit/index', 'roster/index', 'families/index', 'rounds/index', 'review/index', 'announcements/index', 'roles/index'],
    },
    // 参与统计 alone: its F2 charts are ≈ 450 KB, so only opening this page downloads them (≤ 500 KB a package).
    {
      root: 'packages/dashboard',
      pages: ['index'],
    },
  ],
  window: {
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '文明创建',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f1ea',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#5c5c5c',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab-home.png',
        selectedIconPath: 'assets/tab-home-active.png',
      },
      {
        pagePath: 'pages/activities/index',
        text: '活动',
        iconPath: 'assets/tab-activities.png',
        selectedIconPath: 'assets/tab-activities-active.png',
      },
      {
        pagePath: 'pages/good-people/index',
        text: '好人',
        iconPath: 'assets/tab-good-people.png',
        selectedIconPath: 'assets/tab-good-people-active.png',
      },
      {
        pagePath: 'pages/quiz/index',
        text: '答题',
        iconPath: 'assets/tab-quiz.png',
        selectedIconPath: 'assets/tab-quiz-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab-me.png',
        selectedIconPath: 'assets/tab-me-active.png',
      },
    ],
  },
  // Privacy APIs wait for the user's consent, asked by components/privacy-popup.
  __usePrivacyCheck__: true,
  // Location APIs must be declared (the organisers' map picker).
  requiredPrivateInfos: ['chooseLocation'],
})
