import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { startAttempt, submitAttempt } from '../../../services/quiz'
import { formatCountdown, optionLabel, secondsLeft, type Attempt, type QuizQuestion, type QuizResult } from '../../../shared/quiz'
import './index.scss'

const typeLabels = { single: '单选题', multiple: '多选题(可选多项)', judge: '判断题' }

/** "A、C" for the keys, lettered by where the options stood on screen. */
function lettersFor(question: QuizQuestion, keys: string[]) {
  const letters = question.options.map((o, i) => (keys.includes(o.key) ? optionLabel(i) : null)).filter(Boolean)
  return letters.length ? letters.join('、') : '未作答'
}

function Result({ attempt, result, onAgain }: { attempt: Attempt; result: QuizResult; onAgain: () => void }) {
  return (
    <View className='result'>
      <View className='result__summary'>
        <Text className='result__score' data-testid='quiz-score'>{result.score} 分</Text>
        <Text className='result__line'>
          答对 {result.correctCount} / {result.total} 题
        </Text>
        <Text className='result__line' data-testid='quiz-points'>
          {result.mode === 'practice' ? '练习模式,不计积分' : `获得 ${result.pointsAwarded} 积分`}
        </Text>
      </View>
      {result.review.map((item, index) => {
        const question = attempt.questions.find((q) => q.id === item.questionId)!
        return (
          <View key={item.questionId} className={`review ${item.correct ? 'review--right' : 'review--wrong'}`}>
            <Text className='review__verdict'>
              第 {index + 1} 题 · {item.correct ? '答对了' : '答错了'}
            </Text>
            <Text className='review__stem'>{question.stem}</Text>
            {question.options.map((option, i) => (
              <Text key={option.key} className={`review__option ${item.answerKeys.includes(option.key) ? 'review__option--answer' : ''}`}>
                {optionLabel(i)}. {option.text}
              </Text>
            ))}
            <Text className='review__keys'>
              你的答案:{lettersFor(question, item.yourKeys)} · 正确答案:{lettersFor(question, item.answerKeys)}
            </Text>
            <Text className='review__explanation'>解析:{item.explanation}</Text>
            {item.article && (
              <Text
                className='review__learn'
                onClick={() => Taro.navigateTo({ url: `/packages/quiz/article/index?slug=${item.article!.slug}` })}
              >
                学习原文:《{item.article.title}》›
              </Text>
            )}
          </View>
        )
      })}
      <View className='result__actions'>
        <Button className='result__again' onClick={onAgain}>
          再练一次
        </Button>
        <Button className='result__back' onClick={() => Taro.navigateBack()}>
          返回
        </Button>
      </View>
    </View>
  )
}

export default function Play() {
  const { params } = useRouter()
  const [mode, setMode] = useState(params.mode === 'practice' ? ('practice' as const) : ('scored' as const))
  const [attempt, setAttempt] = useState<Attempt | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [index, setIndex] = useState(0)
  const [answers, setAnswers] = useState<Record<string, string[]>>({})
  const [result, setResult] = useState<QuizResult | null>(null)
  const submitting = useAction()
  const [left, setLeft] = useState(0)
  const deadline = useRef(0)

  const begin = useCallback(async (chosen: 'scored' | 'practice') => {
    setAttempt(null)
    setResult(null)
    setError(null)
    setAnswers({})
    setIndex(0)
    const started = await startAttempt(chosen)
    if (!started.ok) {
      setError(started.error.message)
      return
    }
    deadline.current = Date.now() + started.data.timeLimitSeconds * 1000
    setLeft(started.data.timeLimitSeconds)
    setAttempt(started.data)
  }, [])

  useEffect(() => {
    void begin(mode)
  }, [begin, mode])

  const { run } = submitting
  const submit = useCallback(async () => {
    if (!attempt) return
    await run(() => submitAttempt(attempt.attemptId, attempt.questions.map((q) => ({ questionId: q.id, keys: answers[q.id] ?? [] }))), {
      done: setResult,
      failed: refusedIn('交卷没有成功'),
    })
  }, [attempt, answers, run])

  // The countdown; at zero the answers so far are handed in.
  useEffect(() => {
    if (!attempt || result) return
    const timer = setInterval(() => {
      const seconds = secondsLeft(deadline.current, Date.now())
      setLeft(seconds)
      if (seconds === 0) {
        clearInterval(timer)
        void submit()
      }
    }, 1000)
    return () => clearInterval(timer)
  }, [attempt, result, submit])

  const confirmSubmit = async () => {
    const unanswered = attempt!.questions.filter((q) => !(answers[q.id]?.length)).length
    if (unanswered > 0) {
      const { confirm } = await Taro.showModal({ title: `还有 ${unanswered} 题没有作答`, content: '确定现在交卷吗?', confirmText: '交卷' })
      if (!confirm) return
    }
    void submit()
  }

  if (result && attempt) {
    return (
      <View className='page play'>
        <Result
          attempt={attempt}
          result={result}
          onAgain={() => (mode === 'practice' ? void begin('practice') : setMode('practice'))}
        />
      </View>
    )
  }

  const question = attempt?.questions[index]
  const chosen = question ? (answers[question.id] ?? []) : []
  const choose = (key: string) => {
    if (!question) return
    const next = question.type === 'multiple' ? (chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key]) : [key]
    setAnswers({ ...answers, [question.id]: next })
  }
  const last = attempt ? index === attempt.questions.length - 1 : false

  return (
    <View className='page play'>
      <StatusView loading={!attempt && !error} error={error} onRetry={() => void begin(mode)}>
        {attempt && question && (
          <View className='play__body'>
            <View className='play__bar'>
              <Text className='play__progress'>
                第 {index + 1} / {attempt.questions.length} 题 · {typeLabels[question.type]}
              </Text>
              <Text className={`play__clock ${left <= 30 ? 'play__clock--urgent' : ''}`}>{formatCountdown(left)}</Text>
            </View>
            {attempt.mode === 'practice' && <Text className='play__practice'>练习模式:不计积分</Text>}
            <Text className='play__stem' data-testid='quiz-stem'>{question.stem}</Text>
            <View className='play__options'>
              {question.options.map((option, i) => (
                <View
                  key={option.key}
                  className={`play__option ${chosen.includes(option.key) ? 'play__option--chosen' : ''}`}
                  onClick={() => choose(option.key)}
                  data-testid='quiz-option'
                >
                  <Text className='play__option-label'>{optionLabel(i)}</Text>
                  <Text className='play__option-text'>{option.text}</Text>
                </View>
              ))}
            </View>
            <View className='play__nav'>
              {index > 0 && (
                <Button className='play__prev' onClick={() => setIndex(index - 1)}>
                  上一题
                </Button>
              )}
              {last ? (
                <Button className={`play__next ${submitting.busy ? 'is-disabled' : ''}`} loading={submitting.busy || undefined} disabled={submitting.busy || undefined} onClick={confirmSubmit}>
                  交卷
                </Button>
              ) : (
                <Button className={`play__next ${chosen.length === 0 ? 'is-disabled' : ''}`} disabled={chosen.length === 0 || undefined} onClick={() => setIndex(index + 1)}>
                  下一题
                </Button>
              )}
            </View>
          </View>
        )}
      </StatusView>
    </View>
  )
}
