// The paths only organisers and admins call: imported by the services of the organisers' subpackages
// (src/services/organizer.ts and the like) and the route tables, kept apart from src/shared/paths.ts
// so that the main package, which imports that, does not carry them. Relative to `/api` likewise.

export const activitiesOrganizerPaths = {
  cancel: '/activities/:activityId/cancel',
  checkin: '/activities/:activityId/checkin',
  hours: '/activities/:activityId/hours',
  roster: '/activities/:activityId/roster',
  rosterWorkbook: '/activities/:activityId/roster.xlsx',
} as const

export const familiesOrganizerPaths = {
  progress: '/families/progress',
  progressWorkbook: '/families/progress.xlsx',
} as const

export const goodPeopleOrganizerPaths = {
  roundOpen: '/selections/:roundId/open',
  roundNotice: '/selections/:roundId/notice',
  roundPublish: '/selections/:roundId/publish',
  objections: '/selections/:roundId/objections',
  reviewQueue: '/nominations/review-queue',
  review: '/nominations/:nominationId/review',
  merge: '/nominations/:nominationId/merge',
  resolveObjection: '/nominations/objections/:objectionId/resolve',
} as const

export const quizOrganizerPaths = {
  questions: '/quiz/questions',
  questionsImport: '/quiz/questions/import',
  questionRetire: '/quiz/questions/:questionId/retire',
} as const

export const rewardsOrganizerPaths = {
  verify: '/rewards/redemptions/verify',
} as const

export const announcementsOrganizerPaths = {
  manage: '/announcements/manage',
  publish: '/announcements/:announcementId/publish',
  unpublish: '/announcements/:announcementId/unpublish',
} as const

export const adminPaths = {
  roles: '/admin/roles',
  role: '/admin/roles/:roleId',
  units: '/admin/units',
  users: '/admin/users',
} as const

export const statsPaths = {
  scopes: '/stats/scopes',
  dashboard: '/stats/dashboard',
  assessmentWorkbook: '/stats/export.xlsx',
  ledgerCsv: '/stats/ledger.csv',
} as const
