import * as z from 'zod/mini'

/**
 * Every error code the API answers with. Generic codes come from the HTTP contract; domain codes
 * are raised by the database functions (`raise exception '<code>'`) and refuse with 409.
 */
export const errorCodes = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'rate_limited',
  'internal',
  'unavailable',
  'login_failed',
  'wechat_unavailable',
  'community_not_found',
  'invalid_display_name',
  'daily_limit_reached',
  'already_submitted',
  'attempt_expired',
  'quiz_unavailable',
  'insufficient_points',
  'out_of_stock',
  'already_verified',
  'duplicate_question',
  'signup_closed',
  'already_signed_up',
  'cancel_not_allowed',
  'invalid_ticket',
  'wrong_activity',
  'already_checked_in',
  'checkin_not_open',
  'not_checked_in',
  'already_checked_out',
  'activity_cancelled',
  'capacity_below_confirmed',
  'hours_exceed_activity',
  'invalid_join_code',
  'already_bound',
  'already_in_family',
  'invalid_invite',
  'self_invite',
  'student_cannot_join',
  'invite_too_deep',
  'not_guardian',
  'poster_unavailable',
] as const

export type ErrorCode = (typeof errorCodes)[number]

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBody>

/** Plain words for people, shown when something goes wrong; each says what to do next. */
export const errorMessages: Record<ErrorCode, string> = {
  invalid_request: '填写的内容有误,请检查后再提交。',
  unauthorized: '登录已过期,请重新进入小程序。',
  forbidden: '您没有权限进行这个操作。',
  not_found: '没有找到相关内容,它可能已被删除。',
  method_not_allowed: '暂不支持这个操作。',
  rate_limited: '操作太频繁了,请稍等一会儿再试。',
  internal: '系统出了点问题,请稍后再试。',
  unavailable: '服务暂时不可用,请稍后再试。',
  login_failed: '登录没有成功,请退出小程序后重新进入。',
  wechat_unavailable: '微信登录服务暂时不可用,请稍后再试。',
  community_not_found: '没有找到这个社区,请重新选择。',
  invalid_display_name: '签名请填写 1 到 20 个字。',
  daily_limit_reached: '今天的计分答题次数已用完,可以继续练习,明天再来赚积分。',
  already_submitted: '这份答卷已经交过了,请查看成绩。',
  attempt_expired: '答题时间已到,这份答卷不能再提交了,请重新开始。',
  quiz_unavailable: '题库暂时没有题目,请稍后再来。',
  insufficient_points: '积分不够兑换这个奖品,多答题攒积分吧。',
  out_of_stock: '这个奖品已经兑完了,请看看别的奖品。',
  already_verified: '这个兑换码已经核销过了,不能重复领取。',
  duplicate_question: '有题目与题库中已有的题目重复,请删去重复的题目后再导入。',
  signup_closed: '这个活动的报名已经截止了,请看看其他活动。',
  already_signed_up: '您已经报名了这个活动,可以在「我的活动」里查看。',
  cancel_not_allowed: '这个活动现在不能取消报名了,如有特殊情况请联系组织者。',
  invalid_ticket: '这张签到码无效,请让居民打开小程序里的报名凭证再扫。',
  wrong_activity: '这张签到码属于另一个活动,请核对活动。',
  already_checked_in: '这位居民已经签到过了。',
  checkin_not_open: '现在不在签到时间内(活动开始前 30 分钟至活动结束)。',
  not_checked_in: '这位居民还没有签到,请先签到。',
  already_checked_out: '这位居民已经签退过了。',
  activity_cancelled: '这个活动已经取消了。',
  capacity_below_confirmed: '名额不能少于已确认报名的人数。',
  hours_exceed_activity: '补录的时长不能超过活动本身的时长。',
  invalid_join_code: '班级码不对,请向班主任核对 6 位班级码。',
  already_bound: '你已经加入了班级,如需更换请联系学校老师。',
  already_in_family: '你已经作为家人加入了一位同学的家庭,不能再作为学生加入班级。',
  invalid_invite: '这个邀请已经失效了,请让邀请人重新分享。',
  self_invite: '不能接受自己发出的邀请。',
  student_cannot_join: '学生不能作为家人加入别人的家庭,请邀请你的家人加入。',
  invite_too_deep: '邻居邀请的朋友不计入小手牵大手,但欢迎直接参加文明创建。',
  not_guardian: '只有通过孩子邀请加入的家人才能作为家长确认。',
  poster_unavailable: '邀请海报暂时生成不了,请先用「分享邀请给家人」。',
}

export function isErrorCode(code: string): code is ErrorCode {
  return (errorCodes as readonly string[]).includes(code)
}
