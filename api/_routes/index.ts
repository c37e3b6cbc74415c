import {
  accountPaths,
  activitiesPaths,
  adminPaths,
  announcementsPaths,
  cronPaths,
  familiesPaths,
  goodPeoplePaths,
  healthPaths,
  pledgePaths,
  quizPaths,
  rewardsPaths,
  statsPaths,
  wechatPaths,
} from '../../src/shared/paths'
import type { Area } from '../_lib/handler'

/** The API's areas: the paths of each and its route table, loaded when first asked for. */
export const areas: Area[] = [
  { paths: [healthPaths], load: () => import('./health') },
  { paths: [accountPaths, adminPaths], load: () => import('./account') },
  { paths: [pledgePaths], load: () => import('./pledge') },
  { paths: [quizPaths], load: () => import('./quiz') },
  { paths: [rewardsPaths], load: () => import('./rewards') },
  { paths: [activitiesPaths], load: () => import('./activities') },
  { paths: [familiesPaths], load: () => import('./families') },
  { paths: [goodPeoplePaths], load: () => import('./good-people') },
  { paths: [announcementsPaths], load: () => import('./announcements') },
  { paths: [statsPaths], load: () => import('./stats') },
  { paths: [cronPaths], load: () => import('./cron') },
  { paths: [wechatPaths], load: () => import('./wechat') },
]
