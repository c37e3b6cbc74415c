import {
  activitiesOrganizerPaths,
  adminPaths,
  announcementsOrganizerPaths,
  familiesOrganizerPaths,
  goodPeopleOrganizerPaths,
  quizOrganizerPaths,
  rewardsOrganizerPaths,
  statsPaths,
} from '../../src/shared/organizer-paths'
import {
  accountPaths,
  activitiesPaths,
  announcementsPaths,
  cronPaths,
  familiesPaths,
  goodPeoplePaths,
  healthPaths,
  pledgePaths,
  quizPaths,
  rewardsPaths,
  wechatPaths,
} from '../../src/shared/paths'
import type { Area } from '../_lib/handler'

/** The API's areas: the paths of each and its route table, loaded when first asked for. */
export const areas: Area[] = [
  { paths: [healthPaths], load: () => import('./health') },
  { paths: [accountPaths, adminPaths], load: () => import('./account') },
  { paths: [pledgePaths], load: () => import('./pledge') },
  { paths: [quizPaths, quizOrganizerPaths], load: () => import('./quiz') },
  { paths: [rewardsPaths, rewardsOrganizerPaths], load: () => import('./rewards') },
  { paths: [activitiesPaths, activitiesOrganizerPaths], load: () => import('./activities') },
  { paths: [familiesPaths, familiesOrganizerPaths], load: () => import('./families') },
  { paths: [goodPeoplePaths, goodPeopleOrganizerPaths], load: () => import('./good-people') },
  { paths: [announcementsPaths, announcementsOrganizerPaths], load: () => import('./announcements') },
  { paths: [statsPaths], load: () => import('./stats') },
  { paths: [cronPaths], load: () => import('./cron') },
  { paths: [wechatPaths], load: () => import('./wechat') },
]
