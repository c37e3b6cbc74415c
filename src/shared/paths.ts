// Every path of the API, once, relative to its base (`/api`: TARO_APP_API_BASE on the client; the
// server's route() adds it). The services call these paths, the route tables in api/_routes serve them
// as path-to-regexp patterns, and tests/unit/routing.test.ts checks vercel.json against the tables.
// The paths only organisers and admins call are in organizer-paths.ts, out of the main package.

export const accountPaths = {
  login: '/auth/login',
  me: '/me',
  myData: '/me/data',
  myDataWorkbook: '/me/data.xlsx',
  children: '/me/children',
  child: '/me/children/:childId',
  childData: '/me/children/:childId/data',
  childDataWorkbook: '/me/children/:childId/data.xlsx',
  communities: '/communities',
  schools: '/schools',
} as const

export const pledgePaths = {
  pledge: '/pledge',
  signatures: '/pledge/signatures',
} as const

export const quizPaths = {
  status: '/quiz/status',
  attempts: '/quiz/attempts',
  submit: '/quiz/attempts/:attemptId/submit',
  leaderboard: '/quiz/leaderboard',
  articles: '/learn/articles',
  article: '/learn/articles/:slug',
} as const

export const rewardsPaths = {
  points: '/points',
  rewards: '/rewards',
  redeem: '/rewards/:rewardId/redeem',
  redemptions: '/rewards/redemptions',
} as const

export const activitiesPaths = {
  activities: '/activities',
  mine: '/activities/mine',
  activity: '/activities/:activityId',
  signup: '/activities/:activityId/signup',
  ticket: '/activities/:activityId/ticket',
} as const

export const familiesPaths = {
  student: '/families/student',
  card: '/families/me',
  poster: '/families/me/poster',
  invite: '/families/invites/:code',
  join: '/families/join',
  consent: '/families/consent',
  rankings: '/families/rankings',
} as const

export const goodPeoplePaths = {
  rounds: '/selections',
  round: '/selections/:roundId',
  honours: '/selections/:roundId/honours',
  categories: '/nominations/categories',
  nominations: '/nominations',
  photos: '/nominations/photos',
  mine: '/nominations/mine',
  nomination: '/nominations/:nominationId',
  votes: '/nominations/:nominationId/votes',
  object: '/nominations/:nominationId/objections',
} as const

export const announcementsPaths = {
  announcements: '/announcements',
  unreadCount: '/announcements/unread-count',
  announcement: '/announcements/:announcementId',
} as const

// Called by others than the app: the scheduler (vercel.json "crons"), WeChat's servers, monitors.
export const cronPaths = {
  reminders: '/cron/reminders',
  stats: '/cron/stats',
} as const
export const wechatPaths = { push: '/wechat/push' } as const
export const healthPaths = { health: '/health' } as const

/** The names of a pattern's `:params`: `'/a/:x/b/:y'` → `'x' | 'y'`. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never

/** A pattern with its params filled in, each encoded: `pathTo(activitiesPaths.signup, { activityId })`. */
export function pathTo<P extends string>(pattern: P, params: Record<ParamNames<P>, string | number>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name as ParamNames<P>])))
}
