import PrivacyPopup from '../../../components/privacy-popup'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import PagedList from '../../../components/paged-list'
import { useAction } from '../../../hooks/use-action'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { pickFile } from '../../../services/files'
import { importQuestions, listBankQuestions, retireQuestion } from '../../../services/organizer'
import { ImportProblems, optionLabel, type BankQuestion } from '../../../shared/quiz'
import './index.scss'

const typeNames = { single: '单选', multiple: '多选', judge: '判断' }

interface ImportOutcome {
  message: string
  ok: boolean
  rows: { line: number; reason: string }[]
}

export default function Questions() {
  const bank = usePagedPage<BankQuestion>(listBankQuestions)
  const importing = useAction()
  const retiring = useAction()
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null)
  const [retired, setRetired] = useState<string[]>([])

  const runImport = async () => {
    const file = await pickFile(['csv', 'xlsx'])
    if (!file) return
    await importing.run(() => importQuestions(file.path, file.name), {
      done: ({ imported }) => {
        setOutcome({ ok: true, message: `成功导入 ${imported} 道题。`, rows: [] })
        void bank.refresh()
      },
      failed: (error) => {
        const problems = ImportProblems.safeParse(error.details)
        setOutcome({ ok: false, message: error.message, rows: problems.success ? problems.data.rows : [] })
      },
    })
  }

  const retire = (question: BankQuestion) =>
    retiring.run(() => retireQuestion(question.id), {
      confirm: { title: '停用这道题?', content: '停用后不再出现在答题中,已答过的成绩不受影响。', confirmText: '停用' },
      done: () => setRetired((ids) => [...ids, question.id]),
      failed: (error) => void Taro.showToast({ title: error.message, icon: 'none', duration: 3000 }),
    })

  return (
    <View className='page questions'>
      <PrivacyPopup />
      <View className='questions__import'>
        <Text className='questions__heading'>导入题目</Text>
        <Text className='questions__help'>
          上传 CSV 或 Excel(.xlsx)文件,第一行为表头:题型、题干、选项A~选项F、答案、解析、难度、文章。题型填 单选/多选/判断;答案填字母(如 A 或 ACD),判断题填 对/错;难度填 1~3。任何一行有误时整份文件都不会导入。
        </Text>
        <Button className={`questions__upload ${importing.busy ? 'is-disabled' : ''}`} loading={importing.busy || undefined} disabled={importing.busy || undefined} onClick={runImport}>
          选择文件并导入
        </Button>
        {outcome && (
          <View className={`questions__outcome questions__outcome--${outcome.ok ? 'ok' : 'error'}`} data-testid='import-outcome'>
            <Text>{outcome.message}</Text>
            {outcome.rows.map((row) => (
              <Text key={row.line} className='questions__problem'>
                第 {row.line} 行:{row.reason}
              </Text>
            ))}
          </View>
        )}
      </View>

      <Text className='questions__heading questions__heading--list'>题库(最新在前)</Text>
      <PagedList list={bank} emptyText='题库里还没有题目'>
        {bank.items
          .filter((q) => !retired.includes(q.id))
          .map((question) => (
            <View key={question.id} className='bank-item'>
              <Text className='bank-item__meta'>
                {typeNames[question.type]} · 难度 {question.difficulty}
              </Text>
              <Text className='bank-item__stem'>{question.stem}</Text>
              {question.options.map((option, i) => (
                <Text key={option.key} className={`bank-item__option ${question.answerKeys.includes(option.key) ? 'bank-item__option--answer' : ''}`}>
                  {optionLabel(i)}. {option.text}
                </Text>
              ))}
              <Button className='bank-item__retire' onClick={() => retire(question)}>
                停用
              </Button>
            </View>
          ))}
      </PagedList>
    </View>
  )
}
