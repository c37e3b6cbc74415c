import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { beijingLabel } from '../../../shared/beijing-time'
import { phaseNames, type Round } from '../../../shared/good-people'
import HonoureePicker from './honouree-picker'
import ObjectionsPanel from './objections-panel'
import './round-card.scss'

export type PanelKind = 'honourees' | 'objections'

function phaseHint(round: Round) {
  switch (round.phase) {
    case 'draft':
      return '草稿:居民还看不到。检查无误后点「发布」。'
    case 'upcoming':
      return `已发布,${beijingLabel(round.nominateFrom)} 开始推荐。`
    case 'nominating':
      return '居民正在推荐,请及时审核。'
    case 'reviewing':
      return '推荐已截止,请在点赞开始前审核完。'
    case 'voting':
      return `点赞截止(${beijingLabel(round.voteUntil)})后,可以选定好人并公示。`
    case 'selecting':
      return '点赞已结束,请选定好人并公示。'
    case 'notice':
      return round.noticeOpen && round.noticeEndsAt
        ? `公示到 ${beijingLabel(round.noticeEndsAt)}。公示结束、意见处理完后可以发布好人榜。`
        : '公示已结束。意见处理完后可以发布好人榜。'
    case 'published':
      return round.publishedAt ? `已于 ${beijingLabel(round.publishedAt)} 发布好人榜。` : '已发布好人榜。'
  }
}

interface RoundCardProps {
  round: Round
  panel: PanelKind | null
  onPanel: (kind: PanelKind | null) => void
  onEdit: () => void
  onStep: (step: 'open' | 'publish') => void
  onChanged: () => void
}

/** A round: its times, caps and phase, the next steps for it, and the panel opened under it. */
export default function RoundCard({ round, panel, onPanel, onEdit, onStep, onChanged }: RoundCardProps) {
  const go = (url: string) => Taro.navigateTo({ url: `${url}?roundId=${round.id}` })
  const toggle = (kind: PanelKind) => onPanel(panel === kind ? null : kind)
  return (
    <View className='round-card' data-testid='round-card'>
      <View className='round-card__head'>
        <Text className='round-card__title'>{round.title}</Text>
        <Text className={`round-card__phase round-card__phase--${round.status}`}>{phaseNames[round.phase]}</Text>
      </View>
      <Text className='round-card__line'>
        推荐:{beijingLabel(round.nominateFrom)} 至 {beijingLabel(round.nominateUntil)}
      </Text>
      <Text className='round-card__line'>
        点赞:{beijingLabel(round.voteFrom)} 至 {beijingLabel(round.voteUntil)}
      </Text>
      <Text className='round-card__line'>
        {round.noticeStartsAt && round.noticeEndsAt
          ? `公示:${beijingLabel(round.noticeStartsAt)} 至 ${beijingLabel(round.noticeEndsAt)}`
          : `公示 ${round.noticeDays} 天`}
      </Text>
      <Text className='round-card__line'>
        每人每天点赞 {round.dailyVoteCap} 次,本轮共 {round.roundVoteCap} 次
      </Text>
      <Text className='round-card__line'>推荐类别:{round.categories.join('、')}</Text>
      <Text className='round-card__count'>已通过审核 {round.approvedCount} 条</Text>
      <Text className='round-card__hint'>{phaseHint(round)}</Text>

      <View className='round-card__actions'>
        {round.status === 'draft' && (
          <Button className='round-card__primary' onClick={() => onStep('open')}>
            发布
          </Button>
        )}
        {round.status === 'open' && (
          <Button className='round-card__primary' onClick={() => go('/packages/organizer/review/index')}>
            进入审核
          </Button>
        )}
        {round.phase === 'selecting' && (
          <Button className='round-card__primary' onClick={() => toggle('honourees')}>
            {panel === 'honourees' ? '收起' : '选定好人并公示'}
          </Button>
        )}
        {round.status === 'notice' && (
          <Button className='round-card__primary' onClick={() => toggle('objections')}>
            {panel === 'objections' ? '收起公示意见' : '处理公示意见'}
          </Button>
        )}
        {round.status === 'notice' && !round.noticeOpen && (
          <Button className='round-card__primary' onClick={() => onStep('publish')}>
            发布好人榜
          </Button>
        )}
        {(round.status === 'notice' || round.status === 'published') && (
          <Button className='round-card__secondary' onClick={() => go('/packages/good-people/honours/index')}>
            {round.status === 'notice' ? '查看公示名单' : '查看好人榜'}
          </Button>
        )}
        {round.status === 'notice' && (
          <Button className='round-card__secondary' onClick={() => go('/packages/organizer/review/index')}>
            查看全部推荐
          </Button>
        )}
        {(round.status === 'draft' || round.status === 'open') && (
          <Button className='round-card__secondary' onClick={onEdit}>
            修改
          </Button>
        )}
      </View>

      {panel === 'honourees' && <HonoureePicker round={round} onDone={onChanged} />}
      {panel === 'objections' && <ObjectionsPanel round={round} />}
    </View>
  )
}
